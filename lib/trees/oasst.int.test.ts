// oasst trees through the database: the 100 OpenAssistant sample trees import and export back unchanged; a tree
// grown here exports in oasst's shape and re-imports with nothing lost; a seed still growing grows on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSeededRandom, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { createTree } from './engine';
import { exportOasstJsonl, exportOasstTree, importOasstTrees } from './oasst-store';
import { createTreeProject, drainEvaluator, runTreeWorker } from './test-fixtures';

// OpenAssistant's 100 sample trees (Apache-2.0, prisma/demo-data/oasst/SOURCE.txt).
const sample = readFileSync(new URL('../../prisma/demo-data/oasst/oasst_en_100_tree.jsonl', import.meta.url), 'utf8');
const byTreeId = (jsonl: string) => new Map(jsonl.split('\n').filter(Boolean).map((line) => [JSON.parse(line).message_tree_id as string, line]));

describe('oasst import and export', () => {
  it('round-trips the 100 sample trees with nothing lost, and imports nothing twice', async () => {
    const { projectId } = await createTreeProject();
    expect(await importOasstTrees(projectId, sample)).toEqual({ imported: 100, skipped: 0, errors: [] });
    expect(await db.treeMessage.count({ where: { tree: { projectId } } })).toBe(1167);
    expect(await db.treeMessage.count({ where: { tree: { projectId }, isSynthetic: true } })).toBe(22);
    const exported = byTreeId(await exportOasstJsonl(projectId));
    const original = byTreeId(sample);
    expect(exported.size).toBe(100);
    for (const [id, line] of original) expect(exported.get(id)).toBe(JSON.stringify(JSON.parse(line)));
    expect(await importOasstTrees(projectId, sample)).toEqual({ imported: 0, skipped: 100, errors: [] });
    // Imported finished trees open no work.
    expect(await db.item.count({ where: { projectId } })).toBe(0);
  });

  it('exports a grown tree in oasst shape that re-imports and re-exports identically', async () => {
    const { projectId, config } = await createTreeProject({ goalTreeSize: 4, maxDepth: 1 });
    const { treeId } = await createTree(projectId);
    const workers = await createTestWorkers(8);
    await Promise.all(workers.map((w, i) => runTreeWorker(w, projectId, createSeededRandom(i + 11))));
    await drainEvaluator();
    const tree = await exportOasstTree(treeId);
    expect(tree).toMatchObject({ message_tree_id: treeId, tree_state: 'ready_for_export', prompt: { role: 'prompter', review_count: config.reviewsPerMessage, review_result: true, deleted: false, synthetic: false, lang: 'en' } });
    expect(tree.prompt.replies).toHaveLength(3);
    expect(tree.prompt.replies.map((r) => r.rank).sort()).toEqual([0, 1, 2]);
    expect(tree.prompt.replies[0]).toMatchObject({ parent_id: tree.prompt.message_id, role: 'assistant' });
    expect(tree.prompt.labels?.spam).toEqual({ value: 0, count: 3 });
    expect(tree.prompt.labels?.quality.count).toBe(3);

    const { projectId: other } = await createTreeProject();
    const line = JSON.stringify(tree);
    expect(await importOasstTrees(other, `${line}\n`)).toMatchObject({ imported: 1 });
    expect(await exportOasstJsonl(other)).toBe(`${line}\n`);
  });

  it('grows a seed that is still growing in the file', async () => {
    const { projectId } = await createTreeProject();
    const seed = { message_tree_id: 'seed-1', tree_state: 'growing', prompt: { message_id: 'p-1', text: 'Explain tides to a child.', role: 'prompter', lang: 'en', review_count: 0, review_result: true, deleted: false, synthetic: false, replies: [] } };
    expect(await importOasstTrees(projectId, JSON.stringify(seed))).toMatchObject({ imported: 1 });
    const items = await db.item.findMany({ where: { projectId }, select: { treeTaskKind: true, judgmentsNeeded: true } });
    expect(items).toEqual([{ treeTaskKind: 'REPLY', judgmentsNeeded: 3 }]);
  });
});
