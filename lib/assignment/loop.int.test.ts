// The task loop with a task leased ahead (loop.ts): what a tap stores, what comes on screen, what is leased behind it,
// and the guarantees that must hold with two live leases per worker (lease, clock, skip, double taps, exams).
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { evaluatePendingJudgments } from '@/lib/quality/evaluate';
import { lockWorkers } from '@/lib/trust/score';
import { claimLeases } from './claim';
import { advanceTaskLoop, leaseAhead } from './loop';
import { createTestItems, createTestProject, createTestWorker, createTestWorkers } from './test-fixtures';
import type { AssignmentView } from './types';

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

async function start(workerId: string, projectId: string, now = new Date()) {
  const leases = await claimLeases(workerId, projectId, { want: 2, now });
  if (leases.kind !== 'leases') throw new Error(`no leases: ${leases.reason}`);
  return { current: leases.current, ahead: leases.ahead as AssignmentView };
}

const liveLeases = (workerId: string) =>
  db.assignment.findMany({ where: { workerId, status: 'ACTIVE' }, orderBy: { leasedAt: 'asc' }, select: { id: true, slot: true, shownAt: true, leaseExpiresAt: true } });

describe('the task loop', () => {
  it('leases the task on screen and the next one; a tap stores the answer, shows the next and leases the one after', async () => {
    const projectId = await createTestProject({ leaseSeconds: 600, autoApproveAfterSeconds: 0 });
    await createTestItems(projectId, 10);
    const workerId = await createTestWorker();
    const t0 = new Date();
    const { current, ahead } = await start(workerId, projectId, t0);
    expect(ahead).not.toBeNull();
    const leases = await liveLeases(workerId);
    expect(leases.map((l) => l.slot).sort()).toEqual([0, 1]);
    expect(leases.find((l) => l.id === current.assignmentId)!.shownAt).toEqual(t0);
    expect(leases.find((l) => l.id === ahead.assignmentId)!.shownAt).toBeNull();

    // 40 s later the worker answers: the next task comes on screen with a full lease from now, another is leased.
    const t1 = at(t0, 40);
    const step = await advanceTaskLoop(workerId, { assignmentId: current.assignmentId, outcome: { answer: { choice: 'A' } }, aheadId: ahead.assignmentId }, { now: t1 });
    if (step.kind !== 'next') throw new Error(step.kind);
    expect(step.current).toBeNull(); // the phone's own next task is the one on screen
    expect(step.promoted).toEqual({ assignmentId: ahead.assignmentId, leaseExpiresAt: at(t1, 600) });
    expect(step.ahead?.assignmentId).toBeDefined();
    expect(step.ahead!.assignmentId).not.toBe(ahead.assignmentId);
    expect((await liveLeases(workerId)).map((l) => l.id).sort()).toEqual([ahead.assignmentId, step.ahead!.assignmentId].sort());

    // Its answer is timed from when it came on screen (t1), not from when it was leased (t0).
    const t2 = at(t1, 7);
    await advanceTaskLoop(workerId, { assignmentId: ahead.assignmentId, outcome: { answer: { choice: 'B' } }, aheadId: step.ahead!.assignmentId }, { now: t2 });
    const judgments = await db.judgment.findMany({ where: { workerId }, orderBy: { createdAt: 'asc' }, select: { durationMs: true, evaluatedAt: true } });
    expect(judgments.map((j) => j.durationMs)).toEqual([40_000, 7_000]);
    // Stored, not yet judged: the quality evaluator approves and pays them moments later.
    expect(judgments.every((j) => j.evaluatedAt === null)).toBe(true);
    expect(await evaluatePendingJudgments()).toBe(2);
    expect(await db.judgment.count({ where: { workerId, status: 'APPROVED' } })).toBe(2);
  });

  it('shows a fresh task when the one leased ahead ran out, and never holds more than two leases', async () => {
    const projectId = await createTestProject({ leaseSeconds: 60 });
    await createTestItems(projectId, 10);
    const workerId = await createTestWorker();
    const t0 = new Date();
    const { current, ahead } = await start(workerId, projectId, t0);
    // The worker took 59 s: the answer is still on time, but the lease taken ahead at t0 has run out by the time it
    // is answered... at 61 s, the promotion finds it stale: a fresh current task is leased instead.
    const late = at(t0, 61);
    await db.assignment.update({ where: { id: current.assignmentId }, data: { leaseExpiresAt: at(t0, 3600) } });
    const step = await advanceTaskLoop(workerId, { assignmentId: current.assignmentId, outcome: { answer: { choice: 'A' } }, aheadId: ahead.assignmentId }, { now: late });
    if (step.kind !== 'next') throw new Error(step.kind);
    expect(step.promoted).toBeNull();
    expect(step.current).not.toBeNull();
    expect(step.current!.assignmentId).not.toBe(ahead.assignmentId);
    const live = await db.assignment.findMany({ where: { workerId, status: 'ACTIVE' }, select: { id: true, leaseExpiresAt: true } });
    expect(live.filter((l) => l.leaseExpiresAt > late)).toHaveLength(2);
    // The stale lease was expired and its item got its slot back.
    expect(await db.assignment.findUniqueOrThrow({ where: { id: ahead.assignmentId }, select: { status: true } })).toEqual({ status: 'EXPIRED' });
  });

  it('a skip moves on like an answer, and the skipped item goes back to the pool', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 2, { judgmentsNeeded: 1 });
    const [workerId, other] = await createTestWorkers(2);
    const { current, ahead } = await start(workerId, projectId);
    const step = await advanceTaskLoop(workerId, { assignmentId: current.assignmentId, outcome: { skip: 'too_hard' }, aheadId: ahead.assignmentId });
    // The next task is on screen; nothing is left to lease behind it (the skipped item is never this worker's again).
    expect(step).toMatchObject({ kind: 'next', current: null, ahead: null, aheadNone: 'NO_ITEMS_LEFT', promoted: { assignmentId: ahead.assignmentId } });
    const skipped = await db.assignment.findUniqueOrThrow({ where: { id: current.assignmentId }, select: { status: true, skipReason: true, itemId: true } });
    expect(skipped).toMatchObject({ status: 'SKIPPED', skipReason: 'too_hard' });
    expect(await db.item.findUniqueOrThrow({ where: { id: skipped.itemId }, select: { openSlots: true } })).toEqual({ openSlots: 1 });
    // Another worker gets it.
    const theirs = await start(other, projectId).catch(() => null);
    expect(theirs?.current).toMatchObject({ assignmentId: expect.any(String) });
    expect(await db.assignment.findFirstOrThrow({ where: { workerId: other }, select: { itemId: true } })).toEqual({ itemId: skipped.itemId });
  });

  it('records one answer for a double tap or a retry, and the next task comes on screen once', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 10);
    const workerId = await createTestWorker();
    const { current, ahead } = await start(workerId, projectId);
    const tap = () => advanceTaskLoop(workerId, { assignmentId: current.assignmentId, outcome: { answer: { choice: 'A' } }, aheadId: ahead.assignmentId });
    const steps = await Promise.all([tap(), tap(), tap()]);
    expect(steps.every((s) => s.kind === 'next')).toBe(true);
    expect(await db.judgment.count({ where: { workerId } })).toBe(1);
    const live = await liveLeases(workerId);
    expect(live).toHaveLength(2);
    expect(live.filter((l) => l.shownAt !== null).map((l) => l.id)).toEqual([ahead.assignmentId]);
  });

  it('serves an onboarding exam one question at a time, never ahead, and reports its result', async () => {
    const projectId = await createTestProject({ taskType: 'CLASSIFICATION', typeConfig: { labels: ['cat', 'dog'], allowUnsure: false, allowFlag: false }, examGoldCount: 2, examPassCount: 2 });
    await createTestItems(projectId, 2, { isGold: true, goldAnswer: { label: 'cat' }, payload: (i) => ({ text: `Known cat ${i}` }) });
    await createTestItems(projectId, 5, { payload: (i) => ({ text: `Photo ${i}` }) });
    const workerId = await createTestWorker();
    const first = await claimLeases(workerId, projectId, { want: 2 });
    if (first.kind !== 'leases') throw new Error(first.reason);
    expect(first.current.exam).toMatchObject({ answered: 0, total: 2 });
    expect(first.ahead).toBeNull();
    const second = await advanceTaskLoop(workerId, { assignmentId: first.current.assignmentId, outcome: { answer: { label: 'cat' } }, aheadId: null });
    if (second.kind !== 'next') throw new Error(second.kind);
    expect(second.current?.exam).toMatchObject({ answered: 1, total: 2 });
    expect(second.ahead).toBeNull();
    const done = await advanceTaskLoop(workerId, { assignmentId: second.current!.assignmentId, outcome: { answer: { label: 'cat' } }, aheadId: null });
    expect(done).toMatchObject({ kind: 'exam', exam: { status: 'PASSED', correct: 2 } });
    // Real work now comes two at a time.
    const work = await leaseAhead(workerId, { projectId, currentId: second.current!.assignmentId });
    expect(work.current?.exam).toBeNull();
    expect(work.ahead).not.toBeNull();
  });

  it('prefetch after a page load: the lease held ahead is handed back, or a new one taken', async () => {
    const projectId = await createTestProject();
    await createTestItems(projectId, 10);
    const workerId = await createTestWorker();
    const { current, ahead } = await start(workerId, projectId);
    const again = await leaseAhead(workerId, { projectId, currentId: current.assignmentId });
    expect(again).toEqual({ current: null, ahead: expect.objectContaining({ assignmentId: ahead.assignmentId }), aheadNone: null });
    expect(await db.assignment.count({ where: { workerId } })).toBe(2);
  });
  it('an evaluator batch holding a worker does not hold up their taps', { timeout: 30_000 }, async () => {
    // The batch locks its workers until it commits (lib/trust/score.ts lockWorkers). A tap inserts an Assignment and a
    // Judgment whose foreign keys take FOR KEY SHARE on the worker: under FOR UPDATE they waited for the batch.
    const projectId = await createTestProject({ leaseSeconds: 600 });
    await createTestItems(projectId, 5);
    const workerId = await createTestWorker();
    await db.$transaction(
      async (tx) => {
        await lockWorkers(tx, [workerId]);
        const { current, ahead } = await start(workerId, projectId);
        const step = await advanceTaskLoop(workerId, { assignmentId: current.assignmentId, outcome: { answer: { choice: 'A' } }, aheadId: ahead.assignmentId });
        expect(step.kind).toBe('next');
      },
      { timeout: 10_000 }, // a tap waiting for this transaction would still be waiting here
    );
    expect(await db.judgment.count({ where: { workerId } })).toBe(1);
  });
});
