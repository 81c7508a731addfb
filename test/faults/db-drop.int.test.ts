// The database connection drops in the middle of a submit, and in the middle of the approval that pays it. A
// separate connection holds a row lock so the app's statement waits, then kills the waiting backend with
// pg_terminate_backend: the transaction must roll back whole, the app's client must carry on with its next call,
// and a retry must record exactly one judgment and pay exactly one reward.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, getSqlState } from '@/lib/db';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { evaluatePendingJudgments } from '@/lib/quality/evaluate';
import { createTestItems, createTestProject, createTestWorker } from '@/lib/assignment/test-fixtures';
import { getAccountBalance, getLedgerSum } from '@/lib/ledger/accounts';
import { feeMsats } from '@/lib/ledger/money';
import { autoApproveDueJudgments } from '@/lib/judgments/review';
import { stopBoss } from '@/lib/jobs/boss';

const REWARD_MSATS = 21_000n;
const FEE_BPS = 500;
const FIXTURE_ESCROW_MSATS = 10_000_000_000n; // what createTestProject deposits

const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(() => blocker.connect());
afterAll(async () => {
  await blocker.end();
  await stopBoss();
});

/** A worker holding an ACTIVE assignment on a project that approves and pays at once (auto-approval delay 0). */
async function workerWithAssignment() {
  const projectId = await createTestProject({ autoApproveAfterSeconds: 0, minSeconds: 0, rewardMsats: REWARD_MSATS, feeBps: FEE_BPS });
  await createTestItems(projectId, 1);
  const workerId = await createTestWorker();
  const claim = await claimNextAssignment(workerId, projectId);
  if (claim.kind !== 'assigned') throw new Error(`no assignment: ${claim.reason}`);
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
  return { projectId, teamId: project.teamId, workerId, assignmentId: claim.assignment.assignmentId };
}

/** Holds a row lock on the blocker connection until `release` (FOR UPDATE blocks the app's UPDATE and FOR NO KEY UPDATE). */
async function lockRow(table: 'Assignment' | 'LedgerAccount', id: string) {
  await blocker.query('BEGIN');
  await blocker.query(`SELECT id FROM "${table}" WHERE id = $1 FOR UPDATE`, [id]);
  return () => blocker.query('ROLLBACK');
}

/** Waits until an app backend is stuck behind our lock, then kills its connection as a network drop would. */
async function terminateBackendWaitingOnLock(): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    // Inside a transaction PostgreSQL caches pg_stat_activity: drop the cache so each poll sees the present.
    await blocker.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await blocker.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
         AND wait_event <> 'advisory' AND application_name <> 'boltwork-jobs'`,
    );
    if (rows.length === 1) {
      const { rows: [killed] } = await blocker.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [rows[0].pid]);
      expect(killed.ok).toBe(true);
      return;
    }
    if (Date.now() > deadline) throw new Error(`expected one backend waiting on our lock, found ${rows.length}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function moneyOf(subject: Awaited<ReturnType<typeof workerWithAssignment>>) {
  return {
    worker: await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId: subject.workerId }),
    escrow: await getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId: subject.teamId, projectId: subject.projectId }),
    rewards: await db.ledgerTransfer.count({ where: { reason: 'JUDGMENT_REWARD', judgment: { assignmentId: subject.assignmentId } } }),
  };
}

const paidOnce = { worker: REWARD_MSATS, escrow: FIXTURE_ESCROW_MSATS - REWARD_MSATS - feeMsats(REWARD_MSATS, FEE_BPS), rewards: 1 };
const unpaid = { worker: 0n, escrow: FIXTURE_ESCROW_MSATS, rewards: 0 };

describe('the connection drops mid-submit', () => {
  it('rolls the submit back whole; the same client serves the retry, which records and pays once', async () => {
    const subject = await workerWithAssignment();
    const clientBefore = (globalThis as { __boltworkDb?: unknown }).__boltworkDb;
    const release = await lockRow('Assignment', subject.assignmentId);
    const submitting = submitJudgment(subject.workerId, { assignmentId: subject.assignmentId, answer: { choice: 'A' } }).then(
      () => null,
      (error: unknown) => error,
    );
    await terminateBackendWaitingOnLock();
    await release();
    // The submit fails with the server's "terminating connection" (57P01), not something else.
    const failure = await submitting;
    expect(failure).toBeInstanceOf(Error);
    expect(getSqlState(failure)).toBe('57P01');

    // Rolled back: no judgment, the assignment still ACTIVE, its item untouched, no money moved.
    expect(await db.judgment.count({ where: { assignmentId: subject.assignmentId } })).toBe(0);
    const assignment = await db.assignment.findUniqueOrThrow({ where: { id: subject.assignmentId }, select: { status: true, item: { select: { judgmentsDone: true } } } });
    expect(assignment).toEqual({ status: 'ACTIVE', item: { judgmentsDone: 0 } });
    expect(await moneyOf(subject)).toEqual(unpaid);
    // The same process-wide client (no reconnect by hand) answers the next call.
    expect((globalThis as { __boltworkDb?: unknown }).__boltworkDb).toBe(clientBefore);

    const retry = await submitJudgment(subject.workerId, { assignmentId: subject.assignmentId, answer: { choice: 'A' } });
    expect(retry.duplicate).toBe(false);
    const again = await submitJudgment(subject.workerId, { assignmentId: subject.assignmentId, answer: { choice: 'A' } });
    expect(again).toMatchObject({ duplicate: true, judgmentId: retry.judgmentId });
    await evaluatePendingJudgments();
    expect(await db.judgment.findMany({ where: { assignmentId: subject.assignmentId }, select: { id: true, status: true } })).toEqual([
      { id: retry.judgmentId, status: 'APPROVED' },
    ]);
    expect(await moneyOf(subject)).toEqual(paidOnce);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});

describe('the connection drops mid-approval', () => {
  it('rolls the batched payment back whole; the judgment stays evaluated and is paid exactly once', async () => {
    const subject = await workerWithAssignment();
    const escrow = await db.ledgerAccount.findFirstOrThrow({ where: { kind: 'PROJECT_ESCROW', projectId: subject.projectId }, select: { id: true } });
    const submitted = await submitJudgment(subject.workerId, { assignmentId: subject.assignmentId, answer: { choice: 'A' } });
    expect(submitted.duplicate).toBe(false);
    // The evaluator's batched approval waits on the escrow row, and its connection is killed there.
    const release = await lockRow('LedgerAccount', escrow.id);
    const evaluating = evaluatePendingJudgments();
    await terminateBackendWaitingOnLock();
    await release();
    await evaluating;
    const judgment = await db.judgment.findUniqueOrThrow({ where: { id: submitted.judgmentId }, select: { status: true, evaluatedAt: true } });
    expect(judgment.evaluatedAt).not.toBeNull();
    // The batch rolled back whole; the one-by-one fallback paid it (or, if that failed too, the sweep would): once.
    expect(await autoApproveDueJudgments()).toMatchObject({ failed: 0 });
    expect(await autoApproveDueJudgments()).toEqual({ approved: 0, failed: 0 });
    expect(await db.judgment.findUniqueOrThrow({ where: { id: submitted.judgmentId }, select: { status: true } })).toEqual({ status: 'APPROVED' });
    expect(await moneyOf(subject)).toEqual(paidOnce);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
