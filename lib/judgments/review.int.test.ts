// Review and appeals against real PostgreSQL: slots go back on requeue, bulk approval pays each match once, and an
// upheld appeal moves the reward from escrow to the worker exactly once while the ledger stays balanced.
import { afterAll, describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { getAccountBalance, getLedgerSum } from '@/lib/ledger/accounts';
import { evaluatePendingJudgments } from '@/lib/quality/evaluate';
import { appealJudgment, resolveAppeal } from './appeals';
import { approveJudgment, autoApproveDueJudgments, bulkApprove, rejectAndRequeue, rejectJudgment } from './review';

afterAll(() => stopBoss());

async function answerOne(workerId: string, projectId: string, choice: 'A' | 'B' = 'A'): Promise<string> {
  const claim = await claimNextAssignment(workerId, projectId);
  if (claim.kind !== 'assigned') throw new Error(`no assignment: ${claim.reason}`);
  const { judgmentId } = await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: { choice } });
  await evaluatePendingJudgments(); // the job worker's quality evaluator, run here at once
  return judgmentId;
}

async function setup(options: { judgmentsPerItem?: number; workers?: number; items?: number } = {}) {
  const needed = options.judgmentsPerItem ?? 1;
  const projectId = await createTestProject({ judgmentsPerItem: needed, maxJudgmentsPerItem: needed, rewardMsats: 21_000n, feeBps: 1000 });
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
  const itemIds = await createTestItems(projectId, options.items ?? 1, { judgmentsNeeded: needed });
  const workers = await createTestWorkers(options.workers ?? 2);
  const admin = await db.user.create({ data: { roles: ['ADMIN'], email: `admin-${projectId}@test.dev` }, select: { id: true } });
  const escrow = () => getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId: project.teamId, projectId });
  const wallet = (workerId: string) => getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId });
  const userOf = async (workerId: string) => (await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { userId: true } })).userId;
  return { projectId, itemIds, workers, actor: { kind: 'ADMIN' as const, userId: admin.id }, escrow, wallet, userOf };
}

const rewardTransfers = (judgmentId: string) => db.ledgerTransfer.count({ where: { judgmentId, reason: 'JUDGMENT_REWARD' } });
const auditActions = async (targetId: string) => (await db.auditLog.findMany({ where: { targetId }, orderBy: { createdAt: 'asc' } })).map((a) => a.action);

