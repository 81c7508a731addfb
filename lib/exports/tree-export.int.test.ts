// The conversation-tree formats through the export pipeline on real PostgreSQL: trees grown by simulated workers
// through the task loop, plus an imported tree with a pruned reply and one still growing, exported as oasst trees,
// best-path SFT and ranked-pair DPO; every line checked against the database and against its consumers; the split
// keeps each tree in one part; the oasst file re-imports with nothing lost but the authors' pseudonyms.
// BOLTWORK_EXPORT_DUMP_DIR=<dir> also writes the split exports and their cards (README.md) there under the download
// names, for a check with the consumers' own Python code (docs/exports.md).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { createTree } from '@/lib/trees/engine';
import { exportOasstJsonl, importOasstTrees } from '@/lib/trees/oasst-store';
import { createTreeProject, drainEvaluator, runTreeWorker } from '@/lib/trees/test-fixtures';
import { checkOasstTree, consumerChecks } from '@/test/consumers';
import { readParquetIndependently } from './parquet/test-reader';
import { runExport } from './run';
import type { CreateExportInput } from './schemas';
import { createExport, getExport, getExportCard } from './service';
import { createTestActor, downloadExportText, parseJsonLines } from './test-fixtures';
import { streamExportDownload } from './download';
import { exportFileName } from './files';
import { assignSplitPart, toPseudonymousWorkerId } from './ids';

afterAll(() => stopBoss());

type Actor = Awaited<ReturnType<typeof createTestActor>>;
type Chat = { role: string; content: string }[];

const GROWN_TREES = 3;
// An imported finished tree: p → a1 (rank 0), a2 (rank 1), a3 (rank 2, pruned by its reviewers); a1 → u1.
const importedReady = {
  message_tree_id: 'oasst-ready',
  tree_state: 'ready_for_export',
  prompt: {
    message_id: 'ip', text: 'Name a sea creature with eight arms.', role: 'prompter', lang: 'en', review_count: 3, review_result: true, deleted: false, synthetic: false,
    replies: [
      { message_id: 'ia1', parent_id: 'ip', text: 'An octopus.', role: 'assistant', lang: 'en', review_count: 3, review_result: true, deleted: false, rank: 0, synthetic: false,
        replies: [{ message_id: 'iu1', parent_id: 'ia1', text: 'And with ten?', role: 'prompter', lang: 'en', review_count: 3, review_result: true, deleted: false, synthetic: false, replies: [] }] },
      { message_id: 'ia2', parent_id: 'ip', text: 'A squid has eight arms too.', role: 'assistant', lang: 'en', review_count: 3, review_result: true, deleted: false, rank: 1, synthetic: false, replies: [] },
      { message_id: 'ia3', parent_id: 'ip', text: 'PRUNED spam reply', role: 'assistant', lang: 'en', review_count: 3, review_result: false, deleted: true, rank: 2, synthetic: false, replies: [] },
    ],
  },
};
const importedGrowing = {
  message_tree_id: 'oasst-growing',
  tree_state: 'growing',
  prompt: { message_id: 'gp', text: 'GROWING prompt about kites.', role: 'prompter', lang: 'en', review_count: 3, review_result: true, deleted: false, synthetic: false, replies: [] },
};

let projectId: string;
let actor: Actor;
let workers: string[];

beforeAll(async () => {
  ({ projectId } = await createTreeProject({ goalTreeSize: 7, maxDepth: 3, repliesPerMessage: 2, reviewsPerMessage: 1, rankingsPerGroup: 1 }, { license: 'CC-BY-4.0' }));
  actor = await createTestActor(projectId);
  for (let i = 0; i < GROWN_TREES; i++) await createTree(projectId);
  workers = await createTestWorkers(8);
  await Promise.all(workers.map((w, i) => runTreeWorker(w, projectId, createSeededRandom(i + 31))));
  await drainEvaluator();
  expect(await db.conversationTree.count({ where: { projectId, state: 'READY' } })).toBe(GROWN_TREES);
  const imported = await importOasstTrees(projectId, [importedReady, importedGrowing].map((t) => JSON.stringify(t)).join('\n'));
  expect(imported).toMatchObject({ imported: 2, errors: [] });
}, 120_000);

