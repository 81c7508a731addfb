// Quality outcomes per judgment through the real claim → submit path, dynamic overlap, and banning.
import { describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestItems, createTestProject, createTestWorker, createTestWorkers } from '@/lib/assignment/test-fixtures';
import type { ClaimResult } from '@/lib/assignment/types';
import { db } from '@/lib/db';
import { setWorkerStatus } from '@/lib/trust/status';
import { evaluatePendingJudgments } from './evaluate';

const LABELS = ['cat', 'dog', 'bird'];
const classification = { taskType: 'CLASSIFICATION' as const, typeConfig: { labels: LABELS, allowUnsure: false, allowFlag: false } };
const text = (i: number) => ({ text: `Photo ${i}` });

function assignmentIdOf(result: ClaimResult): string {
  if (result.kind !== 'assigned') throw new Error(`expected an assignment, got none (${result.reason})`);
  return result.assignment.assignmentId;
}

async function answer(workerId: string, projectId: string, label: string, seconds = 10) {
  const start = new Date();
  const assignmentId = assignmentIdOf(await claimNextAssignment(workerId, projectId, { now: start }));
  const { judgmentId } = await submitJudgment(workerId, { assignmentId, answer: { label } }, { now: new Date(start.getTime() + seconds * 1000) });
  await evaluatePendingJudgments(); // the job worker's evaluator, run here at once
  return db.judgment.findUniqueOrThrow({ where: { id: judgmentId }, include: { item: true } });
}

describe('quality evaluation of submitted answers', () => {
  it('rejects a too-fast answer when the rules say so, tells why, and gives the slot back', async () => {
    const projectId = await createTestProject({ ...classification, minSeconds: 5, qualityRules: { tooFast: 'reject' } });
    await createTestItems(projectId, 1, { judgmentsNeeded: 1, payload: text });
    const judgment = await answer(await createTestWorker(), projectId, 'cat', 1);
    expect(judgment).toMatchObject({ status: 'REJECTED', reviewSource: 'AUTO', flags: ['too_fast'] });
    expect(judgment.reason).toMatch(/faster than the minimum time/);
    expect(judgment.item).toMatchObject({ status: 'OPEN', openSlots: 1, judgmentsDone: 0 });
  });

  it('sends a wrong gold answer to review and pays a clean answer at once when there is no delay', async () => {
    const projectId = await createTestProject({ ...classification, goldRatio: 1, autoApproveAfterSeconds: 0 });
    await createTestItems(projectId, 1, { isGold: true, goldAnswer: { label: 'dog' }, payload: text });
    await createTestItems(projectId, 1, { judgmentsNeeded: 1, payload: text });
    const workerId = await createTestWorker();
    const wrong = await answer(workerId, projectId, 'cat');
    expect(wrong).toMatchObject({ isGold: true, goldCorrect: false, status: 'PENDING', flags: ['gold_wrong'] });
    const clean = await answer(workerId, projectId, 'bird');
    expect(clean).toMatchObject({ isGold: false, status: 'APPROVED', reviewSource: 'AUTO', flags: [] });
    const worker = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId } });
    expect(worker).toMatchObject({ status: 'ACTIVE', judgmentsApproved: 1, dailyPayoutCapMsats: 2_000_000n });
    expect(await db.trustSnapshot.count({ where: { workerId } })).toBeGreaterThan(0);
  });

  it('asks for one more judgment at a time while an item is disputed, up to the cap', async () => {
    const projectId = await createTestProject({ ...classification, judgmentsPerItem: 2, maxJudgmentsPerItem: 3, agreementThreshold: 0.9 });
    const [itemId] = await createTestItems(projectId, 1, { judgmentsNeeded: 2, payload: text });
    const [a, b, c, d] = await createTestWorkers(4);
    await answer(a, projectId, 'cat');
    const disputed = await answer(b, projectId, 'dog');
    expect(disputed.flags).toEqual([]);
    expect(await db.item.findUniqueOrThrow({ where: { id: itemId } })).toMatchObject({ status: 'OPEN', judgmentsNeeded: 3, openSlots: 1, judgmentsDone: 2 });
    await answer(c, projectId, 'bird');
    expect(await db.item.findUniqueOrThrow({ where: { id: itemId } })).toMatchObject({ status: 'DONE', judgmentsNeeded: 3, openSlots: 0, judgmentsDone: 3 });
    expect(await claimNextAssignment(d, projectId)).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });
  });

  it('pauses a worker whose gold answers are clearly wrong, with a reason they see', async () => {
    const projectId = await createTestProject({ ...classification, goldRatio: 1 });
    await createTestItems(projectId, 8, { isGold: true, goldAnswer: { label: 'dog' }, payload: text });
    const workerId = await createTestWorker();
    for (let i = 0; i < 5; i++) await answer(workerId, projectId, 'cat');
    const worker = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId } });
    expect(worker.status).toBe('PAUSED');
    expect(worker.statusReason).toMatch(/0 of your last 5 check questions were right/);
    expect(await claimNextAssignment(workerId, projectId)).toEqual({ kind: 'none', reason: 'WORKER_NOT_ACTIVE' });
    expect(await db.auditLog.count({ where: { action: 'worker.status', targetId: workerId } })).toBe(1);
    expect(await db.workerFlag.findUniqueOrThrow({ where: { workerId_kind: { workerId, kind: 'LOW_GOLD' } } })).toMatchObject({ status: 'OPEN' });
  });
});

describe('setWorkerStatus', () => {
  it('bans: rejects pending work so its reward stays in escrow, reopens the items and ends live leases', async () => {
    const projectId = await createTestProject({ ...classification, judgmentsPerItem: 1, maxJudgmentsPerItem: 1 });
    const items = await createTestItems(projectId, 2, { judgmentsNeeded: 1, payload: text });
    const [workerId, other] = await createTestWorkers(2);
    const done = await answer(workerId, projectId, 'cat');
    const leased = assignmentIdOf(await claimNextAssignment(workerId, projectId));
    const admin = await db.user.create({ data: { roles: ['ADMIN'] }, select: { id: true } });
    const result = await setWorkerStatus({ kind: 'ADMIN', userId: admin.id }, workerId, 'BANNED', 'Many accounts paying out to one node');
    expect(result).toEqual({ changed: true, rejectedJudgments: 1, expiredAssignments: 1 });
    expect(await db.judgment.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ status: 'REJECTED', reason: 'account banned', reviewSource: 'MANUAL' });
    expect(await db.assignment.findUniqueOrThrow({ where: { id: leased } })).toMatchObject({ status: 'EXPIRED' });
    const reopened = await db.item.findMany({ where: { id: { in: items } } });
    expect(reopened.every((item) => item.status === 'OPEN' && item.openSlots === 1 && item.judgmentsDone === 0)).toBe(true);
    expect(await db.workerProfile.findUniqueOrThrow({ where: { id: workerId } })).toMatchObject({ status: 'BANNED', statusReason: 'Many accounts paying out to one node' });
    expect(await db.ledgerTransfer.count({ where: { judgmentId: done.id } })).toBe(0);
    // Others do the work now.
    await answer(other, projectId, 'dog');
    await answer(other, projectId, 'dog');
    await expect(setWorkerStatus({ kind: 'SYSTEM' }, workerId, 'ACTIVE', 'x')).rejects.toThrow(/reason/);
  });
});