describe('rejectAndRequeue', () => {
  it('rejects and gives the item its slot back so another worker answers it', async () => {
    const { projectId, itemIds, workers, actor } = await setup();
    const judgmentId = await answerOne(workers[0], projectId);
    expect(await db.item.findUniqueOrThrow({ where: { id: itemIds[0] } })).toMatchObject({ status: 'DONE', openSlots: 0, judgmentsDone: 1 });

    expect(await rejectAndRequeue(actor, judgmentId, 'Answered without reading')).toEqual({ requeued: true });
    expect(await db.judgment.findUniqueOrThrow({ where: { id: judgmentId } })).toMatchObject({ status: 'REJECTED', reason: 'Answered without reading', reviewSource: 'MANUAL' });
    expect(await db.item.findUniqueOrThrow({ where: { id: itemIds[0] } })).toMatchObject({ status: 'OPEN', openSlots: 1, judgmentsDone: 0, completedAt: null });

    // The same worker never gets the item again; another one does.
    expect((await claimNextAssignment(workers[0], projectId)).kind).toBe('none');
    await answerOne(workers[1], projectId);
    expect(await db.item.findUniqueOrThrow({ where: { id: itemIds[0] } })).toMatchObject({ status: 'DONE', openSlots: 0, judgmentsDone: 1 });
    expect(await auditActions(judgmentId)).toEqual(['judgment.reject_requeue']);
    await expect(rejectAndRequeue(actor, judgmentId, 'again')).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('requires a reason and leaves gold answers without a slot to give back', async () => {
    const { projectId, workers, actor } = await setup();
    const judgmentId = await answerOne(workers[0], projectId);
    await expect(rejectAndRequeue(actor, judgmentId, '  ')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await db.judgment.update({ where: { id: judgmentId }, data: { isGold: true } });
    expect(await rejectAndRequeue(actor, judgmentId, 'Wrong on gold')).toEqual({ requeued: false });
  });
});

describe('bulkApprove', () => {
  it('approves every pending match within the bounds, each paid once', async () => {
    const { projectId, workers, actor, escrow, wallet } = await setup({ items: 4, workers: 1 });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await answerOne(workers[0], projectId));
    await rejectJudgment(actor, ids[0], 'not this one');
    const escrowBefore = await escrow();
    const sumBefore = await getLedgerSum(db);

    // Bounded to what the admin saw: ids[3] arrived after the page was rendered.
    const result = await bulkApprove(actor, { status: 'PENDING', projectId }, { max: 10, upToId: ids[2] });
    expect(result).toEqual({ approved: 2, failed: 0, matched: 2 });
    expect((await db.judgment.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } })).map((j) => j.status)).toEqual(['REJECTED', 'APPROVED', 'APPROVED', 'PENDING']);
    expect(await wallet(workers[0])).toBe(42_000n);
    expect(escrowBefore - (await escrow())).toBe(2n * (21_000n + 2_100n));
    expect(await getLedgerSum(db)).toBe(sumBefore);

    // Again with no bound and max 1: only the last pending one; nothing is paid twice.
    expect(await bulkApprove(actor, { status: 'PENDING', projectId }, { max: 1 })).toMatchObject({ approved: 1 });
    expect(await wallet(workers[0])).toBe(63_000n);
    for (const id of ids.slice(1)) expect(await rewardTransfers(id)).toBe(1);
  });

  it('filters by worker name and flag', async () => {
    const { projectId, workers, actor } = await setup({ items: 2, workers: 2 });
    const mine = await answerOne(workers[0], projectId);
    const theirs = await answerOne(workers[1], projectId);
    await db.judgment.update({ where: { id: theirs }, data: { flags: ['too_fast'] } });
    const { displayName } = await db.workerProfile.findUniqueOrThrow({ where: { id: workers[0] } });
    await db.workerProfile.update({ where: { id: workers[0] }, data: { displayName: `${displayName}-${mine.slice(0, 8)}` } });
    expect(await bulkApprove(actor, { status: 'PENDING', projectId, flag: 'too_fast' }, { max: 10 })).toMatchObject({ approved: 1 });
    expect((await db.judgment.findUniqueOrThrow({ where: { id: theirs } })).status).toBe('APPROVED');
    expect(await bulkApprove(actor, { status: 'PENDING', worker: `${displayName}-${mine.slice(0, 8)}`.toUpperCase() }, { max: 10 })).toMatchObject({ approved: 1 });
    expect((await db.judgment.findUniqueOrThrow({ where: { id: mine } })).status).toBe('APPROVED');
  });
});

