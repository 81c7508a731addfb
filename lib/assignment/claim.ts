import 'server-only';
import { db, getSqlState, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { ExamStatus, ProjectStatus, WorkerStatus } from '@/lib/generated/prisma/enums';
import { judgmentCostMsats } from '@/lib/ledger/money';
import { createShownOrder } from '@/lib/tasks';
import { createUuidV7, isUuid } from './ids';
import { claimRegularItem, pickGoldItem, type PickedItem } from './item-picker';
import { expireStaleAssignments } from './leases';
import { pickScanPivot } from './pivots';
import { TRANSACTION_OPTIONS } from './transaction';
import type { ClaimNoneReason, ClaimResult } from './types';
import { buildAssignmentView, type ViewProject } from './view';

type ClaimProject = ViewProject & {
  status: ProjectStatus;
  leaseSeconds: number;
  goldRatio: number;
  maxSlots: number;
  maxJudgmentsPerWorker: number | null;
  examGoldCount: number;
};
type ClaimRequest = { workerId: string; projectId: string; random: () => number; now: Date; pivot: string | null };
type ClaimContext = Omit<ClaimRequest, 'projectId'> & { project: ClaimProject };
type Exam = { answered: number; total: number } | null;

// When every remaining item is locked by other claims at that instant, wait a moment and look again before saying
// NO_ITEMS_LEFT: those claims may roll back, or lock an item only to find its last slot gone.
const BUSY_RETRIES = 4;
const BUSY_WAIT_MS = 15;
const STALE_BATCH = 100;

const none = (reason: ClaimNoneReason): ClaimResult => ({ kind: 'none', reason });

/**
 * "Next task" for a worker in a project. Returns the worker's current lease there if they hold one (a reload or a
 * double tap gets the same task, never a second lease); otherwise leases a new item: an onboarding exam question
 * while the exam is not passed, else a gold item (at project.goldRatio) or a regular item with an open slot that
 * this worker was never given. Regular items are claimed FOR UPDATE SKIP LOCKED and their openSlots decremented in
 * the transaction that inserts the assignment (item-picker.ts), so an item is never over-assigned.
 *
 * Round trips are few on purpose (each one costs the app server CPU under a crowd): a transaction of four
 * statements (worker lock + project, the worker's state in the project, the claim, the insert).
 */
export async function claimNextAssignment(
  workerId: string,
  projectId: string,
  options: { random?: () => number; now?: Date } = {},
): Promise<ClaimResult> {
  const random = options.random ?? Math.random;
  const now = options.now ?? new Date();
  if (!isUuid(projectId)) throw new AppError('NOT_FOUND', 'Project not found.');
  if (!isUuid(workerId)) throw new AppError('NOT_FOUND', 'Worker not found.');
  for (let attempt = 0; ; attempt++) {
    const pivot = await pickScanPivot(projectId, random);
    const request: ClaimRequest = { workerId, projectId, random, now, pivot };
    let result: ClaimResult | 'busy';
    try {
      result = await db.$transaction((tx) => claimInTransaction(tx, request, attempt >= BUSY_RETRIES), TRANSACTION_OPTIONS);
    } catch (error) {
      // The lease was made and rolled back: the escrow can't pay for one more judgment.
      if (error instanceof OutOfFunds) return none('OUT_OF_FUNDS');
      // PostgreSQL broke a lock cycle (e.g. with the lease sweeper) by rolling this claim back: nothing was
      // written, so it is safe to try again.
      if ((getSqlState(error) === '40P01' || error instanceof BudgetRace) && attempt < DEADLOCK_RETRIES) continue;
      throw error;
    }
    if (result !== 'busy') return result;
    await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS * (attempt + 1) * (0.5 + Math.random())));
  }
}

type WorkerState = {
  currentId: string | null;
  isExam: boolean | null;
  leasedAt: Date | null;
  leaseExpiresAt: Date | null;
  shownOrder: unknown;
  payload: unknown;
  examStatus: ExamStatus | null;
  examAnswered: number | null;
  examTotal: number | null;
  judgmentCount: number;
};

