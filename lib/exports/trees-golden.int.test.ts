// The conversation-tree formats, on a fixed fixture (four of OpenAssistant's sample trees and one written for the
// rules: a pruned reply, ranked user replies), against trees.golden.json: the lines of every part, the stats and the
// card. A file lists its trees by tree id, and trees imported in the same millisecond get UUIDv7 ids in random order:
// so the lines are compared sorted, and the gzip bytes (which follow the order) are left out. Any other change to a
// tree export shows up here. BOLTWORK_EXPORT_GOLDEN_WRITE=1 rewrites the file instead.
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { db, type Prisma } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { importOasstTrees } from '@/lib/trees/oasst-store';
import { createTreeProject } from '@/lib/trees/test-fixtures';
import { treeFormats, type TreeFormat } from './formats';
import { expectGoldenFile } from './golden-file';
import { runExport } from './run';

afterAll(() => stopBoss());

const GOLDEN_FILE = path.join(import.meta.dirname, 'trees.golden.json');
const sample = fs.readFileSync(new URL('../../prisma/demo-data/oasst/oasst_en_100_tree.jsonl', import.meta.url), 'utf8').split('\n').slice(0, 4);

const node = (id: string, parent: string | null, role: string, text: string, extra: Record<string, unknown> = {}) => ({
  message_id: id, ...(parent && { parent_id: parent }), text, role, lang: 'en', review_count: 3, review_result: true, deleted: false, synthetic: false, replies: [], ...extra,
});
// p → a1 (rank 0), a2 (rank 1), a3 (pruned); a1 → u1 (rank 0), u2 (rank 1); u1 → b1 (rank 0), b2 (rank 1).
const rules = {
  message_tree_id: 'rules-tree',
  tree_state: 'ready_for_export',
  prompt: node('p', null, 'prompter', 'How do tides work?', {
    replies: [
      node('a1', 'p', 'assistant', 'The moon and the sun pull the oceans.', {
        rank: 0,
        replies: [
          node('u1', 'a1', 'prompter', 'Why two bulges?', { rank: 0, replies: [node('b1', 'u1', 'assistant', 'Inertia on the far side.', { rank: 0 }), node('b2', 'u1', 'assistant', 'Magic.', { rank: 1 })] }),
          node('u2', 'a1', 'prompter', 'And the sun?', { rank: 1 }),
        ],
      }),
      node('a2', 'p', 'assistant', 'The moon pulls the sea.', { rank: 1 }),
      node('a3', 'p', 'assistant', 'Buy my course.', { rank: 2, deleted: true, review_result: false }),
    ],
  }),
};

const cases = treeFormats.flatMap((format) => [
  { name: format, format, filters: {} },
  { name: `${format} split`, format, filters: { split: { validationRatio: 0.4, seed: 'golden-3' } } },
]);

async function runCase(teamId: string, projectId: string, format: TreeFormat, extra: Record<string, unknown>) {
  const filters = { status: 'approved', gold: 'include', ...extra } as Prisma.InputJsonValue;
  const { id } = await db.export.create({ data: { projectId, teamId, format, filters }, select: { id: true } });
  const result = await runExport(id);
  const exp = await db.export.findUniqueOrThrow({ where: { id }, select: { rowsWritten: true, stats: true, card: true } });
  const chunks = await db.exportChunk.findMany({ where: { exportId: id }, orderBy: [{ part: 'asc' }, { seq: 'asc' }], select: { part: true, data: true } });
  const parts: Record<string, string[]> = {};
  for (const part of new Set(chunks.map((chunk) => chunk.part))) {
    const gzip = Buffer.concat(chunks.filter((chunk) => chunk.part === part).map((chunk) => chunk.data));
    parts[part] = gunzipSync(gzip).toString('utf8').split('\n').sort();
  }
  const { gzipBytes: _order, ...stats } = exp.stats as Record<string, unknown>;
  const card = (exp.card ?? '').replace(/^Exported from Boltwork .*$/m, 'Exported from Boltwork (version) on (time).');
  return { status: result.status, rowsWritten: exp.rowsWritten, stats, card, parts };
}

describe('tree exports against the golden file', () => {
  it(`${cases.length} tree format cases write the same rows, stats and cards as before`, { timeout: 120_000 }, async () => {
    const { projectId } = await createTreeProject({}, { title: 'Golden trees', license: 'Apache-2.0', instructions: 'Grow **helpful** conversations.' });
    const { teamId } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
    expect(await importOasstTrees(projectId, [...sample, JSON.stringify(rules)].join('\n'))).toMatchObject({ imported: 5, errors: [] });
    const actual: Record<string, Awaited<ReturnType<typeof runCase>>> = {};
    for (const c of cases) actual[c.name] = await runCase(teamId, projectId, c.format, c.filters);
    const golden = expectGoldenFile(GOLDEN_FILE, actual);
    if (!golden) return;
    // The fixture reaches the cases it is there for: a pruned reply kept in the trees and out of the rows, a user pair
    // left out, both parts of the split filled.
    expect(golden.OASST_TREES.parts.all.join('\n')).toContain('"message_id":"a3","parent_id":"p","text":"Buy my course.","role":"assistant","lang":"en","review_count":3,"review_result":false,"deleted":true');
    expect(golden.TREE_DPO.parts.all.join('\n')).not.toContain('Buy my course.');
    expect(golden.TREE_DPO.stats).toMatchObject({ userPairs: 1 });
    expect(golden['TREE_DPO split'].parts.validation.length).toBeGreaterThan(1);
    expect(golden['TREE_DPO split'].parts.train.length).toBeGreaterThan(1);
  });
});
