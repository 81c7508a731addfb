// Submitting, skipping and lease expiry: idempotent submits under true concurrency, slots coming back, and the
// states an assignment can no longer leave. Time is simulated by passing `now`.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { jobs } from '@/lib/jobs/registry';
import { claimNextAssignment } from './claim';
import { expireLeases } from './leases';
import { skipAssignment } from './skip';
import { submitJudgment } from './submit';
import { createTestItems, createTestProject, createTestWorker, createTestWorkers } from './test-fixtures';
import type { AssignmentView, ClaimResult } from './types';

function assigned(result: ClaimResult): AssignmentView {
  if (result.kind !== 'assigned') throw new Error(`expected an assignment, got none (${result.reason})`);
  return result.assignment;
}

const seconds = (base: Date, s: number) => new Date(base.getTime() + s * 1000);

async function getItemOf(assignmentId: string) {
  const { item } = await db.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    select: { item: { select: { id: true, openSlots: true, judgmentsDone: true, status: true } } },
  });
  return item;
}

describe('submitJudgment', () => {
  it('records one judgment when the same answer is sent several times at once', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 1);
    const workerId = await createTestWorker();
    const view = assigned(await claimNextAssignment(workerId, projectId));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'A' } })),
    );
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(new Set(results.map((result) => result.judgmentId)).size).toBe(1);
    expect(await db.judgment.count({ where: { assignmentId: view.assignmentId } })).toBe(1);
    expect(await getItemOf(view.assignmentId)).toMatchObject({ judgmentsDone: 1, openSlots: 2, status: 'OPEN' });

    // A retry after a dropped connection, even with another answer, returns the first judgment and changes nothing.
    const retry = await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'B' } });
    expect(retry).toMatchObject({ duplicate: true, judgmentId: results[0].judgmentId, isExam: false, goldCorrect: null, exam: null });
    const judgment = await db.judgment.findUniqueOrThrow({ where: { id: retry.judgmentId } });
    expect(judgment).toMatchObject({ status: 'PENDING', rewardMsats: 1_000n, isGold: false, isExam: false, flags: [] });
  });

  it('marks the item DONE with its last judgment', async () => {
    const projectId = await createTestProject();
    const [itemId] = await createTestItems(projectId, 1, { judgmentsNeeded: 2 });
    const workers = await createTestWorkers(3);
    for (const workerId of workers.slice(0, 2)) {
      const view = assigned(await claimNextAssignment(workerId, projectId));
      await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'tie' } });
    }
    const item = await db.item.findUniqueOrThrow({ where: { id: itemId } });
    expect(item).toMatchObject({ status: 'DONE', judgmentsDone: 2, openSlots: 0 });
    expect(item.completedAt).toBeInstanceOf(Date);
    expect(await claimNextAssignment(workers[2], projectId)).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });
  });

  it('measures the duration on the server and flags answers faster than minSeconds', async () => {
    const projectId = await createTestProject({ minSeconds: 5 });
    await createTestItems(projectId, 2);
    const workerId = await createTestWorker();
    const start = new Date();
    const fast = assigned(await claimNextAssignment(workerId, projectId, { now: start }));
    const quick = await submitJudgment(workerId, { assignmentId: fast.assignmentId, answer: { choice: 'A' } }, { now: seconds(start, 2) });
    expect(await db.judgment.findUniqueOrThrow({ where: { id: quick.judgmentId } })).toMatchObject({
      durationMs: 2000,
      isTooFast: true,
      flags: ['too_fast'],
    });
    const slow = assigned(await claimNextAssignment(workerId, projectId, { now: seconds(start, 10) }));
    const careful = await submitJudgment(workerId, { assignmentId: slow.assignmentId, answer: { choice: 'B' } }, { now: seconds(start, 17) });
    expect(await db.judgment.findUniqueOrThrow({ where: { id: careful.judgmentId } })).toMatchObject({
      durationMs: 7000,
      isTooFast: false,
      flags: [],
    });
  });

  it('refuses an invalid answer with a message the worker can act on, and keeps the task open', async () => {
    const projectId = await createTestProject({ typeConfig: { allowTie: false, allowBothBad: false } });
    await createTestItems(projectId, 1);
    const workerId = await createTestWorker();
    const view = assigned(await claimNextAssignment(workerId, projectId));
    for (const answer of [{ choice: 'C' }, { choice: 'tie' }, 'A', null, { choice: 'A', extra: 1 }]) {
      const error = await submitJudgment(workerId, { assignmentId: view.assignmentId, answer }).catch((e: unknown) => e);
      expect(error, JSON.stringify(answer)).toMatchObject({ code: 'INVALID_INPUT' });
      expect((error as Error).message).toMatch(/^Invalid answer: /);
    }
    const error = await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'C' } }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('choice');
    expect(await db.assignment.findUniqueOrThrow({ where: { id: view.assignmentId } })).toMatchObject({ status: 'ACTIVE' });
    await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'B' } });
  });

  it("refuses someone else's task, or one that doesn't exist", async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 1);
    const [workerId, otherId] = await createTestWorkers(2);
    const view = assigned(await claimNextAssignment(workerId, projectId));
    await expect(submitJudgment(otherId, { assignmentId: view.assignmentId, answer: { choice: 'A' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(submitJudgment(workerId, { assignmentId: crypto.randomUUID(), answer: { choice: 'A' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(submitJudgment(workerId, { assignmentId: 'x', answer: { choice: 'A' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('leases', () => {
  it('frees the slot of an expired lease, and an expired task can no longer be submitted', async () => {
    const projectId = await createTestProject({ leaseSeconds: 60 });
    await createTestItems(projectId, 1, { judgmentsNeeded: 1 });
    const [slowId, nextId] = await createTestWorkers(2);
    const start = new Date();
    const lease = assigned(await claimNextAssignment(slowId, projectId, { now: start }));
    expect(lease.leaseExpiresAt).toEqual(seconds(start, 60));
    expect(await claimNextAssignment(nextId, projectId, { now: seconds(start, 10) })).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });

    expect(await expireLeases(seconds(start, 30))).toBe(0);
    expect(await expireLeases(seconds(start, 61))).toBe(1);
    expect(await expireLeases(seconds(start, 62))).toBe(0);
    expect(await getItemOf(lease.assignmentId)).toMatchObject({ openSlots: 1, judgmentsDone: 0 });

    const late = submitJudgment(slowId, { assignmentId: lease.assignmentId, answer: { choice: 'A' } }, { now: seconds(start, 63) });
    await expect(late).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(late).rejects.toThrow(/time ran out/i);

    const next = assigned(await claimNextAssignment(nextId, projectId, { now: seconds(start, 64) }));
    expect((await getItemOf(next.assignmentId)).openSlots).toBe(0);
    // The slow worker gets a new task, never the same item again.
    expect(await claimNextAssignment(slowId, projectId, { now: seconds(start, 65) })).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });
  });

  it('expires stale leases of the project on the next claim, before any sweeper runs', async () => {
    const projectId = await createTestProject({ leaseSeconds: 60 });
    await createTestItems(projectId, 1, { judgmentsNeeded: 1 });
    const [goneId, nextId] = await createTestWorkers(2);
    const start = new Date();
    const lease = assigned(await claimNextAssignment(goneId, projectId, { now: start }));
    const next = assigned(await claimNextAssignment(nextId, projectId, { now: seconds(start, 61) }));
    expect(await db.assignment.findUniqueOrThrow({ where: { id: lease.assignmentId } })).toMatchObject({ status: 'EXPIRED' });
    expect((await getItemOf(next.assignmentId)).openSlots).toBe(0);
  });

  it('accepts a late answer while the lease is still ACTIVE (the sweeper has not run): it still holds its slot', async () => {
    const projectId = await createTestProject({ leaseSeconds: 60 });
    await createTestItems(projectId, 1, { judgmentsNeeded: 1 });
    const workerId = await createTestWorker();
    const start = new Date();
    const lease = assigned(await claimNextAssignment(workerId, projectId, { now: start }));
    const result = await submitJudgment(workerId, { assignmentId: lease.assignmentId, answer: { choice: 'A' } }, { now: seconds(start, 120) });
    expect(await db.judgment.findUniqueOrThrow({ where: { id: result.judgmentId } })).toMatchObject({ durationMs: 120_000 });
    expect(await getItemOf(lease.assignmentId)).toMatchObject({ status: 'DONE', openSlots: 0, judgmentsDone: 1 });
    await expireLeases(seconds(start, 121));
    expect(await db.assignment.findUniqueOrThrow({ where: { id: lease.assignmentId } })).toMatchObject({ status: 'SUBMITTED' });
  });

  it('returns every slot exactly once when several sweepers run at the same time', async () => {
    const projectId = await createTestProject({ leaseSeconds: 60 });
    const itemIds = await createTestItems(projectId, 10, { judgmentsNeeded: 3 });
    const workers = await createTestWorkers(24);
    // A day ahead, after sweeping what earlier tests left behind, so the count below is this test's leases only.
    const start = seconds(new Date(), 86_400);
    await expireLeases(start);
    await Promise.all(workers.map((workerId) => claimNextAssignment(workerId, projectId, { now: start })));
    const gold = await createTestItems(projectId, 1, { isGold: true, goldAnswer: { choice: 'A' } });
    const goldWorker = await createTestWorker();
    await db.assignment.create({
      data: { itemId: gold[0], projectId, workerId: goldWorker, leasedAt: start, leaseExpiresAt: seconds(start, 60) },
    });
    const expired = await Promise.all(Array.from({ length: 6 }, () => expireLeases(seconds(start, 61))));
    expect(expired.reduce((sum, count) => sum + count, 0)).toBe(25);
    const items = await db.item.findMany({ where: { id: { in: itemIds } }, select: { openSlots: true } });
    expect(items.map((item) => item.openSlots)).toEqual(Array(10).fill(3));
    expect(await db.item.findUniqueOrThrow({ where: { id: gold[0] }, select: { openSlots: true } })).toEqual({ openSlots: 1 });
  });
});

describe('the assignment.expire-leases job', () => {
  it('runs every minute and sweeps expired leases', async () => {
    const job = jobs['assignment.expire-leases'];
    expect(job.cron).toBe('* * * * *');
    const projectId = await createTestProject({ leaseSeconds: 1 });
    await createTestItems(projectId, 1, { judgmentsNeeded: 1 });
    const workerId = await createTestWorker();
    const lease = assigned(await claimNextAssignment(workerId, projectId, { now: seconds(new Date(), -5) }));
    expect(await job.handle(job.schema.parse({}))).toBeGreaterThanOrEqual(1);
    expect(await db.assignment.findUniqueOrThrow({ where: { id: lease.assignmentId } })).toMatchObject({ status: 'EXPIRED' });
  });
});

describe('skipAssignment', () => {
  it('gives the slot back and never serves the item to that worker again', async () => {
    const projectId = await createTestProject();
    const itemIds = await createTestItems(projectId, 3, { judgmentsNeeded: 1 });
    const [workerId, otherId] = await createTestWorkers(2);
    const view = assigned(await claimNextAssignment(workerId, projectId));
    const skippedItem = (await getItemOf(view.assignmentId)).id;
    await skipAssignment(workerId, { assignmentId: view.assignmentId, reason: 'unclear' });
    expect(await db.assignment.findUniqueOrThrow({ where: { id: view.assignmentId } })).toMatchObject({
      status: 'SKIPPED',
      skipReason: 'unclear',
    });
    expect((await getItemOf(view.assignmentId)).openSlots).toBe(1);
    // A double tap on "skip" changes nothing more.
    await skipAssignment(workerId, { assignmentId: view.assignmentId, reason: 'unclear' });
    expect((await getItemOf(view.assignmentId)).openSlots).toBe(1);

    const served: string[] = [];
    for (let i = 0; i < 2; i++) {
      const next = assigned(await claimNextAssignment(workerId, projectId));
      served.push((await getItemOf(next.assignmentId)).id);
      await submitJudgment(workerId, { assignmentId: next.assignmentId, answer: { choice: 'A' } });
    }
    expect(new Set(served)).toEqual(new Set(itemIds.filter((id) => id !== skippedItem)));
    expect(await claimNextAssignment(workerId, projectId)).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });
    const other = assigned(await claimNextAssignment(otherId, projectId));
    expect((await getItemOf(other.assignmentId)).id).toBe(skippedItem);

    await expect(submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'A' } })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('checks the reason, the owner and the state', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 2);
    const [workerId, otherId] = await createTestWorkers(2);
    const view = assigned(await claimNextAssignment(workerId, projectId));
    await expect(skipAssignment(workerId, { assignmentId: view.assignmentId, reason: 'bored' as never })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(skipAssignment(otherId, { assignmentId: view.assignmentId, reason: 'other' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'A' } });
    await expect(skipAssignment(workerId, { assignmentId: view.assignmentId, reason: 'broken' })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });
});