async function exportAndRun(input: CreateExportInput) {
  const created = await createExport(actor, projectId, input);
  await runExport(created.id);
  const ready = await getExport(actor, created.id);
  expect(ready.status).toBe('READY');
  return ready;
}

/** Writes a split export's parts and card under BOLTWORK_EXPORT_DUMP_DIR/<format>, when set. */
async function dumpForConsumers(exp: { id: string; format: string }) {
  const dir = process.env.BOLTWORK_EXPORT_DUMP_DIR;
  if (!dir) return;
  const out = path.join(dir, exp.format);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'README.md'), await getExportCard(actor, exp.id));
  const { title } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { title: true } });
  for (const part of ['train', 'validation'] as const) {
    const name = exportFileName({ projectTitle: title, format: exp.format as 'TREE_SFT', container: 'lines', part });
    fs.writeFileSync(path.join(out, name), await downloadExportText(actor, exp.id, part));
  }
}

async function exportRows(input: CreateExportInput, part: 'all' | 'train' | 'validation' = 'all') {
  const exp = await exportAndRun(input);
  return { exp, rows: parseJsonLines(await downloadExportText(actor, exp.id, part)) };
}

/** The live messages of the project, by text (every text here is distinct). */
async function loadMessagesByText() {
  const messages = await db.treeMessage.findMany({
    where: { tree: { projectId } },
    select: { id: true, parentId: true, text: true, rank: true, deletedAt: true, isSynthetic: true, role: true, treeId: true },
  });
  const byId = new Map(messages.map((m) => [m.id, m]));
  const pathOf = (id: string | null): string[] => (id === null ? [] : [...pathOf(byId.get(id)!.parentId), byId.get(id)!.text]);
  return { byText: new Map(messages.map((m) => [m.text, m])), pathOf, messages };
}

