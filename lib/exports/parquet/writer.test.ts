import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { readFileSync } from 'node:fs';
import { parseOasstJsonl } from '@/lib/trees/oasst';
import { createLineEncoder, formatCatalog, toTreeLines, treeFormats, type SourceUnit } from '../formats';
import { aggregatedItem, conversationPair, pair, rawRow, sft } from '../formats/test-data';
import type { ExportPart } from '../schemas';
import { readParquetIndependently, toStoredRow } from './test-reader';
import { ParquetExportSpool, type ParquetByteSink } from './writer';

class MemorySink implements ParquetByteSink {
  private pieces: Uint8Array[] = [];
  rows = 0;
  async appendBytes(bytes: Uint8Array, rows: number): Promise<void> {
    this.pieces.push(bytes.slice());
    this.rows += rows;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.pieces);
  }
}

/** Spools `lines` into one part per key, writes the Parquet files and reads them back independently. */
async function roundTrip(linesByPart: Partial<Record<ExportPart, string[]>>, rowGroupRows?: number) {
  const parts = Object.keys(linesByPart) as ExportPart[];
  const spool = await ParquetExportSpool.open(parts, () => {}, rowGroupRows);
  const sinks = new Map(parts.map((p) => [p, new MemorySink()]));
  try {
    for (const part of parts) for (const line of linesByPart[part]!) await spool.writers.get(part)!.write(line);
    await spool.writeFiles(sinks, 'boltwork test');
  } finally {
    await spool.dispose();
  }
  return { row: spool.rowType(), sinks, read: (part: ExportPart) => readParquetIndependently(sinks.get(part)!.bytes()) };
}

const KEEP: Record<string, SourceUnit[keyof SourceUnit][]> = {
  raw: [rawRow, { ...rawRow, id: `${rawRow.id.slice(0, -1)}2`, shownOrder: null, goldCorrect: true, payload: { prompt: 'Other', responses: ['x', 'y'], note: 'late key' } }],
  aggregated: [aggregatedItem, { ...aggregatedItem, externalId: 'item-2', label: null, confidence: null, details: {} }],
  sft: [sft, { ...sft, externalId: 'w-2', draft: 'the draft' }],
  preference: [pair, conversationPair],
  kto: [
    { externalId: 'k-1', prompt: pair.prompt, completion: 'Eight.', label: true },
    { externalId: 'k-1', prompt: pair.prompt, completion: 'Six.', label: false },
  ],
};

// Tree formats are written tree by tree (toTreeLines), not by a line encoder: see the test of their own below.
const jsonlFormats = (Object.keys(formatCatalog) as ExportFormat[]).filter((f) => formatCatalog[f].extension === 'jsonl' && !formatCatalog[f].isTreeOnly);
const taskTypeFor = (format: ExportFormat): TaskType => (format === 'ALPACA' || format === 'SHAREGPT' || format === 'OPENAI_SFT' ? 'WRITING' : 'PAIRWISE');

describe('Parquet export container', () => {
  it.each([...jsonlFormats, 'ALPACA:PAIRWISE', 'SHAREGPT:PAIRWISE'])('%s: rows read back by parquet-wasm equal the JSONL rows', async (name) => {
    const [format, taskType] = name.includes(':') ? (name.split(':') as [ExportFormat, TaskType]) : [name as ExportFormat, taskTypeFor(name as ExportFormat)];
    const encoder = createLineEncoder(format, taskType);
    const lines = KEEP[encoder.source].map((unit) => encoder.encode(unit));
    const { row, read } = await roundTrip({ all: lines });
    const { rows } = read('all');
    expect(rows).toEqual(lines.map((line) => toStoredRow(JSON.parse(line), row)));
  });

  it('stores messages as list<struct>, not JSON text, and a late optional key as a column', async () => {
    const encoder = createLineEncoder('OPENAI_SFT', 'WRITING');
    const { read } = await roundTrip({ all: [encoder.encode(sft), encoder.encode(sft)] });
    expect(read('all').columns).toEqual({ messages: 'List<Struct<{role:Utf8, content:Utf8}>>' });
    const raw = createLineEncoder('RAW_JSONL', 'PAIRWISE');
    const back = await roundTrip({ all: KEEP.raw.map((u) => raw.encode(u)) });
    expect(back.read('all').columns.payload).toBe('Struct<{prompt:Utf8, responses:List<Utf8>, note:Utf8}>');
    expect(back.read('all').rows[1].payload).toEqual({ prompt: 'Other', responses: ['x', 'y'], note: 'late key' });
  });

  it('writes many row groups, one per PARQUET_ROW_GROUP_ROWS rows, and train/validation with one schema', async () => {
    const encoder = createLineEncoder('TRL_PREFERENCE', 'PAIRWISE');
    const line = (i: number) => encoder.encode({ ...pair, externalId: `p-${i}`, chosen: `c${i}` });
    const train = Array.from({ length: 2_500 }, (_, i) => line(i));
    const validation = [encoder.encode({ ...conversationPair, k: 3 })];
    const { sinks, read } = await roundTrip({ train, validation }, 600);
    expect(read('train').numRowGroups).toBe(5);
    expect(read('train').rows).toHaveLength(2_500);
    expect(read('train').rows[2_499]).toEqual(JSON.parse(train[2_499] as string)); // the JSONL row, TRL's leading space and all
    expect(sinks.get('train')!.rows).toBe(2_500);
    expect(read('validation').columns).toEqual(read('train').columns);
  });

  // arrow-rs (parquet-wasm) refuses a file with no row group: hyparquet-writer writes the empty row_groups list
  // with thrift element type BYTE. pyarrow and `datasets` read it (docs/exports.md); here hyparquet reads it.
  it('writes a readable file for a part with no rows, with the columns of the other part', async () => {
    const encoder = createLineEncoder('OPENAI_SFT', 'WRITING');
    const { sinks, read } = await roundTrip({ train: [encoder.encode(sft)], validation: [] });
    const bytes = sinks.get('validation')!.bytes();
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    expect(metadata.num_rows).toBe(0n);
    expect(metadata.schema.map((e) => e.name)).toEqual(['root', 'messages', 'list', 'element', 'role', 'content']);
    expect(read('train').rows).toHaveLength(1);
  });

  it.each(treeFormats)('%s: rows of 30 oasst sample trees read back by parquet-wasm equal the JSONL rows', async (format) => {
    const sample = readFileSync(new URL('../../../prisma/demo-data/oasst/oasst_en_100_tree.jsonl', import.meta.url), 'utf8');
    const trees = parseOasstJsonl(sample).trees.slice(0, 30).map((t) => t.tree);
    const lines = trees.flatMap((tree) => toTreeLines(format, tree).lines);
    const { row, read } = await roundTrip({ all: lines });
    expect(read('all').rows).toEqual(lines.map((line) => toStoredRow(JSON.parse(line), row)));
  });
});
