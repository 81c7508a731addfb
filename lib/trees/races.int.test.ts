// The tree's caps hold on their own, not only through item slots: with a task's slots over-handed (as a bug, an
// overlap raise or an admin edit could), workers submitting at the same instant still leave exactly the configured
// number of replies and reviews; the others are refused with nothing stored. And a reply rejected by its reviewers
// is paid once when its appeal is upheld, while the message stays out of the tree.
import { describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { appealJudgment, resolveAppeal } from '@/lib/judgments/review';
import { getLedgerSum } from '@/lib/ledger/accounts';
import { createTree } from './engine';
import { createTreeProject, releaseLease } from './test-fixtures';

/**
 * Leases the worker a task of the wanted kind (others they are handed go back). Many claims at once on one item can
 * be told "nothing left" while the others hold its row lock: asked again a moment later.
 */
async function leaseKind(workerId: string, projectId: string, kind: string): Promise<string> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const claim = await claimNextAssignment(workerId, projectId);
    if (claim.kind !== 'assigned') {
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
      continue;
    }
    const { item } = await db.assignment.findUniqueOrThrow({ where: { id: claim.assignment.assignmentId }, select: { item: { select: { treeTaskKind: true } } } });
    if (item.treeTaskKind === kind) return claim.assignment.assignmentId;
    await releaseLease(claim.assignment.assignmentId);
  }
  throw new Error(`no ${kind} task for ${workerId}`);
}

async function overHand(projectId: string, kind: 'REPLY' | 'REVIEW', slots: number) {
  await db.item.updateMany({ where: { projectId, treeTaskKind: kind, status: 'OPEN' }, data: { judgmentsNeeded: slots, openSlots: slots } });
}

describe('tree caps under concurrent workers', () => {
  it('stores exactly repliesPerMessage replies when ten workers submit at once', async () => {
    const { projectId } = await createTreeProject({ repliesPerMessage: 3 });
    const { treeId } = await createTree(projectId, { prompt: { text: 'Give me a name for a cat.' } });
    await overHand(projectId, 'REPLY', 10);
    const workers = await createTestWorkers(10);
    const leases = await Promise.all(workers.map((w) => leaseKind(w, projectId, 'REPLY')));
    const results = await Promise.allSettled(workers.map((w, i) => submitJudgment(w, { assignmentId: leases[i], answer: { text: `Name ${i}` } })));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason.message));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const message of refused) expect(message).toMatch(/already has all its replies since this task was handed out/);
    expect(await db.treeMessage.count({ where: { treeId, parentId: { not: null }, deletedAt: null } })).toBe(3);
    expect(await db.judgment.count({ where: { projectId } })).toBe(3);
    expect(await db.assignment.count({ where: { id: { in: leases }, status: 'ACTIVE' } })).toBe(7);
    // The full group's task is closed, so the tree moves on (its replies' reviews are what is open now).
    expect(await db.item.findFirstOrThrow({ where: { treeId, treeTaskKind: 'REPLY' }, select: { status: true, openSlots: true } })).toEqual({ status: 'DONE', openSlots: 0 });
  });

  it('stores exactly reviewsPerMessage reviews when eight workers review at once', async () => {
    const { projectId } = await createTreeProject({ reviewsPerMessage: 3 });
    await createTree(projectId);
    const [author, ...reviewers] = await createTestWorkers(9);
    await submitJudgment(author, { assignmentId: await leaseKind(author, projectId, 'WRITE_PROMPT'), answer: { text: 'What rhymes with orange?' } });
    await overHand(projectId, 'REVIEW', 8);
    const leases = await Promise.all(reviewers.map((w) => leaseKind(w, projectId, 'REVIEW')));
    const results = await Promise.allSettled(reviewers.map((w, i) => submitJudgment(w, { assignmentId: leases[i], answer: { spam: false, labels: {}, redFlag: false } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const prompt = await db.treeMessage.findFirstOrThrow({ where: { tree: { projectId }, parentId: null } });
    expect(await db.item.findFirstOrThrow({ where: { treeMessageId: prompt.id, treeTaskKind: 'REVIEW' }, select: { status: true } })).toEqual({ status: 'DONE' });
    expect(await db.item.count({ where: { treeMessageId: prompt.id, treeTaskKind: 'REPLY', status: 'OPEN' } })).toBe(1);
    expect(prompt).toMatchObject({ reviewCount: 3, acceptVotes: 3, reviewState: 'ACCEPTED' });
    // The author, barred from the review, was never handed it.
    expect(await db.judgment.count({ where: { projectId, workerId: author, item: { treeTaskKind: 'REVIEW' } } })).toBe(0);
    const authorJudgment = await db.judgment.findUniqueOrThrow({ where: { id: prompt.judgmentId! }, select: { status: true } });
    expect(authorJudgment.status).toBe('APPROVED');
  });

  it('pays a rejected reply once when its appeal is upheld; the message stays pruned and its slot reopens', async () => {
    const { projectId, config } = await createTreeProject({ reviewsPerMessage: 3 });
    await createTree(projectId, { prompt: { text: 'Say something kind.' } });
    const [writer, ...reviewers] = await createTestWorkers(4);
    const { judgmentId } = await submitJudgment(writer, { assignmentId: await leaseKind(writer, projectId, 'REPLY'), answer: { text: 'Buy cheap pills at example.com' } });
    for (const reviewer of reviewers) {
      await submitJudgment(reviewer, { assignmentId: await leaseKind(reviewer, projectId, 'REVIEW'), answer: { spam: true, labels: {}, redFlag: false } });
    }
    const message = await db.treeMessage.findFirstOrThrow({ where: { judgmentId } });
    expect(message).toMatchObject({ reviewState: 'REJECTED' });
    expect(message.deletedReason).toBe('failed peer review (0 of 3 reviewers accepted it)');
    const rejected = await db.judgment.findUniqueOrThrow({ where: { id: judgmentId } });
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: 'Your message failed peer review (0 of 3 reviewers accepted it).' });
    const replyItem = await db.item.findFirstOrThrow({ where: { projectId, treeTaskKind: 'REPLY' } });
    expect(replyItem).toMatchObject({ judgmentsNeeded: config.repliesPerMessage + 1, status: 'OPEN' });

    const { userId } = await db.workerProfile.findUniqueOrThrow({ where: { id: writer }, select: { userId: true } });
    await appealJudgment({ userId, workerId: writer }, judgmentId, 'It was a joke about spam, please look again.');
    const admin = await db.user.create({ data: { roles: ['ADMIN'] }, select: { id: true } });
    expect(await resolveAppeal({ kind: 'ADMIN', userId: admin.id }, judgmentId, 'UPHOLD')).toEqual({ paid: true });
    const rewards = await db.ledgerTransfer.findMany({ where: { judgmentId, reason: 'JUDGMENT_REWARD' }, select: { amountMsats: true } });
    expect(rewards).toEqual([{ amountMsats: config.rewardsMsats.REPLY }]);
    expect((await db.treeMessage.findUniqueOrThrow({ where: { id: message.id } })).deletedAt).not.toBeNull();
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