async function claimInTransaction(tx: Tx, request: ClaimRequest, isLastAttempt: boolean): Promise<ClaimResult | 'busy'> {
  const { workerId, now } = request;
  // One claim per worker at a time (two tabs, a double tap): the second waits here, then finds the first's lease.
  // The same statement reads the project and the worker: they don't need a snapshot taken after the lock. What
  // follows does (the worker's current lease), so it is a separate statement.
  const [row] = await tx.$queryRaw<(ClaimProject & { workerStatus: WorkerStatus | null; hasStaleLeases: boolean })[]>`
    SELECT pg_advisory_xact_lock(hashtextextended(${`assignment.claim:${workerId}`}, 0))::text AS locked,
      p.id::text AS id, p.title, p.instructions, p."taskType", p."typeConfig", p."rewardMsats", p."minSeconds",
      p."examPassCount", p.status, p."leaseSeconds", p."goldRatio",
      GREATEST(p."judgmentsPerItem", p."maxJudgmentsPerItem") AS "maxSlots",
      p."maxJudgmentsPerWorker", p."examGoldCount", w.status AS "workerStatus",
      EXISTS (
        SELECT 1 FROM "Assignment" a
        WHERE a.status = 'ACTIVE' AND a."leaseExpiresAt" <= ${now} AND a."projectId" = p.id
      ) AS "hasStaleLeases"
    FROM "Project" p LEFT JOIN "WorkerProfile" w ON w.id = ${workerId}::uuid
    WHERE p.id = ${request.projectId}::uuid`;
  if (!row) throw new AppError('NOT_FOUND', 'Project not found.');
  if (!row.workerStatus) throw new AppError('NOT_FOUND', 'Worker not found.');
  if (row.workerStatus !== 'ACTIVE') return none('WORKER_NOT_ACTIVE');
  if (row.status !== 'ACTIVE') return none('PROJECT_NOT_ACTIVE');
  const project: ClaimProject = {
    id: row.id,
    title: row.title,
    instructions: row.instructions,
    taskType: row.taskType,
    typeConfig: row.typeConfig,
    rewardMsats: row.rewardMsats,
    minSeconds: row.minSeconds,
    examPassCount: row.examPassCount,
    status: row.status,
    leaseSeconds: row.leaseSeconds,
    goldRatio: row.goldRatio,
    maxSlots: row.maxSlots,
    maxJudgmentsPerWorker: row.maxJudgmentsPerWorker,
    examGoldCount: row.examGoldCount,
  };
  const context: ClaimContext = { workerId, project, random: request.random, now, pivot: request.pivot };
  // Lazily expire this project's abandoned leases, so their slots are back before this claim looks for one.
  if (row.hasStaleLeases) await expireStaleAssignments(tx, { now, projectId: project.id, limit: STALE_BATCH });

  const [state] = await tx.$queryRaw<WorkerState[]>`
    SELECT cur.id AS "currentId", cur."isExam", cur."leasedAt", cur."leaseExpiresAt", cur."shownOrder", cur.payload,
      e.status AS "examStatus", e.answered AS "examAnswered", e.total AS "examTotal",
      CASE WHEN ${project.maxJudgmentsPerWorker}::int IS NULL THEN 0 ELSE (
        SELECT count(*)::int FROM "Judgment" j
        WHERE j."workerId" = ${workerId}::uuid AND j."projectId" = ${project.id}::uuid AND j."isExam" = false
      ) END AS "judgmentCount"
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT a.id::text AS id, a."isExam", a."leasedAt", a."leaseExpiresAt", a."shownOrder", i.payload
      FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId"
      WHERE a."workerId" = ${workerId}::uuid AND a."projectId" = ${project.id}::uuid
        AND a.status = 'ACTIVE' AND a."leaseExpiresAt" > ${now}
      ORDER BY a."leasedAt" DESC LIMIT 1
    ) AS cur ON true
    LEFT JOIN "ExamAttempt" e ON e."workerId" = ${workerId}::uuid AND e."projectId" = ${project.id}::uuid`;
  const exam: Exam = state.examTotal !== null ? { answered: state.examAnswered ?? 0, total: state.examTotal } : null;

  if (state.currentId) {
    const current = {
      id: state.currentId,
      isExam: state.isExam === true,
      leasedAt: state.leasedAt!,
      leaseExpiresAt: state.leaseExpiresAt!,
      shownOrder: state.shownOrder,
      payload: state.payload,
    };
    return { kind: 'assigned', assignment: buildAssignmentView(current, project, current.isExam ? exam : null) };
  }

  if (project.examGoldCount > 0 && state.examStatus !== 'PASSED') {
    if (state.examStatus === 'FAILED') return none('EXAM_FAILED');
    // Exam questions are gold items; with none left to ask, the exam can't go on (a setup problem: the project
    // should hold at least examGoldCount gold items). Say so rather than let the worker skip the exam.
    const question = await pickGoldItem(tx, { projectId: project.id, workerId, seed: seedFrom(context.random) });
    if (!question) return none('NO_ITEMS_LEFT');
    if (!exam) {
      await tx.$executeRaw`
        INSERT INTO "ExamAttempt" (id, "workerId", "projectId", status, correct, answered, total, "startedAt")
        VALUES (${createUuidV7()}::uuid, ${workerId}::uuid, ${project.id}::uuid, 'IN_PROGRESS', 0, 0, ${project.examGoldCount}::int, ${now})
        ON CONFLICT ("workerId", "projectId") DO NOTHING`;
    }
    return leaseItem(tx, context, question, exam ?? { answered: 0, total: project.examGoldCount });
  }

  if (project.maxJudgmentsPerWorker !== null && state.judgmentCount >= project.maxJudgmentsPerWorker) {
    return none('WORKER_LIMIT_REACHED');
  }

  const wantsGold = project.goldRatio > 0 && context.random() < project.goldRatio;
  for (const pool of wantsGold ? (['gold', 'regular'] as const) : (['regular', 'gold'] as const)) {
    if (pool === 'gold') {
      const gold = await pickGoldItem(tx, { projectId: project.id, workerId, seed: seedFrom(context.random) });
      if (gold) return leaseWithinBudget(tx, context, gold);
      continue;
    }
    const regular = await claimRegularItem(tx, { projectId: project.id, workerId, pivot: context.pivot, maxSlots: project.maxSlots });
    // Regular work is still there, only locked this instant: retry before handing out a gold item instead.
    if (regular === 'busy' && !isLastAttempt) return 'busy';
    if (regular && regular !== 'busy') return leaseWithinBudget(tx, context, regular);
  }
  return none('NO_ITEMS_LEFT');
}

