// Parquet exports on a real database: every JSONL format of the golden fixture exported both ways, the Parquet file
// read back by an independent reader (parquet-wasm: arrow-rs) and held row for row to the JSONL file; the download
// (content type, file names, split parts) and the refusals. BOLTWORK_PARQUET_DUMP=<dir> also writes the files there
// (for loading them with Hugging Face `datasets`, see docs/exports.md).
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { seedExportProject } from '@/bench/lib/export-seed.mjs';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db, type Prisma } from '@/lib/db';
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { stopBoss } from '@/lib/jobs/boss';
import { CHUNK_RAW_BYTES } from '../chunk-writer';
import { streamExportDownload } from '../download';
import { formatCatalog, isFormatFor } from '../formats';
import { seedGoldenFixture } from '../golden-fixture';
import { runExport } from '../run';
import { createExport, getExport } from '../service';
import { addTestJudgment, createTestActor, parseJsonLines } from '../test-fixtures';
import { readParquetIndependently, toStoredRow } from './test-reader';
import { SchemaObserver } from './schema';
import { PARQUET_ROW_GROUP_ROWS } from './writer';

afterAll(() => stopBoss());

const DUMP_DIR = process.env.BOLTWORK_PARQUET_DUMP;

/** Each stored part of an export, gunzipped. */
async function readParts(exportId: string): Promise<Record<string, Buffer>> {
  const chunks = await db.exportChunk.findMany({ where: { exportId }, orderBy: [{ part: 'asc' }, { seq: 'asc' }], select: { part: true, data: true } });
  const parts: Record<string, Buffer> = {};
  for (const part of new Set(chunks.map((c) => c.part))) parts[part] = gunzipSync(Buffer.concat(chunks.filter((c) => c.part === part).map((c) => c.data)));
  return parts;
}

async function runBoth(teamId: string, projectId: string, format: ExportFormat, filters: Record<string, unknown>) {
  const data = { projectId, teamId, format, filters: { status: 'approved', gold: 'include', ...filters } as Prisma.InputJsonValue };
  const lines = await db.export.create({ data, select: { id: true } });
  const parquet = await db.export.create({ data: { ...data, container: 'PARQUET' }, select: { id: true } });
  expect((await runExport(lines.id)).status).toBe('READY');
  expect((await runExport(parquet.id)).status).toBe('READY');
  const counts = await db.export.findMany({ where: { id: { in: [lines.id, parquet.id] } }, select: { id: true, rowsWritten: true, stats: true } });
  return { lines: await readParts(lines.id), parquet: await readParts(parquet.id), counts: Object.fromEntries(counts.map((c) => [c.id === lines.id ? 'lines' : 'parquet', c])) };
}

const taskTypes: TaskType[] = ['PAIRWISE', 'RANKING', 'WRITING', 'CLASSIFICATION', 'MULTI_LABEL', 'RATING'];
const jsonlFormats = (Object.keys(formatCatalog) as ExportFormat[]).filter((f) => formatCatalog[f].extension === 'jsonl');

