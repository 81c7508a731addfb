// A worker reports a message from the task on their screen (the phone's "Report a message"): only a message that
// task shows, only while the lease is theirs, once per worker; enough reports remove it as red flags do.
import { describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { getAssignmentForWorker } from '@/lib/assignment/view';
import { createTree } from './engine';
import { reportMessageFromTask } from './flags';
import { readTreeTask } from './task-card';
import { createTreeProject, releaseLease } from './test-fixtures';

async function claimOfKind(workerId: string, projectId: string, kind: string) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const claim = await claimNextAssignment(workerId, projectId);
    if (claim.kind !== 'assigned') return null;
    const id = claim.assignment.assignmentId;
    const item = (await db.assignment.findUniqueOrThrow({ where: { id }, select: { item: { select: { treeTaskKind: true, treeMessageId: true, payload: true } } } })).item;
    if (item.treeTaskKind === kind) return { assignmentId: id, messageId: item.treeMessageId!, payload: item.payload };
    await releaseLease(id);
  }
  return null;
}

const review = { spam: false, labels: { quality: 0.9 }, redFlag: false };

describe('reporting a tree message from a task', () => {
  it('counts a report once per worker on a message the task shows, and removes the message at the limit', async () => {
    const { projectId } = await createTreeProject({ reviewsPerMessage: 1, repliesPerMessage: 2, redFlagsToDelete: 2 });
    const { treeId } = await createTree(projectId, { prompt: { text: 'Tell me about volcanoes.' } });
    const workers = await createTestWorkers(2);
    const [a, b] = workers;
    const promptId = (await db.treeMessage.findFirstOrThrow({ where: { treeId, parentId: null } })).id;

    const first = await claimOfKind(a, projectId, 'REPLY');
    expect(first?.messageId).toBe(promptId);
    // The phone learns which message it may report from the task card.
    expect(readTreeTask(first!.payload, first!.assignmentId)).toMatchObject({ kind: 'REPLY', messageId: promptId });
    const view = await getAssignmentForWorker(a, first!.assignmentId);
    expect(view?.tree?.messageId).toBe(promptId);

    expect(await reportMessageFromTask(a, first!.assignmentId, promptId, 'abusive')).toEqual({ redFlagCount: 1, removed: false });
    // Twice from the same worker still counts once.
    expect(await reportMessageFromTask(a, first!.assignmentId, promptId, 'spam')).toEqual({ redFlagCount: 1, removed: false });
    // Someone else's lease, or a message the task doesn't show, is refused; nothing is counted.
    await expect(reportMessageFromTask(b, first!.assignmentId, promptId, 'spam')).rejects.toThrow('Task not found.');
    const stranger = (await createTree(projectId, { prompt: { text: 'Another conversation.' } })).treeId;
    const strangerPrompt = (await db.treeMessage.findFirstOrThrow({ where: { treeId: stranger, parentId: null } })).id;
    await expect(reportMessageFromTask(a, first!.assignmentId, strangerPrompt, 'spam')).rejects.toThrow(/only report a message this task shows/);
    expect(await db.treeMessageFlag.count({ where: { messageId: strangerPrompt } })).toBe(0);
    expect((await db.treeMessageFlag.findFirstOrThrow({ where: { messageId: promptId } })).reason).toBe('abusive');

    // A second worker's report reaches the limit: the prompt leaves and takes the tree with it; a's reply is refused.
    const second = await claimOfKind(b, projectId, 'REPLY');
    expect(second?.messageId).toBe(promptId);
    expect(await reportMessageFromTask(b, second!.assignmentId, promptId, 'abusive')).toEqual({ redFlagCount: 2, removed: true });
    const tree = await db.conversationTree.findUniqueOrThrow({ where: { id: treeId }, select: { state: true, stateReason: true } });
    expect(tree).toMatchObject({ state: 'ABORTED' });
    expect(tree.stateReason).toMatch(/red-flagged by 2 workers/);
    await expect(submitJudgment(a, { assignmentId: first!.assignmentId, answer: { text: 'They erupt.' } })).rejects.toThrow();
    // Once the lease is gone, the phone is told why its report can't be taken.
    await releaseLease(first!.assignmentId);
    await expect(reportMessageFromTask(a, first!.assignmentId, promptId, 'spam')).rejects.toThrow(/no longer yours/);
    expect(await db.judgment.count({ where: { assignmentId: first!.assignmentId } })).toBe(0);
  });

  it('lets a ranker report one of the replies to rank', async () => {
    const { projectId } = await createTreeProject({ reviewsPerMessage: 1, repliesPerMessage: 2, rankingsPerGroup: 1 });
    const { treeId } = await createTree(projectId, { prompt: { text: 'Name a fruit.' } });
    const workers = await createTestWorkers(8);
    const texts = ['Apple', 'Pear'];
    for (const worker of workers.slice(0, 2)) {
      const task = await claimOfKind(worker, projectId, 'REPLY');
      await submitJudgment(worker, { assignmentId: task!.assignmentId, answer: { text: texts.shift() } });
    }
    for (const worker of workers.slice(2, 4)) {
      const task = await claimOfKind(worker, projectId, 'REVIEW');
      await submitJudgment(worker, { assignmentId: task!.assignmentId, answer: review });
    }
    const ranker = await claimOfKind(workers[4], projectId, 'RANK');
    expect(ranker).not.toBeNull();
    const card = readTreeTask(ranker!.payload, ranker!.assignmentId)!;
    const promptId = (await db.treeMessage.findFirstOrThrow({ where: { treeId, parentId: null } })).id;
    expect(card.messageId).toBe(promptId);
    expect(await reportMessageFromTask(workers[4], ranker!.assignmentId, card.candidates[0].id, 'private_info')).toEqual({ redFlagCount: 1, removed: false });
    expect(await reportMessageFromTask(workers[4], ranker!.assignmentId, promptId, 'spam')).toEqual({ redFlagCount: 1, removed: false });
  });
});