describe('tree exports', () => {
  it('OASST_TREES: one READY tree per line in oasst\'s schema, pseudonymous authors, pruned messages kept as deleted', async () => {
    const { exp, rows } = await exportRows({ format: 'OASST_TREES' });
    expect(rows).toHaveLength(GROWN_TREES + 1); // the growing import is left out by default
    expect(exp).toMatchObject({ rowsWritten: GROWN_TREES + 1, progress: 1 });
    for (const row of rows) expect(checkOasstTree(row), JSON.stringify(row).slice(0, 300)).toEqual([]);
    expect(rows.map((r) => r.tree_state)).toEqual(Array(GROWN_TREES + 1).fill('ready_for_export'));
    const text = JSON.stringify(rows);
    // No internal worker id, only the team's pseudonyms.
    for (const workerId of workers) expect(text).not.toContain(workerId);
    const { pseudonymSalt } = await db.team.findUniqueOrThrow({ where: { id: actor.teamId }, select: { pseudonymSalt: true } });
    const authors = await db.treeMessage.findMany({ where: { tree: { projectId, origin: 'WORKER' } }, select: { id: true, authorWorkerId: true } });
    const userIdOf = new Map<string, unknown>();
    const collect = (m: { message_id: string; user_id?: string; replies: unknown[] }) => {
      userIdOf.set(m.message_id, m.user_id);
      for (const reply of m.replies) collect(reply as typeof m);
    };
    for (const row of rows) collect(row.prompt as { message_id: string; replies: unknown[] });
    expect(authors.length).toBeGreaterThanOrEqual(GROWN_TREES * 7);
    for (const { id, authorWorkerId } of authors) expect(userIdOf.get(id)).toBe(toPseudonymousWorkerId(pseudonymSalt, authorWorkerId!));
    // Imported messages have no author here: no user_id rather than a made-up one.
    expect(userIdOf.get('ia1')).toBeUndefined();
    const imported = rows.find((r) => r.message_tree_id === 'oasst-ready') as typeof importedReady;
    expect(imported.prompt.replies.find((r) => r.message_id === 'ia3')).toMatchObject({ deleted: true, review_result: false });

    const all = await exportRows({ format: 'OASST_TREES', filters: { status: 'all' } });
    expect(all.rows.map((r) => r.message_tree_id)).toContain('oasst-growing');

    // Re-imported elsewhere, the trees export again identically (the authors' pseudonyms are not kept).
    const { projectId: other } = await createTreeProject();
    const jsonl = rows.map((r) => JSON.stringify(r)).join('\n');
    expect(await importOasstTrees(other, jsonl)).toEqual({ imported: GROWN_TREES + 1, skipped: 0, errors: [] });
    const withoutAuthors = JSON.parse(JSON.stringify(rows, (key, value) => (key === 'user_id' ? undefined : value))) as Record<string, unknown>[];
    const again = parseJsonLines(await exportOasstJsonl(other));
    const byTree = (list: Record<string, unknown>[]) => Object.fromEntries(list.map((r) => [r.message_tree_id as string, r]));
    expect(byTree(again)).toEqual(byTree(withoutAuthors));

    const card = await getExportCard(actor, exp.id);
    expect(card).toContain('| Format | OpenAssistant trees (OASST_TREES) |');
    expect(card).toContain(`READY trees only (1 growing, ranking, aborted or halted trees left out); ${GROWN_TREES + 1} read`);
    expect(card).toContain('Each message peer-reviewed by 1 worker (spam or not');
    expect(card).toContain('1 of the trees were imported from oasst files');
    expect(card).toContain('license: "cc-by-4.0"');
  });

  it('TREE_SFT: one best-path conversation per tree, the rank-0 reply at each turn, no pruned message', async () => {
    const { rows } = await exportRows({ format: 'TREE_SFT' });
    expect(rows).toHaveLength(GROWN_TREES + 1);
    const { byText, pathOf } = await loadMessagesByText();
    for (const row of rows) {
      expect(consumerChecks.TREE_SFT!(row)).toEqual([]);
      const messages = row.messages as Chat;
      const last = byText.get(messages[messages.length - 1].content)!;
      // The row is exactly the path from the prompt to its last message...
      expect(messages.map((m) => m.content)).toEqual(pathOf(last.id));
      // ...and every turn on it was its group's best live reply.
      for (const turn of messages.slice(1)) {
        const message = byText.get(turn.content)!;
        expect(message.deletedAt).toBeNull();
        const live = [...byText.values()].filter((m) => m.parentId === message.parentId && m.deletedAt === null && !m.isSynthetic);
        if (live.length > 1) expect(message.rank).toBe(0);
      }
    }
    expect(JSON.stringify(rows)).not.toContain('PRUNED');
  });

  it('TREE_DPO: every ranked assistant pair once, chosen ranked above rejected, the prompt the whole prefix; card counts', async () => {
    const { exp, rows } = await exportRows({ format: 'TREE_DPO' });
    const { byText, pathOf, messages } = await loadMessagesByText();
    const readyTrees = new Set((await db.conversationTree.findMany({ where: { projectId, state: 'READY' }, select: { id: true } })).map((t) => t.id));
    // Expected: k(k-1)/2 per group of k live, human, ranked assistant replies in READY trees.
    const groups = new Map<string, number>();
    for (const m of messages) {
      if (readyTrees.has(m.treeId) && m.role === 'ASSISTANT' && m.deletedAt === null && !m.isSynthetic && m.rank !== null) groups.set(m.parentId!, (groups.get(m.parentId!) ?? 0) + 1);
    }
    const expected = [...groups.values()].reduce((sum, k) => sum + (k * (k - 1)) / 2, 0);
    expect(expected).toBeGreaterThan(GROWN_TREES);
    expect(rows).toHaveLength(expected);
    expect(exp.rowsWritten).toBe(expected);
    for (const row of rows) {
      expect(consumerChecks.TREE_DPO!(row)).toEqual([]);
      const chosen = byText.get((row.chosen as Chat)[0].content)!;
      const rejected = byText.get((row.rejected as Chat)[0].content)!;
      expect(chosen.parentId).toBe(rejected.parentId);
      expect(chosen.rank!).toBeLessThan(rejected.rank!);
      expect((row.prompt as Chat).map((m) => m.content)).toEqual(pathOf(chosen.parentId));
    }
    expect(JSON.stringify(rows)).not.toContain('PRUNED');
    const card = await getExportCard(actor, exp.id);
    expect(card).toContain(`| all | ${expected} | ${GROWN_TREES + 1} |`);
    expect(card).toContain('k(k-1)/2 rows');
    expect(card).toContain('- "dpo"');
  });

  it('splits by tree: every row of a tree in one part, no prompt in both, the parts adding up to the whole', async () => {
    const whole = await exportRows({ format: 'TREE_DPO' });
    // A seed that puts trees in both parts (tree ids are random per run), so the property below says something.
    const treeIds = (await db.conversationTree.findMany({ where: { projectId, state: 'READY' }, select: { id: true, externalId: true } })).map((t) => t.externalId ?? t.id);
    const seed = Array.from({ length: 20 }, (_, i) => `trees-${i}`).find((s) => new Set(treeIds.map((id) => assignSplitPart(s, id, 0.5))).size === 2)!;
    const split = { split: { validationRatio: 0.5, seed } };
    const { exp } = await exportRows({ format: 'TREE_DPO', filters: split });
    expect(exp.parts).toEqual(['all', 'train', 'validation']);
    const treesOf = (rows: Record<string, unknown>[]) => new Set(rows.map((r) => (r.metadata as { message_tree_id: string }).message_tree_id));
    const promptsOf = (rows: Record<string, unknown>[]) => new Set(rows.map((r) => (r.prompt as Chat)[0].content));
    const train = parseJsonLines(await downloadExportText(actor, exp.id, 'train'));
    const validation = parseJsonLines(await downloadExportText(actor, exp.id, 'validation'));
    expect(train.length + validation.length).toBe(whole.rows.length);
    expect(treesOf(train).size + treesOf(validation).size).toBe(GROWN_TREES + 1);
    expect(Math.min(treesOf(train).size, treesOf(validation).size)).toBeGreaterThan(0);
    expect([...treesOf(train)].filter((t) => treesOf(validation).has(t))).toEqual([]);
    expect([...promptsOf(train)].filter((p) => promptsOf(validation).has(p))).toEqual([]);
    // The same seed puts each tree in the same part for every tree format.
    const sft = await exportAndRun({ format: 'TREE_SFT', filters: split });
    const sftValidation = parseJsonLines(await downloadExportText(actor, sft.id, 'validation'));
    expect(new Set(sftValidation.map((r) => (r.messages as Chat)[0].content))).toEqual(promptsOf(validation));
    const oasst = await exportAndRun({ format: 'OASST_TREES', filters: split });
    const oasstValidation = parseJsonLines(await downloadExportText(actor, oasst.id, 'validation'));
    expect(new Set(oasstValidation.map((r) => r.message_tree_id))).toEqual(treesOf(validation));
    for (const done of [exp, sft, oasst]) await dumpForConsumers(done);
    expect(await getExportCard(actor, exp.id)).toContain(`50% validation by hash of seed "${seed}" and the tree id`);
  });

  it('TREE_SFT as Parquet holds the JSONL rows', async () => {
    const { rows } = await exportRows({ format: 'TREE_SFT' });
    const exp = await exportAndRun({ format: 'TREE_SFT', container: 'parquet' });
    const file = await streamExportDownload(actor, exp.id, { part: 'all', acceptGzip: false });
    const bytes = new Uint8Array(await new Response(file.body).arrayBuffer());
    expect(readParquetIndependently(bytes).rows).toEqual(rows);
  });

  it('offers the tree formats to tree projects only, and the item formats but raw judgments to other projects only', async () => {
    await expect(createExport(actor, projectId, { format: 'OPENAI_SFT' })).rejects.toThrow(/does not fit a "Conversation tree" project\. Formats for it: OASST_TREES, TREE_SFT, TREE_DPO, RAW_JSONL, RAW_CSV/);
    const writing = await createTestProject({ taskType: 'WRITING', typeConfig: { mode: 'write', minLength: 1, maxLength: 100 } });
    await expect(createExport(await createTestActor(writing), writing, { format: 'TREE_SFT' })).rejects.toThrow(/does not fit a "Write or rewrite" project/);
    const raw = await exportRows({ format: 'RAW_JSONL' });
    expect(raw.rows.length).toBeGreaterThan(0);
  });
});