class OutOfFunds extends Error {}
/** The budget shrank between choosing the shared lock and taking it: roll back and choose again. */
class BudgetRace extends Error {}

const DEADLOCK_RETRIES = 5;

/**
 * A project hands out only work its escrow can pay for: every pending judgment and live lease is a promise of one
 * reward (plus the platform fee). The check runs after the lease is written (items are always locked before the
 * escrow row, so no deadlock with the lease sweep), in one of two modes:
 *
 * - Ample budget: the escrow row is locked FOR KEY SHARE, which concurrent claims share and payments (an UPDATE of
 *   the balance) don't conflict with. Claims checked this way can't see each other's uncommitted leases, so each
 *   leaves room for one lease per possible open transaction (max_connections bounds them).
 * - Tight budget: FOR UPDATE, which waits for every claim holding the shared lock to commit, so the count sees all
 *   of them; tight claims queue one by one, as every claim did before the ample mode existed.
 *
 * The mode is chosen from an unlocked read before either lock is taken, so no claim ever upgrades its lock (two
 * upgrades would deadlock). Exam questions pay nothing and are not counted.
 */
async function leaseWithinBudget(tx: Tx, context: ClaimContext, item: PickedItem): Promise<ClaimResult> {
  const leased = await leaseItem(tx, context, item, null);
  const { project } = context;
  if (project.rewardMsats === 0n) return leased;
  const escrowKey = `project:${project.id}:escrow`;
  const before = await readBudget(tx, project.id, escrowKey);
  const perJudgment = judgmentCostMsats(project.rewardMsats, before.feeBps);
  // Twice the headroom before taking the shared lock: the budget may shrink between this read and the lock.
  if (before.escrow >= perJudgment * (before.promised + 2n * before.headroom)) {
    await tx.$queryRaw`SELECT 1 FROM "LedgerAccount" WHERE key = ${escrowKey} FOR KEY SHARE`;
    const shared = await readBudget(tx, project.id, escrowKey);
    if (shared.escrow >= perJudgment * (shared.promised + shared.headroom)) return leased;
    throw new BudgetRace();
  }
  // Two statements on purpose: under READ COMMITTED a statement's snapshot is taken before it waits for the
  // lock, so the counts must be read by a second statement, after the lock is ours.
  await tx.$queryRaw`SELECT 1 FROM "LedgerAccount" WHERE key = ${escrowKey} FOR UPDATE`;
  const locked = await readBudget(tx, project.id, escrowKey);
  if (locked.escrow < perJudgment * locked.promised) throw new OutOfFunds();
  return leased;
}

