// The quality evaluator off the worker's tap: answers are stored unevaluated and judged in batches by the job
// worker, which polls the queue. Batches must judge as answers one at a time would, once each however many evaluators
// run, and pay every approved answer exactly once.
import { afterAll, describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import type { ClaimResult } from '@/lib/assignment/types';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { autoApproveDueJudgments } from '@/lib/judgments/review';
import { getAccountBalance, getLedgerSum, getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { evaluateJudgments, evaluatePendingJudgments } from './evaluate';
import { startQualityEvaluator } from './evaluator';

afterAll(() => stopBoss());

const LABELS = ['cat', 'dog', 'bird'];
const classification = {
  taskType: 'CLASSIFICATION' as const,
  typeConfig: { labels: LABELS, allowUnsure: false, allowFlag: false },
  minSeconds: 3,
  goldRatio: 0.3,
  autoApproveAfterSeconds: 0,
  rewardMsats: 2_000n,
  feeBps: 500,
  qualityRules: { tooFast: 'reject', goldWrong: 'review', straightLining: { window: 4, maxSameShare: 0.7 }, minGoldSeen: 2 },
};

function assignmentIdOf(result: ClaimResult): string {
  if (result.kind !== 'assigned') throw new Error(`no task: ${result.reason}`);
  return result.assignment.assignmentId;
}

/** The same scripted answers (label, seconds taken, simulated time) for workers of two identical projects. */
async function answerScript(projectId: string, workers: string[], rounds: [number, number], base: number, afterEach: () => Promise<unknown>) {
  for (let round = rounds[0]; round < rounds[1]; round++) {
    for (const [index, workerId] of workers.entries()) {
      const now = new Date(base + (round * workers.length + index) * 60_000);
      const claim = await claimNextAssignment(workerId, projectId, { now, random: () => ((round * 7 + index * 3) % 10) / 10 });
      if (claim.kind !== 'assigned') continue;
      const label = index % 3 === 0 ? 'cat' : LABELS[(round + index) % 3];
      const seconds = index % 4 === 1 && round % 2 === 0 ? 1 : 10;
      await submitJudgment(workerId, { assignmentId: assignmentIdOf(claim), answer: { label } }, { now: new Date(now.getTime() + seconds * 1000) });
      await afterEach();
    }
  }
}

async function outcomesOf(projectId: string, workers: string[]) {
  const judgments = await db.judgment.findMany({ where: { projectId }, orderBy: { createdAt: 'asc' }, select: { workerId: true, status: true, flags: true, reason: true } });
  const profiles = await db.workerProfile.findMany({ where: { id: { in: workers } }, select: { id: true, status: true, trustScore: true, judgmentsApproved: true, judgmentsRejected: true } });
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return {
    judgments: judgments.map((j) => ({ worker: workers.indexOf(j.workerId), status: j.status, flags: [...j.flags].sort(), reason: j.reason })),
    workers: workers.map((id) => {
      const { status, trustScore, judgmentsApproved, judgmentsRejected } = byId.get(id)!;
      return { status, trustScore: Math.round(trustScore * 1e6) / 1e6, judgmentsApproved, judgmentsRejected };
    }),
  };
}

async function setupTwin() {
  const teamId = (await db.team.create({ data: { name: 'Twin', slug: `twin-${Date.now()}-${Math.random()}` }, select: { id: true } })).id;
  const projectId = await createTestProject({ ...classification, teamId });
  await createTestItems(projectId, 30, { judgmentsNeeded: 2, payload: (i) => ({ text: `Photo ${i}` }), id: undefined });
  await createTestItems(projectId, 6, { isGold: true, goldAnswer: { label: 'cat' }, payload: (i) => ({ text: `Known cat ${i}` }) });
  return projectId;
}

describe('the quality evaluator', () => {
  it('judges a batch of answers from many workers as it judges them one at a time', async () => {
    const [one, batched] = [await setupTwin(), await setupTwin()];
    const [workersOne, workersBatched] = [await createTestWorkers(6), await createTestWorkers(6)];
    const base = Date.now();
    // One at a time: the evaluator runs after every answer.
    await answerScript(one, workersOne, [0, 4], base, () => evaluatePendingJudgments());
    // Batched: a round of answers (one per worker) is judged together, as the job worker gathers them.
    for (let round = 0; round < 4; round++) {
      await answerScript(batched, workersBatched, [round, round + 1], base, async () => {});
      await evaluatePendingJudgments();
    }
    const [a, b] = [await outcomesOf(one, workersOne), await outcomesOf(batched, workersBatched)];
    expect(a.judgments.some((j) => j.status === 'REJECTED')).toBe(true);
    expect(a.judgments.some((j) => j.flags.length > 0 && j.status === 'PENDING')).toBe(true);
    expect(a.judgments.some((j) => j.status === 'APPROVED')).toBe(true);
    expect(b).toEqual(a);
  });

  it('judges each answer once and pays each approved one once, however many evaluators drain the queue', async () => {
    const projectId = await createTestProject({ autoApproveAfterSeconds: 0, rewardMsats: 3_000n, feeBps: 1000 });
    await createTestItems(projectId, 60);
    const workers = await createTestWorkers(20);
    for (const workerId of workers) {
      for (let i = 0; i < 3; i++) {
        const claim = await claimNextAssignment(workerId, projectId);
        await submitJudgment(workerId, { assignmentId: assignmentIdOf(claim), answer: { choice: 'A' } });
      }
    }
    const drained = await Promise.all([0, 1, 2, 3].map(() => evaluatePendingJudgments({ batchSize: 7 })));
    expect(drained.reduce((sum, n) => sum + n, 0)).toBe(60);
    expect(await db.judgment.count({ where: { projectId, evaluatedAt: null } })).toBe(0);
    const approved = await db.judgment.count({ where: { projectId, status: 'APPROVED' } });
    expect(approved).toBeGreaterThan(0);
    expect(await db.ledgerTransfer.count({ where: { reason: 'JUDGMENT_REWARD', judgment: { projectId } } })).toBe(approved);
    expect(await db.ledgerTransfer.count({ where: { reason: 'PLATFORM_FEE', judgment: { projectId } } })).toBe(approved);
    const counted = await db.workerProfile.aggregate({ where: { id: { in: workers } }, _sum: { judgmentsApproved: true } });
    expect(counted._sum.judgmentsApproved).toBe(approved);
    expect(await db.auditLog.count({ where: { action: 'judgment.approve', targetId: { in: (await db.judgment.findMany({ where: { projectId }, select: { id: true } })).map((j) => j.id) } } })).toBe(approved);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('approves and pays a stored answer within its first polls, with no wake-up from the submit', async () => {
    const projectId = await createTestProject({ autoApproveAfterSeconds: 0 });
    await createTestItems(projectId, 2);
    const [workerId] = await createTestWorkers(1);
    const evaluator = startQualityEvaluator();
    try {
      const { judgmentId } = await submitJudgment(workerId, { assignmentId: assignmentIdOf(await claimNextAssignment(workerId, projectId)), answer: { choice: 'A' } });
      const deadline = Date.now() + 900; // a few of the evaluator's 200 ms polls
      let status = 'PENDING';
      while (status === 'PENDING' && Date.now() < deadline) {
        status = (await db.judgment.findUniqueOrThrow({ where: { id: judgmentId }, select: { status: true } })).status;
        if (status === 'PENDING') await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(status).toBe('APPROVED');
    } finally {
      await evaluator.stop();
    }
  });

  it('the auto-approval sweep never pays an answer the rules have not judged yet', async () => {
    const projectId = await createTestProject({ autoApproveAfterSeconds: 60 });
    await createTestItems(projectId, 1);
    const [workerId] = await createTestWorkers(1);
    const { judgmentId } = await submitJudgment(workerId, { assignmentId: assignmentIdOf(await claimNextAssignment(workerId, projectId)), answer: { choice: 'A' } });
    await db.judgment.update({ where: { id: judgmentId }, data: { createdAt: new Date(Date.now() - 3600_000) } });
    expect(await autoApproveDueJudgments()).toEqual({ approved: 0, failed: 0 });
    await evaluateJudgments({ ids: [judgmentId] });
    expect(await autoApproveDueJudgments()).toEqual({ approved: 1, failed: 0 });
  });

  it('an escrow that cannot pay the whole batch: each answer is paid on its own while it lasts, the rest wait', async () => {
    const projectId = await createTestProject({ autoApproveAfterSeconds: 0, rewardMsats: 10_000n, feeBps: 0 });
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
    await createTestItems(projectId, 3, { judgmentsNeeded: 1 });
    const workers = await createTestWorkers(3);
    const ids: string[] = [];
    for (const workerId of workers) ids.push((await submitJudgment(workerId, { assignmentId: assignmentIdOf(await claimNextAssignment(workerId, projectId)), answer: { choice: 'A' } })).judgmentId);
    // The team takes money back out of escrow (as a refund would) until only two rewards are left.
    const escrowSpec = { kind: 'PROJECT_ESCROW' as const, teamId: project.teamId, projectId };
    const left = await getAccountBalance(db, escrowSpec);
    await db.$transaction(async (t) => {
      const escrow = await getOrCreateAccount(t, escrowSpec);
      const out = await getOrCreateAccount(t, { kind: 'LIGHTNING_OUT' });
      await postTransfer(t, { debitAccountId: escrow.id, creditAccountId: out.id, amountMsats: left - 20_000n, idempotencyKey: `drain:${projectId}`, reason: 'ADJUSTMENT' });
    });
    await evaluatePendingJudgments();
    const statuses = await db.judgment.findMany({ where: { id: { in: ids } }, select: { status: true, evaluatedAt: true } });
    expect(statuses.filter((j) => j.status === 'APPROVED')).toHaveLength(2);
    expect(statuses.filter((j) => j.status === 'PENDING')).toHaveLength(1);
    expect(statuses.every((j) => j.evaluatedAt !== null)).toBe(true);
    expect(await getAccountBalance(db, escrowSpec)).toBe(0n);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
