// Tests only (its readers are devDependencies): reads a Parquet file back with an implementation independent of the
// writer (parquet-wasm, i.e. the Rust arrow-rs reader, into Apache Arrow JS), and the JSON rows it should hold,
// normalised as Parquet stores them.
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import { readParquet } from 'parquet-wasm/node';
import type { ValueType } from './schema';

const bigintToNumber = (_key: string, value: unknown) => (typeof value === 'bigint' ? Number(value) : value);

/** Column name → Arrow type text, and the rows as plain JSON (Arrow vectors and struct rows turned into arrays and objects). */
export function readParquetIndependently(bytes: Uint8Array): { columns: Record<string, string>; rows: Record<string, unknown>[]; numRowGroups: number } {
  const parquet = readParquet(bytes);
  const table = tableFromIPC(parquet.intoIPCStream());
  const columns = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
  const rows = JSON.parse(JSON.stringify(table.toArray(), bigintToNumber)) as Record<string, unknown>[];
  // Arrow batches are the reader's (1,024 rows), not row groups: those come from the footer.
  const numRowGroups = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer).row_groups.length;
  return { columns, rows, numRowGroups };
}

/** What a JSON value looks like read back from a column of `type`: absent keys as null, JSON-text columns as text. */
function toStoredValue(value: unknown, type: ValueType): unknown {
  if (value === null || value === undefined) return null;
  if (type.kind === 'json') return JSON.stringify(value);
  if (type.kind === 'list') return (value as unknown[]).map((v) => toStoredValue(v, type.element));
  if (type.kind === 'struct') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries([...type.fields].map(([key, t]) => [key, toStoredValue(record[key], t)]));
  }
  return value;
}

/** What a JSONL row looks like once stored under `row` and read back. */
export function toStoredRow(jsonRow: Record<string, unknown>, row: Extract<ValueType, { kind: 'struct' }>): Record<string, unknown> {
  return toStoredValue(jsonRow, row) as Record<string, unknown>;
}
