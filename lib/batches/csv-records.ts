// Streaming CSV records for batch uploads, read by csv-parse (Node only: it is a stream.Transform) from the upload's
// bytes. One record at a time is held, so a 200 MiB file is read in constant memory. Lines are the 1-based physical lines of the file; a
// record that spans lines (newlines inside quotes) is reported at the line where it starts.
import { CsvError, parse, type InfoRecord, type Parser } from 'csv-parse';
import { detectCsvDelimiter, findHeaderEnd } from './csv-delimiter';
import { DEFAULT_MAX_LINE_LENGTH, describeTooLong, type ByteSource, type ReadOptions } from './parse';
import { checkUtf8Chunks } from './utf8-chunks';

export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

function countChar(fields: string[], char: string): number {
  let count = 0;
  for (const field of fields) for (let i = field.indexOf(char); i !== -1; i = field.indexOf(char, i + 1)) count += 1;
  return count;
}

/**
 * Turns csv-parse's records into ours. Its line counter (`info.lines`, the line where a record ends) counts a CR
 * inside a quoted field as a line break of its own, so a cell holding "a\r\nb" would push every later line number
 * one too far: those CRs are taken off again, and a record's first line is its last minus the LFs inside it.
 */
function createRecordCollector() {
  const records: CsvRecord[] = [];
  let carriageReturns = 0;
  let lastLine = 0;
  const onRecord = (fields: string[], info: InfoRecord): null => {
    carriageReturns += countChar(fields, '\r');
    lastLine = info.lines - carriageReturns;
    // A blank line is one empty field: skipped, as before.
    if (fields.length > 1 || fields[0] !== '') records.push({ line: lastLine - countChar(fields, '\n'), fields });
    return null; // collected here, so records and errors stay in file order without going through the stream
  };
  return { records, onRecord, nextLine: () => lastLine + 1 };
}

/** csv-parse stops at these two; every other oddity is read leniently (see the options below). */
function describeParseError(error: unknown, line: number, max: number): string {
  if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') return `a quoted field starting on line ${line} is never closed`;
  if (error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE') return `${describeTooLong(max)}; the lines after it were not read`;
  throw error;
}

function createParser(delimiter: string, max: number, onRecord: ReturnType<typeof createRecordCollector>['onRecord']): Parser {
  return parse({
    delimiter,
    bom: true, // Excel's "CSV UTF-8" starts with one
    relax_quotes: true, // a stray quote inside an unquoted field (5" screen) is text, as spreadsheets read it
    record_delimiter: ['\r\n', '\n'], // both, also in one file: rows added in a text editor to an Excel export
    relax_column_count: true, // rows.ts reports a row with the wrong number of cells, in its own words
    max_record_size: max, // bounds memory; csv-parse counts the field being read in UTF-8 bytes
    on_record: onRecord,
  });
}

/** Runs one write (or the end) through the parser; csv-parse calls back synchronously, errors come as the callback's. */
function feed(parser: Parser, bytes: Buffer | null): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.once('error', reject);
    const done = () => {
      parser.off('error', reject);
      resolve();
    };
    const settle = (error?: Error | null) => (error ? reject(error) : done());
    if (bytes === null) parser.end(settle);
    else parser.write(bytes, settle);
  });
}

/**
 * RFC 4180 records as spreadsheets write them: comma, semicolon or tab (picked from the header line), quoted fields
 * with `""`, delimiters and newlines inside, LF or CRLF, a UTF-8 byte order mark. Blank lines are skipped. Errors: a
 * quote never closed, a record over the length limit; csv-parse cannot go on after either, so they end the file.
 */
export async function* readCsvRecords(source: ByteSource, options: ReadOptions = {}): AsyncGenerator<CsvRecord> {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const collector = createRecordCollector();
  let parser: Parser | null = null;
  const head: Buffer[] = []; // bytes read before the header line is complete
  const startParser = async () => {
    const bytes = Buffer.concat(head);
    const started = createParser(detectCsvDelimiter(new TextDecoder().decode(bytes)), max, collector.onRecord);
    if (bytes.length > 0) await feed(started, bytes);
    return started;
  };
  try {
    for await (const chunk of checkUtf8Chunks(source, options.onBytes)) {
      if (parser !== null) await feed(parser, chunk);
      else {
        head.push(chunk);
        const headText = new TextDecoder().decode(Buffer.concat(head)); // a short header: the first chunk holds it
        if (findHeaderEnd(headText) === -1 && headText.length <= max) continue;
        parser = await startParser();
      }
      yield* collector.records.splice(0);
    }
    parser ??= await startParser();
    await feed(parser, null);
    yield* collector.records.splice(0);
  } catch (error) {
    const line = collector.nextLine();
    const message = describeParseError(error, line, max);
    yield* collector.records.splice(0);
    yield { line, error: message };
  }
}