describe('Parquet exports', () => {
  it('hold the same rows as the JSONL export of every JSONL format and task type, split or not', { timeout: 180_000 }, async () => {
    const { teamId, projectIds } = await seedGoldenFixture();
    let compared = 0;
    for (const taskType of taskTypes) {
      for (const format of jsonlFormats.filter((f) => isFormatFor(f, taskType))) {
        for (const split of [false, true]) {
          const name = `${taskType} ${format}${split ? ' split' : ''}`;
          const { lines, parquet, counts } = await runBoth(teamId, projectIds[taskType], format, split ? { split: { validationRatio: 0.4, seed: 'golden' } } : {});
          expect(Object.keys(parquet), name).toEqual(Object.keys(lines));
          expect(counts.parquet.rowsWritten, name).toBe(counts.lines.rowsWritten);
          const jsonRows = Object.fromEntries(Object.entries(lines).map(([part, text]) => [part, parseJsonLines(text.toString('utf8'))]));
          const observer = new SchemaObserver();
          for (const rows of Object.values(jsonRows)) for (const row of rows) observer.observe(row);
          const rowType = observer.rowType();
          for (const [part, bytes] of Object.entries(parquet)) {
            expect(bytes.subarray(0, 4).toString(), name).toBe('PAR1');
            if (DUMP_DIR) {
              const base = path.join(DUMP_DIR, `${taskType}-${format}${split ? '-split' : ''}-${part}`.toLowerCase());
              fs.mkdirSync(DUMP_DIR, { recursive: true });
              fs.writeFileSync(`${base}.parquet`, bytes);
              fs.writeFileSync(`${base}.jsonl`, lines[part]);
            }
            if (jsonRows[part].length === 0) continue; // see writer.test.ts: arrow-rs refuses a file with no row group
            const back = readParquetIndependently(bytes);
            expect(back.rows, `${name} ${part}`).toEqual(jsonRows[part].map((row) => toStoredRow(row, rowType)));
            compared += back.rows.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('downloads as application/vnd.apache.parquet named .parquet; a split one is its train and validation files', async () => {
    const projectId = await createTestProject({ title: 'Spider legs' });
    const actor = await createTestActor(projectId);
    const workers = await createTestWorkers(2);
    const items = await createTestItems(projectId, 8, { externalIdPrefix: 'p' });
    for (const itemId of items) for (const workerId of workers) await addTestJudgment({ projectId, itemId, workerId, answer: { choice: 'A' } });

    const created = await createExport(actor, projectId, { format: 'TRL_PREFERENCE', container: 'parquet', filters: { split: { validationRatio: 0.3, seed: 's' } } });
    expect(created.container).toBe('parquet');
    await runExport(created.id);
    const ready = await getExport(actor, created.id);
    expect(ready).toMatchObject({ status: 'READY', container: 'parquet', parts: ['train', 'validation'] });
    const train = await streamExportDownload(actor, created.id, { part: 'train', acceptGzip: false });
    expect(train.contentType).toBe('application/vnd.apache.parquet');
    expect(train.fileName).toBe('spider-legs-trl-preference-train.parquet');
    const bytes = new Uint8Array(await new Response(train.body).arrayBuffer());
    const validation = await streamExportDownload(actor, created.id, { part: 'validation', acceptGzip: false });
    const validationRows = readParquetIndependently(new Uint8Array(await new Response(validation.body).arrayBuffer())).rows;
    expect(readParquetIndependently(bytes).rows.length + validationRows.length).toBe(ready.rowsWritten);
    await expect(streamExportDownload(actor, created.id, { part: 'all', acceptGzip: false })).rejects.toThrow(/two files/);

    await expect(createExport(actor, projectId, { format: 'RAW_CSV', container: 'parquet' })).rejects.toThrow(/CSV file already/);
    const lines = await createExport(actor, projectId, { format: 'TRL_PREFERENCE' });
    expect(lines.container).toBe('lines');
  });

  it('streams a file of many row groups across chunks, and the download is the whole file', { timeout: 120_000 }, async () => {
    const judgments = 50_000;
    const { projectId, teamId } = await seedExportProject((sql, params) => db.$executeRawUnsafe(sql, ...params), { judgments, label: 'parquet' });
    const { lines, parquet } = await runBoth(teamId, projectId, 'RAW_JSONL', {});
    const exp = await db.export.findFirstOrThrow({ where: { projectId, container: 'PARQUET' }, select: { id: true } });
    const chunks = await db.exportChunk.findMany({ where: { exportId: exp.id }, select: { rawBytes: true } });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.rawBytes).toBeLessThanOrEqual(CHUNK_RAW_BYTES);
    const back = readParquetIndependently(parquet.all);
    expect(back.numRowGroups).toBe(Math.ceil(judgments / PARQUET_ROW_GROUP_ROWS));
    expect(back.rows.map((r) => r.judgment_id)).toEqual(parseJsonLines(lines.all.toString('utf8')).map((r) => r.judgment_id));
    const actor = await createTestActor(projectId);
    const download = await streamExportDownload(actor, exp.id, { part: 'all', acceptGzip: false });
    expect(Buffer.from(await new Response(download.body).arrayBuffer()).equals(parquet.all)).toBe(true);
  });
});
