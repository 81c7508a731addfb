// The team's tree uploads (seed prompts, model replies) read line by line with the batch upload's streamed readers
// (lib/batches: JSONL, and CSV/TSV with a header row), bounded in bytes and lines. Pure over the bytes: each line
// becomes a flat record of strings/values, or its line-numbered problem. Isomorphic apart from csv-parse (Node).
import { AppError } from '@/lib/errors';
import { readCsvRecords } from '@/lib/batches/csv-records';
import { readJsonlRecords, type ByteSource } from '@/lib/batches/parse';

export type UploadFormat = 'jsonl' | 'csv';
export type LineError = { line: number; reason: string };
export type UploadRecord = { line: number; value: Record<string, unknown> };

/** Tree upload files are a project's prompts or replies, read whole before anything is stored: this bounds memory. */
export const MAX_TREE_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Lines a single upload may hold; more is refused before anything is stored (split the file). */
export const MAX_TREE_UPLOAD_LINES = 10_000;
/** Problems listed in an answer; the count says how many there were in all. */
export const MAX_REPORTED_ERRORS = 1_000;

/** JSONL / CSV / TSV by the file's name; null for anything else. */
export function uploadFormatOf(fileName: string): UploadFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return null;
}

/**
 * Every line of the file as a record (CSV rows keyed by their header, cells as strings) or a line error. A file
 * over `maxBytes` or `maxLines` fails whole with INVALID_INPUT, so nothing of it is stored.
 */
export async function readUploadRecords(
  source: ByteSource,
  format: UploadFormat,
  limits: { maxBytes?: number; maxLines?: number } = {},
): Promise<{ records: UploadRecord[]; errors: LineError[] }> {
  const maxBytes = limits.maxBytes ?? MAX_TREE_UPLOAD_BYTES;
  const maxLines = limits.maxLines ?? MAX_TREE_UPLOAD_LINES;
  let bytesRead = 0;
  const onBytes = (bytes: number) => {
    bytesRead += bytes;
    if (bytesRead > maxBytes) throw new AppError('INVALID_INPUT', `The file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MiB: split it into several uploads.`);
  };
  const records: UploadRecord[] = [];
  const errors: LineError[] = [];
  const count = () => {
    if (records.length + errors.length > maxLines) throw new AppError('INVALID_INPUT', `The file has more than ${maxLines.toLocaleString('en-US')} lines: split it into several uploads.`);
  };
  if (format === 'jsonl') {
    for await (const record of readJsonlRecords(source, { onBytes })) {
      if ('error' in record) errors.push({ line: record.line, reason: record.error });
      else records.push(record);
      count();
    }
    return { records, errors };
  }
  let header: string[] | null = null;
  for await (const record of readCsvRecords(source, { onBytes })) {
    if ('error' in record) {
      errors.push({ line: record.line, reason: record.error });
    } else if (header === null) {
      header = record.fields.map((name) => name.trim());
      continue;
    } else if (record.fields.length !== header.length) {
      errors.push({ line: record.line, reason: `${record.fields.length} cells, but the header has ${header.length}` });
    } else {
      records.push({ line: record.line, value: Object.fromEntries(header.map((name, i) => [name, record.fields[i]])) });
    }
    count();
  }
  return { records, errors };
}

/** A zod-ish issue list in one readable reason: `prompt: Required; lang: ...`. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** Keeps the first MAX_REPORTED_ERRORS problems, in line order. */
export function reportedErrors(errors: LineError[]): LineError[] {
  return [...errors].sort((a, b) => a.line - b.line).slice(0, MAX_REPORTED_ERRORS);
}