type Budget = { escrow: bigint; feeBps: number; promised: bigint; headroom: bigint };

async function readBudget(tx: Tx, projectId: string, escrowKey: string): Promise<Budget> {
  const [row] = await tx.$queryRaw<{ escrow: bigint | null; feeBps: number; promised: bigint; headroom: number }[]>`
    SELECT
      (SELECT "balanceMsats" FROM "LedgerAccount" WHERE key = ${escrowKey}) AS escrow,
      (SELECT "feeBps" FROM "Project" WHERE id = ${projectId}::uuid) AS "feeBps",
      (SELECT count(*) FROM "Judgment" WHERE "projectId" = ${projectId}::uuid AND status = 'PENDING' AND NOT "isExam")
        + (SELECT count(*) FROM "Assignment" WHERE "projectId" = ${projectId}::uuid AND status = 'ACTIVE' AND NOT "isExam") AS promised,
      current_setting('max_connections')::int AS headroom`;
  return { escrow: row.escrow ?? 0n, feeBps: row.feeBps, promised: BigInt(row.promised), headroom: BigInt(row.headroom) };
}

async function leaseItem(tx: Tx, context: ClaimContext, item: PickedItem, exam: Exam): Promise<ClaimResult> {
  const { project, now } = context;
  const shownOrder = createShownOrder(project.taskType, item.payload, context.random);
  const assignment = {
    id: createUuidV7(),
    isExam: exam !== null,
    leasedAt: now,
    leaseExpiresAt: new Date(now.getTime() + project.leaseSeconds * 1000),
    shownOrder,
    payload: item.payload,
  };
  await tx.$executeRaw`
    INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "isExam", "leasedAt", "leaseExpiresAt", "shownOrder")
    VALUES (${assignment.id}::uuid, ${item.id}::uuid, ${project.id}::uuid, ${context.workerId}::uuid, 'ACTIVE',
      ${assignment.isExam}::boolean, ${assignment.leasedAt}, ${assignment.leaseExpiresAt},
      ${shownOrder === null ? null : JSON.stringify(shownOrder)}::jsonb)`;
  return { kind: 'assigned', assignment: buildAssignmentView(assignment, project, exam) };
}

/** A seed for the gold order drawn from the caller's random source, so a seeded random gives repeatable picks. */
function seedFrom(random: () => number): string {
  return Math.floor(random() * 2 ** 48).toString(36);
}
