// Test helper: reads a Parquet file back with an implementation independent of the writer (parquet-wasm, i.e. the
// Rust arrow-rs reader, into Apache Arrow JS), and the JSON rows it should hold, normalised as Parquet stores them.
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm/node';
import { toColumnValue, type ValueType } from './schema';

const bigintToNumber = (_key: string, value: unknown) => (typeof value === 'bigint' ? Number(value) : value);

/** Column name → Arrow type text, and the rows as plain JSON (Arrow vectors and struct rows turned into arrays and objects). */
export function readParquetIndependently(bytes: Uint8Array): { columns: Record<string, string>; rows: Record<string, unknown>[]; numRowGroups: number } {
  const parquet = readParquet(bytes);
  const table = tableFromIPC(parquet.intoIPCStream());
  const columns = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
  const rows = JSON.parse(JSON.stringify(table.toArray(), bigintToNumber)) as Record<string, unknown>[];
  return { columns, rows, numRowGroups: table.batches.length };
}

/** What a JSONL row looks like once stored under `row`: absent keys as null, JSON-text columns as text. */
export function toStoredRow(jsonRow: Record<string, unknown>, row: Extract<ValueType, { kind: 'struct' }>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(toColumnValue(jsonRow, row), bigintToNumber)) as Record<string, unknown>;
}
