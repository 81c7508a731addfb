// Every format, on a fixed fixture, against exports.golden.json: the text, the stored gzip chunks (bytes and sizes),
// the stats and the card written by the implementation before the RAW_JSONL fast path (COPY) and the pipelined chunk
// writer. A change to any export byte shows up here. BOLTWORK_EXPORT_GOLDEN_WRITE=1 rewrites the file instead.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { db, type Prisma } from '@/lib/db';
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { stopBoss } from '@/lib/jobs/boss';
import { seedGoldenFixture } from './golden-fixture';
import { expectGoldenFile } from './golden-file';
import { runExport } from './run';

afterAll(() => stopBoss());

const GOLDEN_FILE = path.join(import.meta.dirname, 'exports.golden.json');

interface Case {
  name: string;
  taskType: TaskType;
  format: ExportFormat;
  filters?: Record<string, unknown>;
}

const split = { validationRatio: 0.4, seed: 'golden' };
const everyFormat: ExportFormat[] = [
  'RAW_JSONL',
  'RAW_CSV',
  'AGGREGATED_JSONL',
  'AGGREGATED_CSV',
  'OPENAI_SFT',
  'OPENAI_DPO',
  'TRL_PREFERENCE',
  'TRL_PREFERENCE_CONVERSATIONAL',
  'TRL_KTO',
  'HH_RLHF',
  'ALPACA',
  'SHAREGPT',
];

const cases: Case[] = [
  ...everyFormat.map((format): Case => ({ name: `PAIRWISE ${format}`, taskType: 'PAIRWISE', format })),
  ...everyFormat.map((format): Case => ({ name: `PAIRWISE ${format} split`, taskType: 'PAIRWISE', format, filters: { split } })),
  { name: 'PAIRWISE RAW_JSONL all statuses', taskType: 'PAIRWISE', format: 'RAW_JSONL', filters: { status: 'all' } },
  { name: 'PAIRWISE RAW_JSONL gold only', taskType: 'PAIRWISE', format: 'RAW_JSONL', filters: { gold: 'only' } },
  { name: 'PAIRWISE RAW_JSONL gold excluded', taskType: 'PAIRWISE', format: 'RAW_JSONL', filters: { gold: 'exclude' } },
  { name: 'PAIRWISE RAW_JSONL batch', taskType: 'PAIRWISE', format: 'RAW_JSONL', filters: { batchId: '00000000-0000-4000-8000-00000000b001' } },
  // Bounds on exact judgment times (the 5th and the 9th, on a whole second): both ends are inclusive.
  { name: 'PAIRWISE RAW_JSONL from/to', taskType: 'PAIRWISE', format: 'RAW_JSONL', filters: { from: '2026-03-01T10:04:04.685Z', to: '2026-03-01T10:08:08.000Z' } },
  { name: 'PAIRWISE RAW_JSONL min agreement', taskType: 'PAIRWISE', format: 'RAW_JSONL', filters: { minAgreement: 0.6 } },
  { name: 'PAIRWISE AGGREGATED_JSONL min confidence', taskType: 'PAIRWISE', format: 'AGGREGATED_JSONL', filters: { minConfidence: 0.7 } },
  ...(['RAW_JSONL', 'AGGREGATED_JSONL', 'OPENAI_DPO', 'TRL_PREFERENCE', 'TRL_KTO', 'HH_RLHF', 'ALPACA', 'SHAREGPT', 'OPENAI_SFT'] as const).map(
    (format): Case => ({ name: `RANKING ${format}`, taskType: 'RANKING', format }),
  ),
  ...(['RAW_JSONL', 'RAW_CSV', 'AGGREGATED_JSONL', 'OPENAI_SFT', 'ALPACA', 'SHAREGPT'] as const).map((format): Case => ({ name: `WRITING ${format}`, taskType: 'WRITING', format })),
  ...(['RAW_JSONL', 'AGGREGATED_JSONL', 'AGGREGATED_CSV'] as const).map((format): Case => ({ name: `CLASSIFICATION ${format}`, taskType: 'CLASSIFICATION', format })),
  ...(['RAW_JSONL', 'AGGREGATED_JSONL'] as const).map((format): Case => ({ name: `MULTI_LABEL ${format}`, taskType: 'MULTI_LABEL', format })),
  ...(['RAW_JSONL', 'AGGREGATED_CSV'] as const).map((format): Case => ({ name: `RATING ${format}`, taskType: 'RATING', format })),
];

async function runCase(teamId: string, projectId: string, c: Case) {
  const filters = { status: 'approved', gold: 'include', ...c.filters } as Prisma.InputJsonValue;
  const { id } = await db.export.create({ data: { projectId, teamId, format: c.format, filters }, select: { id: true } });
  const result = await runExport(id);
  const exp = await db.export.findUniqueOrThrow({ where: { id }, select: { rowsWritten: true, rowsTotal: true, fileBytes: true, stats: true, card: true } });
  const chunks = await db.exportChunk.findMany({ where: { exportId: id }, orderBy: [{ part: 'asc' }, { seq: 'asc' }], select: { part: true, seq: true, data: true, rawBytes: true } });
  const parts: Record<string, { text: string; chunkRawBytes: number[]; gzipSha256: string }> = {};
  for (const part of new Set(chunks.map((chunk) => chunk.part))) {
    const own = chunks.filter((chunk) => chunk.part === part);
    const gzip = Buffer.concat(own.map((chunk) => chunk.data));
    parts[part] = {
      text: gunzipSync(gzip).toString('utf8'),
      chunkRawBytes: own.map((chunk) => chunk.rawBytes),
      gzipSha256: createHash('sha256').update(gzip).digest('hex'),
    };
  }
  return {
    status: result.status,
    rowsWritten: exp.rowsWritten,
    rowsTotal: exp.rowsTotal,
    fileBytes: Number(exp.fileBytes),
    stats: exp.stats,
    // The first lines name the version and the time of the run.
    card: (exp.card ?? '').replace(/^Exported from Boltwork .*$/m, 'Exported from Boltwork (version) on (time).'),
    parts,
  };
}

describe('exports against the golden files', () => {
  it(`${cases.length} format and filter cases write the same bytes as before`, { timeout: 120_000 }, async () => {
    const { teamId, projectIds } = await seedGoldenFixture();
    const actual: Record<string, Awaited<ReturnType<typeof runCase>>> = {};
    for (const c of cases) actual[c.name] = await runCase(teamId, projectIds[c.taskType], c);
    const golden = expectGoldenFile(GOLDEN_FILE, actual);
    if (!golden) return;
    // The fixture reaches the cases it is there for.
    const raw = golden['PAIRWISE RAW_JSONL'].parts.all.text;
    for (const reached of ['"strength":1.5}', '{"2":"two","10":"ten","choice":"B"}', '"tiny":1e-7', '"created_at":"2026-03-01T10:08:08.000Z"', '"shown_order":null']) expect(raw).toContain(reached);
    expect(golden['PAIRWISE RAW_JSONL split'].parts.validation.text.length).toBeGreaterThan(0);
    const bounded = golden['PAIRWISE RAW_JSONL from/to'].parts.all.text;
    for (const end of ['"created_at":"2026-03-01T10:04:04.685Z"', '"created_at":"2026-03-01T10:08:08.000Z"']) expect(bounded).toContain(end);
  });
});
