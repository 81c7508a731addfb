// Model replies beside the workers': ranked blind with the group, never extended, never counted toward the
// replies per message or the size goal, exported as synthetic with the model's name.
import { describe, expect, it } from 'vitest';
import { createSeededRandom, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { createTree } from './engine';
import { addModelReplies } from './model-replies';
import { exportOasstTree } from './oasst-store';
import { toRankedPairs } from './training';
import { createTreeProject, drainEvaluator, runTreeWorker } from './test-fixtures';

describe('model replies', () => {
  it('join the sibling group, are ranked with the workers’ replies, and stay leaves', async () => {
    const { projectId } = await createTreeProject({ goalTreeSize: 4, maxDepth: 2 });
    const { treeId } = await createTree(projectId, { prompt: { text: 'Write a haiku about rain.' } });
    const prompt = await db.treeMessage.findFirstOrThrow({ where: { treeId, parentId: null } });
    await expect(addModelReplies(treeId, prompt.id, [{ text: ' ', modelName: 'm' }])).rejects.toThrow(/empty/);
    const { messageIds } = await addModelReplies(treeId, prompt.id, [{ text: 'Soft rain on the roof / ...', modelName: 'chip20b' }]);
    await expect(addModelReplies(treeId, prompt.id, [{ text: 'soft rain on the roof / ...', modelName: 'other' }])).rejects.toThrow(/already says the same/);
    // Still three reply slots for the workers: the model's reply is extra.
    expect(await db.item.findFirstOrThrow({ where: { treeId, treeTaskKind: 'REPLY' }, select: { judgmentsNeeded: true } })).toEqual({ judgmentsNeeded: 3 });

    const workers = await createTestWorkers(10);
    await Promise.all(workers.map((w, i) => runTreeWorker(w, projectId, createSeededRandom(i + 31))));
    await drainEvaluator();
    const tree = await db.conversationTree.findUniqueOrThrow({ where: { id: treeId }, select: { state: true, stateReason: true } });
    expect(tree).toEqual({ state: 'READY', stateReason: 'goal of 4 messages reached' });
    const replies = await db.treeMessage.findMany({ where: { treeId, parentId: prompt.id }, select: { id: true, isSynthetic: true, rank: true } });
    expect(replies).toHaveLength(4);
    expect(replies.map((r) => r.rank).sort()).toEqual([0, 1, 2, 3]);
    const ranking = await db.item.findFirstOrThrow({ where: { treeId, treeTaskKind: 'RANK', status: 'DONE' }, select: { payload: true } });
    expect((ranking.payload as { tree: { candidates: { id: string }[] } }).tree.candidates.map((c) => c.id)).toContain(messageIds[0]);
    expect(await db.treeMessage.count({ where: { parentId: messageIds[0] } })).toBe(0);

    const exported = await exportOasstTree(treeId);
    const model = exported.prompt.replies.find((r) => r.message_id === messageIds[0]);
    expect(model).toMatchObject({ synthetic: true, model_name: 'chip20b', role: 'assistant', review_result: true });
    // OpenAssistant's ranked pairs leave synthetic replies out.
    expect(toRankedPairs(exported).every((p) => p.chosen_id !== messageIds[0] && p.rejected_id !== messageIds[0])).toBe(true);
  });
});
