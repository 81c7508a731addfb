// The RAW_JSONL fast path (COPY) on a bigger project than the golden fixture: line for line what the general path
// (Prisma pages + toRawRow + JSON.stringify) writes, split or not, in ~1 MiB chunks; and a chunk insert that fails
// ends the COPY and leaves nothing running behind it, and a re-run starts over cleanly.
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { seedExportProject } from '@/bench/lib/export-seed.mjs';
import { db, type Prisma } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { CHUNK_RAW_BYTES } from './chunk-writer';
import { createLineEncoder } from './formats';
import { assignSplitPart, createPseudonymizer } from './ids';
import { readJudgmentPages } from './read';
import { runExport } from './run';
import { toRawRow } from './run-lines';
import { storedFiltersSchema } from './schemas';

afterAll(() => stopBoss());

const JUDGMENTS = 12_000;
const seeded = seedExportProject((sql, params) => db.$executeRawUnsafe(sql, ...params), { judgments: JUDGMENTS, label: 'fast' });

async function partText(exportId: string, part: string): Promise<{ text: string; rawBytes: number[] }> {
  const chunks = await db.exportChunk.findMany({ where: { exportId, part }, orderBy: { seq: 'asc' }, select: { data: true, rawBytes: true } });
  return { text: chunks.map((c) => gunzipSync(c.data).toString('utf8')).join(''), rawBytes: chunks.map((c) => c.rawBytes) };
}

/** What the general path writes: judgments page by page, one toRawRow + JSON.stringify line each. */
async function expectedLines(projectId: string, teamId: string, filters: Prisma.InputJsonObject): Promise<Record<string, string>> {
  const parsed = storedFiltersSchema.parse(filters);
  const { pseudonymSalt } = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { pseudonymSalt: true } });
  const pseudonym = createPseudonymizer(pseudonymSalt);
  const encoder = createLineEncoder('RAW_JSONL', 'PAIRWISE');
  const parts: Record<string, string[]> = {};
  for await (const page of readJudgmentPages(projectId, parsed)) {
    for (const j of page) {
      const part = parsed.split ? assignSplitPart(parsed.split.seed, j.externalId, parsed.split.validationRatio) : 'all';
      (parts[part] ??= []).push(encoder.encode(toRawRow(j, j.payload, pseudonym)));
    }
  }
  return Object.fromEntries(Object.entries(parts).map(([part, lines]) => [part, lines.join('')]));
}

describe('RAW_JSONL through COPY', () => {
  it.each([
    ['one part', {}],
    ['a split', { split: { validationRatio: 0.25, seed: 'fast' } }],
  ])(`writes the general path's lines for ${JUDGMENTS} judgments (%s)`, { timeout: 120_000 }, async (_, extra) => {
    const { projectId, teamId } = await seeded;
    const filters = { status: 'approved', gold: 'include', ...extra };
    const { id } = await db.export.create({ data: { projectId, teamId, format: 'RAW_JSONL', filters }, select: { id: true } });
    expect(await runExport(id)).toEqual({ status: 'READY', rows: JUDGMENTS });
    const expected = await expectedLines(projectId, teamId, filters);
    for (const [part, text] of Object.entries(expected)) {
      const actual = await partText(id, part);
      expect(actual.text.length).toBe(text.length);
      expect(actual.text === text, `part ${part} differs`).toBe(true);
      // ~1 MiB chunks: every one but the last has crossed the limit.
      expect(actual.rawBytes.slice(0, -1).every((n) => n >= CHUNK_RAW_BYTES)).toBe(true);
    }
    expect(Object.keys(expected).sort()).toEqual('split' in extra ? ['train', 'validation'] : ['all']);
  });

  it('a failed chunk insert ends the COPY; nothing is written after the failure; a re-run is clean', { timeout: 120_000 }, async () => {
    const { projectId, teamId } = await seeded;
    // A real PostgreSQL refusal of the third chunk (this test file has a database of its own).
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_third_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.seq = 2 THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_third_chunk BEFORE INSERT ON "ExportChunk" FOR EACH ROW EXECUTE FUNCTION refuse_third_chunk()`);
    const { id } = await db.export.create({ data: { projectId, teamId, format: 'RAW_JSONL' }, select: { id: true } });
    await expect(runExport(id)).rejects.toThrow(/disk full/);
    const failed = await db.export.findUniqueOrThrow({ where: { id }, select: { status: true } });
    expect(failed.status).toBe('FAILED');
    const chunksAtFailure = await db.exportChunk.count({ where: { exportId: id } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await db.exportChunk.count({ where: { exportId: id } })).toBe(chunksAtFailure);
    // The COPY's connection is gone (no session of ours left reading).
    const [{ copies }] = await db.$queryRaw<{ copies: bigint }[]>`SELECT count(*) AS copies FROM pg_stat_activity WHERE application_name = 'boltwork-export'`;
    expect(Number(copies)).toBe(0);

    await db.$executeRawUnsafe('DROP TRIGGER refuse_third_chunk ON "ExportChunk"');
    expect(await runExport(id)).toEqual({ status: 'READY', rows: JUDGMENTS });
    expect((await partText(id, 'all')).text).toBe((await expectedLines(projectId, teamId, {})).all);
  });
});
