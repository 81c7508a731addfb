// The hand-written CSV reader that lib/batches used before csv-parse (lib/batches/parse.ts at 1e7118f), kept only so
// bench/csv-parse.mjs can compare the two on the same bytes. Not used by the app.
import { DEFAULT_MAX_LINE_LENGTH, decodeUtf8, describeTooLong, type ByteSource, type ReadOptions } from '../../lib/batches/parse';
import type { CsvRecord } from '../../lib/batches/csv-records';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 records: comma-separated, fields may be quoted, `""` is a quote inside a quoted field, quoted fields may
 * hold commas and newlines. Tolerated: LF or CRLF line ends, a stray quote inside an unquoted field (kept as is).
 * Blank lines are skipped. Errors: text after a closing quote, a quote never closed, a record over the length limit.
 */
export async function* readCsvRecordsByHand(source: ByteSource, options: ReadOptions = {}): AsyncGenerator<CsvRecord> {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  let fields: string[] = [];
  let field = '';
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start';
  let line = 1; // physical line being read
  let recordLine = 1;
  let recordLength = 0;
  let error: string | null = null;

  const append = (text: string) => {
    if (error !== null || text === '') return;
    recordLength += text.length;
    if (recordLength > max) {
      error = describeTooLong(max);
      fields = [];
      field = '';
    } else field += text;
  };
  const endField = () => {
    if (error === null) fields.push(field);
    field = '';
    state = 'start';
  };
  const endRecord = (): CsvRecord | null => {
    endField();
    const record: CsvRecord | null =
      error !== null
        ? { line: recordLine, error }
        : fields.length === 1 && fields[0] === ''
          ? null
          : { line: recordLine, fields };
    fields = [];
    error = null;
    recordLength = 0;
    return record;
  };

  for await (const text of decodeUtf8(source, options.onBytes)) {
    let segment = 0; // start of the not-yet-appended text of the current field
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (state === 'quoted') {
        if (code === QUOTE) {
          append(text.slice(segment, i));
          state = 'closed';
        } else if (code === LF) line += 1;
        continue;
      }
      if (state === 'closed') {
        if (code === QUOTE) {
          append('"'); // "" inside quotes
          state = 'quoted';
          segment = i + 1;
          continue;
        }
        if (code !== COMMA && code !== LF && code !== CR) {
          error ??= 'unexpected text after a closing quote (write a quote inside a quoted field as "")';
          state = 'unquoted';
          segment = i;
          continue;
        }
      }
      if (state === 'start' && code === QUOTE) {
        state = 'quoted';
        segment = i + 1;
        continue;
      }
      if (state === 'start') {
        state = 'unquoted';
        segment = i;
      }
      // unquoted, or just after a closing quote: look for the end of the field
      if (code === COMMA) {
        if (state === 'unquoted') append(text.slice(segment, i));
        endField();
      } else if (code === CR) {
        if (state === 'unquoted') append(text.slice(segment, i));
        segment = i + 1; // a CR before LF is dropped
      } else if (code === LF) {
        if (state === 'unquoted') append(text.slice(segment, i));
        line += 1;
        const record = endRecord();
        recordLine = line;
        if (record) yield record;
      }
    }
    if (state === 'quoted' || state === 'unquoted') append(text.slice(segment));
  }
  if (state === 'quoted') {
    yield { line: recordLine, error: `a quoted field starting on line ${recordLine} is never closed` };
    return;
  }
  if (fields.length > 0 || field !== '' || state !== 'start' || error !== null) {
    const record = endRecord();
    if (record) yield record;
  }
}
