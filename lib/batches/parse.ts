// Streaming JSONL and CSV readers for batch uploads. Isomorphic and pure: they hold one line (or one CSV record) at a
// time, so a 200 MiB file is read in constant memory. Line numbers are 1-based physical lines of the file; a CSV
// record that spans lines (newlines inside quotes) is reported at the line where it starts.
import { AppError } from '@/lib/errors';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Longest line (JSONL) or record (CSV) accepted, in characters: nine 50k-character responses fit with room to spare. */
export const DEFAULT_MAX_LINE_LENGTH = 1_000_000;

export type JsonlRecord = { line: number; value: Record<string, unknown> } | { line: number; error: string };
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

export interface ReadOptions {
  maxLineLength?: number;
  /** Called with the size of every chunk read, before it is decoded (used for the upload size limit). */
  onBytes?: (bytes: number) => void;
}

function isAsyncIterable(source: ByteSource): source is AsyncIterable<Uint8Array> {
  return typeof (source as Partial<AsyncIterable<Uint8Array>>)[Symbol.asyncIterator] === 'function';
}

async function* readSource(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (isAsyncIterable(source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The source's chunks; a failing source (client gone mid-upload) becomes a problem the requester can act on. */
async function* iterateBytes(source: ByteSource): AsyncGenerator<Uint8Array> {
  const chunks = readSource(source);
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await chunks.next();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('INVALID_INPUT', 'The upload stopped before the end of the file. Please try again.', { cause: error });
    }
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Decodes UTF-8 chunk by chunk; the decoder keeps a character split across two chunks until its last byte arrives.
 * The byte order mark is dropped (TextDecoder's default). Invalid UTF-8 fails the whole file: a replacement character
 * silently written into a training set is worse than a clear refusal.
 */
export async function* decodeUtf8(source: ByteSource, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of iterateBytes(source)) {
      onBytes?.(chunk.byteLength);
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof TypeError && /encoded|decode/i.test(error.message)) {
      throw new AppError('INVALID_INPUT', 'The file is not valid UTF-8 text. Save it as UTF-8 and upload it again.');
    }
    throw error;
  }
}

function describeTooLong(max: number): string {
  return `the line is longer than ${max.toLocaleString('en-US')} characters`;
}

function parseJsonLine(text: string, line: number): JsonlRecord | null {
  if (text.trim() === '') return null;
  if (nestsDeeperThan(text)) return { line, error: `the JSON nests more than ${MAX_JSON_DEPTH} levels deep` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `invalid JSON: ${error instanceof Error ? error.message : 'cannot be parsed'}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, error: 'each line must be one JSON object ({...})' };
  }
  return { line, value: value as Record<string, unknown> };
}

/** One JSON object per line; blank lines are skipped; CRLF is fine (JSON ignores the trailing \r). */
export async function* readJsonlRecords(source: ByteSource, options: ReadOptions = {}): AsyncGenerator<JsonlRecord> {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  let carry = '';
  let isTooLong = false;
  let line = 0;
  for await (const text of decodeUtf8(source, options.onBytes)) {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) {
        const rest = text.slice(start);
        if (!isTooLong && carry.length + rest.length > max) {
          isTooLong = true;
          carry = '';
        } else if (!isTooLong) carry += rest;
        break;
      }
      line += 1;
      const piece = text.slice(start, newline);
      start = newline + 1;
      if (isTooLong || carry.length + piece.length > max) {
        isTooLong = false;
        carry = '';
        yield { line, error: describeTooLong(max) };
        continue;
      }
      const record = parseJsonLine(carry + piece, line);
      carry = '';
      if (record) yield record;
    }
  }
  if (isTooLong) yield { line: line + 1, error: describeTooLong(max) };
  else if (carry !== '') {
    const record = parseJsonLine(carry, line + 1);
    if (record) yield record;
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 records: comma-separated, fields may be quoted, `""` is a quote inside a quoted field, quoted fields may
 * hold commas and newlines. Tolerated: LF or CRLF line ends, a stray quote inside an unquoted field (kept as is).
 * Blank lines are skipped. Errors: text after a closing quote, a quote never closed, a record over the length limit.
 */
export async function* readCsvRecords(source: ByteSource, options: ReadOptions = {}): AsyncGenerator<CsvRecord> {
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