describe('appeals', () => {
  it('an upheld appeal pays the reward from escrow to the worker exactly once', async () => {
    const { projectId, workers, actor, escrow, wallet, userOf } = await setup();
    const judgmentId = await answerOne(workers[0], projectId);
    await rejectJudgment(actor, judgmentId, 'Looks random');
    const worker = { userId: await userOf(workers[0]), workerId: workers[0] };
    const escrowBefore = await escrow();
    const sumBefore = await getLedgerSum(db);

    await expect(appealJudgment(worker, judgmentId, 'too short')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await appealJudgment(worker, judgmentId, 'I read both answers carefully; A cites the source.');
    await expect(appealJudgment(worker, judgmentId, 'And once more, please look again.')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.judgment.findUniqueOrThrow({ where: { id: judgmentId } })).toMatchObject({ appealStatus: 'OPEN', status: 'REJECTED' });
    expect((await db.judgment.findUniqueOrThrow({ where: { id: judgmentId } })).appealedAt).toBeInstanceOf(Date);

    const results = await Promise.allSettled([resolveAppeal(actor, judgmentId, 'UPHOLD', 'Fair point'), resolveAppeal(actor, judgmentId, 'UPHOLD')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await expect(resolveAppeal(actor, judgmentId, 'DENY')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(approveJudgment(actor, judgmentId)).resolves.toEqual({ paid: false });

    expect(await db.judgment.findUniqueOrThrow({ where: { id: judgmentId } })).toMatchObject({ status: 'APPROVED', appealStatus: 'UPHELD', reviewerId: actor.userId });
    expect(await wallet(workers[0])).toBe(21_000n);
    expect(escrowBefore - (await escrow())).toBe(21_000n + 2_100n);
    expect(await rewardTransfers(judgmentId)).toBe(1);
    expect(await getLedgerSum(db)).toBe(sumBefore);
    expect(await db.workerProfile.findUniqueOrThrow({ where: { id: workers[0] } })).toMatchObject({ judgmentsApproved: 1, judgmentsRejected: 0 });
    expect(await auditActions(judgmentId)).toEqual(['judgment.reject', 'judgment.appeal', 'judgment.appeal_uphold']);
  });

  it('a denied appeal keeps the rejection, adds the note, and moves no money', async () => {
    const { projectId, workers, actor, escrow, wallet, userOf } = await setup();
    const judgmentId = await answerOne(workers[0], projectId);
    await rejectJudgment(actor, judgmentId, 'Looks random');
    const escrowBefore = await escrow();
    await appealJudgment({ userId: await userOf(workers[0]), workerId: workers[0] }, judgmentId, 'Please have another look at it.');
    await resolveAppeal(actor, judgmentId, 'DENY', 'B is clearly better here');
    expect(await db.judgment.findUniqueOrThrow({ where: { id: judgmentId } })).toMatchObject({
      status: 'REJECTED',
      appealStatus: 'DENIED',
      reason: 'Looks random\n\nAppeal denied: B is clearly better here',
    });
    expect(await wallet(workers[0])).toBe(0n);
    expect(await escrow()).toBe(escrowBefore);
    expect(await auditActions(judgmentId)).toEqual(['judgment.reject', 'judgment.appeal', 'judgment.appeal_deny']);
  });

  it('only the owner may appeal, and only a rejected judgment', async () => {
    const { projectId, workers, actor, userOf } = await setup();
    const judgmentId = await answerOne(workers[0], projectId);
    const owner = { userId: await userOf(workers[0]), workerId: workers[0] };
    const other = { userId: await userOf(workers[1]), workerId: workers[1] };
    await expect(appealJudgment(owner, judgmentId, 'It is still pending but anyway.')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await rejectJudgment(actor, judgmentId, 'Looks random');
    await expect(appealJudgment(other, judgmentId, 'Not mine but let me try.')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resolveAppeal(actor, judgmentId, 'UPHOLD')).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('autoApproveDueJudgments', () => {
  it('pays clean judgments after the project delay and holds flagged ones for at least 72 hours', async () => {
    const { projectId, workers, wallet } = await setup({ items: 3, workers: 3 });
    await db.project.update({ where: { id: projectId }, data: { autoApproveAfterSeconds: 60 } });
    const [clean, flaggedRecent, flaggedOld] = await Promise.all(workers.map((w) => answerOne(w, projectId)));
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    await db.judgment.update({ where: { id: clean }, data: { createdAt: ago(120), flags: [] } });
    await db.judgment.update({ where: { id: flaggedRecent }, data: { createdAt: ago(3600), flags: ['too_fast'] } });
    await db.judgment.update({ where: { id: flaggedOld }, data: { createdAt: ago(73 * 3600), flags: ['straight_lining'] } });

    expect(await autoApproveDueJudgments()).toEqual({ approved: 2, failed: 0 });
    const status = async (id: string) => (await db.judgment.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
    expect(await status(clean)).toBe('APPROVED');
    expect(await status(flaggedRecent)).toBe('PENDING');
    expect(await status(flaggedOld)).toBe('APPROVED');
    expect(await wallet(workers[0])).toBe(21_000n);
    expect(await wallet(workers[1])).toBe(0n);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});

describe('trust after review', () => {
  it('lowers the worker’s trust score when an admin rejects their work', async () => {
    const { projectId, workers, actor } = await setup({ items: 4, workers: 1 });
    const trust = async () => (await db.workerProfile.findUniqueOrThrow({ where: { id: workers[0] }, select: { trustScore: true } })).trustScore;
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push(await answerOne(workers[0], projectId));
    const before = await trust();
    for (const id of ids) await rejectJudgment(actor, id, 'Did not follow the instructions');
    expect(await trust()).toBeLessThan(before);
    expect(await db.trustSnapshot.count({ where: { workerId: workers[0], reason: 'judgment rejected in review' } })).toBeGreaterThan(0);
  });
});
