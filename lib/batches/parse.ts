// Streaming JSONL reader for batch uploads, and the byte and UTF-8 plumbing that the CSV reader (csv-records.ts)
// shares. Isomorphic and pure: it holds one line at a time, so a 200 MiB file is read in constant memory. Line
// numbers are 1-based physical lines of the file.
import { AppError } from '@/lib/errors';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Longest line (JSONL) or record (CSV) accepted, in characters: nine 50k-character responses fit with room to spare. */
export const DEFAULT_MAX_LINE_LENGTH = 1_000_000;

export type JsonlRecord = { line: number; value: Record<string, unknown> } | { line: number; error: string };

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
export async function* iterateBytes(source: ByteSource): AsyncGenerator<Uint8Array> {
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

export const NOT_UTF8_MESSAGE = 'The file is not valid UTF-8 text. Save it as UTF-8 and upload it again.';

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
      throw new AppError('INVALID_INPUT', NOT_UTF8_MESSAGE);
    }
    throw error;
  }
}

export function describeTooLong(max: number): string {
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
