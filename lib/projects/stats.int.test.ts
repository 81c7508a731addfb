import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import type { TeamActor } from '@/lib/teams/actor';
import { getProjectStats } from './stats';


const NOW = new Date('2026-05-01T12:30:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

async function addJudgment(
  projectId: string,
  itemId: string,
  workerId: string,
  answer: object,
  extra: { status?: 'PENDING' | 'APPROVED' | 'REJECTED'; createdAt?: Date; isGold?: boolean; goldCorrect?: boolean } = {},
) {
  const assignment = await db.assignment.create({ data: { itemId, projectId, workerId, status: 'SUBMITTED', leaseExpiresAt: NOW } });
  const { createdAt = hoursAgo(1), ...rest } = extra;
  return db.judgment.create({ data: { assignmentId: assignment.id, itemId, projectId, workerId, answer, durationMs: 4000, rewardMsats: 1000n, createdAt, ...rest } });
}

describe('project stats', () => {
  it('counts items, judgments, spend, throughput, agreement and gold accuracy', async () => {
    const projectId = await createTestProject({ rewardMsats: 1000n, feeBps: 1000 });
    const { teamId } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
    const actor: TeamActor = { kind: 'API_KEY', teamId, userId: null, apiKeyId: randomUUID() };
    const [a, b, c, d] = await createTestItems(projectId, 4, { judgmentsNeeded: 2 });
    const [goldItem] = await createTestItems(projectId, 1, { isGold: true, goldAnswer: { choice: 'A' } });
    const workers = await createTestWorkers(3);

    // Item a: done, both chose A. Item b: one A one B, still needs nothing more but kept OPEN to test waiting.
    await addJudgment(projectId, a, workers[0], { choice: 'A' }, { status: 'APPROVED', createdAt: hoursAgo(2) });
    await addJudgment(projectId, a, workers[1], { choice: 'A' }, { createdAt: hoursAgo(0.2) });
    await db.item.update({ where: { id: a }, data: { status: 'DONE', judgmentsDone: 2, openSlots: 0 } });
    await addJudgment(projectId, b, workers[0], { choice: 'A' }, { createdAt: hoursAgo(30) });
    await addJudgment(projectId, b, workers[1], { choice: 'B' }, { status: 'REJECTED' });
    await db.item.update({ where: { id: b }, data: { judgmentsDone: 1 } });
    // Item c is being worked on right now; item d waits.
    await db.assignment.create({ data: { itemId: c, projectId, workerId: workers[2], status: 'ACTIVE', leaseExpiresAt: new Date(Date.now() + 600_000) } });
    await addJudgment(projectId, goldItem, workers[2], { choice: 'A' }, { isGold: true, goldCorrect: true });
    await addJudgment(projectId, goldItem, workers[1], { choice: 'B' }, { isGold: true, goldCorrect: false });

    // One approval's reward and fee, paid from escrow as review does it.
    await db.$transaction(async (t) => {
      const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId, projectId });
      const worker = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId: workers[0] });
      const fees = await getOrCreateAccount(t, { kind: 'FEE_INCOME' });
      await postTransfer(t, { debitAccountId: escrow.id, creditAccountId: worker.id, amountMsats: 1000n, idempotencyKey: `t-${randomUUID()}`, reason: 'JUDGMENT_REWARD' });
      await postTransfer(t, { debitAccountId: escrow.id, creditAccountId: fees.id, amountMsats: 100n, idempotencyKey: `t-${randomUUID()}`, reason: 'PLATFORM_FEE' });
    });

    const stats = await getProjectStats(actor, projectId, { now: NOW });
    expect(stats.items).toEqual({ total: 5, done: 1, inProgress: 1, waiting: 2, gold: 1, cancelled: 0 });
    expect(stats.remainingJudgments).toBe(1 + 2 + 2);
    expect(stats.judgments).toEqual({ PENDING: 4, APPROVED: 1, REJECTED: 1, total: 6 });
    expect(stats.money.spentMsats).toBe(1100n);
    expect(stats.money.escrowMsats).toBe(10_000_000_000n - 1100n);
    expect(stats.money.pendingCostMsats).toBe(4n * 1100n);

    expect(stats.throughput.buckets).toHaveLength(24);
    expect(stats.throughput.buckets[23].start).toBe('2026-05-01T12:00:00.000Z');
    expect(stats.throughput.last24h).toBe(5); // the 30-hour-old judgment is out of the window
    expect(stats.throughput.buckets[23].count).toBe(1);
    expect(stats.throughput.buckets[21].count).toBe(1); // 10:30
    expect(stats.etaHours).toBeCloseTo(5 / stats.throughput.perHour);

    // Items with 2+ answers that were not rejected: a (A, A) and the gold item (A, B).
    expect(stats.agreement).toMatchObject({ method: 'choice', itemsUsed: 2, units: 2, percent: 0.5, capped: false });
    expect(stats.gold).toEqual({ judged: 2, correct: 1, accuracy: 0.5 });
  });

  it('is NOT_FOUND for another team', async () => {
    const projectId = await createTestProject();
    const stranger: TeamActor = { kind: 'API_KEY', teamId: randomUUID(), userId: null, apiKeyId: randomUUID() };
    await expect(getProjectStats(stranger, projectId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
