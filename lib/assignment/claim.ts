import 'server-only';
import { db, getSqlState, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { ExamStatus, ProjectStatus, WorkerStatus } from '@/lib/generated/prisma/enums';
import { feeMsats, judgmentCostMsats } from '@/lib/ledger/money';
import { createShownOrder } from '@/lib/tasks';
import { promisedRewardsSql } from './budget-sql';
import { createUuidV7, isUuid } from './ids';
import { rateLimitError, type RateLimitCheck } from '@/lib/rate-limit/consume';
import { claimLeasesFast, LeaseSlotTaken, parseLiveLease, type LiveLease, type RawLease } from './claim-fast';
import { claimRegularItem, pickGoldItem, type PickedItem } from './item-picker';
import { expireStaleAssignments } from './leases';
import { pickScanStart } from './pivots';
import { TRANSACTION_OPTIONS } from './transaction';
import type { AssignmentView, ClaimNoneReason, ClaimResult } from './types';
import { buildAssignmentView, toViewProject, type ViewProject } from './view';

type ClaimProject = ViewProject & {
  status: ProjectStatus;
  leaseSeconds: number;
  goldRatio: number;
  maxSlots: number;
  maxJudgmentsPerWorker: number | null;
  examGoldCount: number;
};
type ClaimRequest = {
  workerId: string;
  projectId: string;
  want: 1 | 2;
  random: () => number;
  now: Date;
  pivot: string | null;
  /** Drawn by the fast claim already (so the gold share stays goldRatio); drawn here when undefined. */
  wantsGold?: boolean;
};
type ClaimContext = Omit<ClaimRequest, 'projectId' | 'want'> & { project: ClaimProject; slot: number };
type Exam = { answered: number; total: number } | null;

/** The leases a worker holds in a project after a claim: the task on screen, and the next one when it was asked for. */
export type LeasesResult = { kind: 'leases'; current: AssignmentView; ahead: AssignmentView | null } | { kind: 'none'; reason: ClaimNoneReason };

// When every remaining item is locked by other claims at that instant, wait a moment and look again before saying
// NO_ITEMS_LEFT: those claims may roll back, or lock an item only to find its last slot gone.
const BUSY_RETRIES = 4;
/** A lease slot held by the sweep in flight frees within its transaction; this bounds the wait all the same. */
const MAX_BUSY_ATTEMPTS = 20;
const BUSY_WAIT_MS = 15;
const STALE_BATCH = 100;

const none = (reason: ClaimNoneReason): { kind: 'none'; reason: ClaimNoneReason } => ({ kind: 'none', reason });

/**
 * "Next task" for a worker in a project. Returns the worker's current lease there if they hold one (a reload or a
 * double tap gets the same task, never a second lease); otherwise leases a new item: an onboarding exam question
 * while the exam is not passed, else a gold item (at project.goldRatio) or a regular item with an open slot that
 * this worker was never given. An item's open slot is decremented under its row lock in the statement that inserts
 * the lease, so an item is never over-assigned.
 */
export async function claimNextAssignment(
  workerId: string,
  projectId: string,
  options: { random?: () => number; now?: Date } = {},
): Promise<ClaimResult> {
  const result = await claimLeases(workerId, projectId, { ...options, want: 1 });
  return result.kind === 'none' ? result : { kind: 'assigned', assignment: result.current };
}

// Concurrent claims of one worker that took the same lease slot: each loser asks again and finds the winner's lease.
const SLOT_RETRIES = 8;

/**
 * Makes the worker hold `want` live leases in the project (2: the task on screen and the next one, leased ahead so
 * the phone can show it at once) and returns them. Exam questions are served one at a time, never ahead. Most
 * claims are one statement (claim-fast.ts); what it can't settle alone (exam, gold, stale leases, a tight budget, a
 * window with nothing left) goes through the transactional claim below, which leases one item per call.
 */
export async function claimLeases(
  workerId: string,
  projectId: string,
  options: { want: 1 | 2; random?: () => number; now?: Date; rateLimit?: RateLimitCheck },
): Promise<LeasesResult> {
  const random = options.random ?? Math.random;
  if (!isUuid(projectId)) throw new AppError('NOT_FOUND', 'Project not found.');
  if (!isUuid(workerId)) throw new AppError('NOT_FOUND', 'Worker not found.');
  let slowRounds = 0;
  for (let attempt = 0; ; attempt++) {
    const now = options.now ?? new Date();
    const start = await pickScanStart(projectId, random);
    try {
      // The claim counts against the worker's limit once, in its first statement, whatever follows.
      const rateLimit = attempt === 0 && slowRounds === 0 ? options.rateLimit : undefined;
      const fast = await claimLeasesFast({ workerId, projectId, want: options.want, pivot: start.pivot, groups: start.groups, random, now, rateLimit });
      if (fast.kind === 'rate_limited') throw rateLimitError(options.rateLimit!, fast.result);
      if (fast.kind === 'none') return fast;
      if (fast.kind === 'leases') return toLeasesResult(fast.leases, fast.project, null);
      const request = { workerId, projectId, want: options.want, random, now, pivot: start.pivot, wantsGold: fast.wantsGold };
      const slow = await claimOneSlowly(request, start.groups);
      // The slow path leases one item per call: a worker who held nothing and wants two asks once more.
      const held = slow.kind === 'leases' ? 1 + (slow.ahead ? 1 : 0) : 0;
      if (slow.kind === 'none' || held >= options.want || slowRounds++ > 0 || slow.current.exam) return slow;
    } catch (error) {
      if (error instanceof LeaseSlotTaken && attempt < SLOT_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, 2 * (attempt + 1) * Math.random()));
        continue;
      }
      throw error;
    }
  }
}

/** Shown leases first (the task on screen), then the one leased ahead. */
function toLeasesResult(leases: LiveLease[], project: ViewProject, exam: Exam): LeasesResult {
  if (leases.length === 0) return none('NO_ITEMS_LEFT');
  const [current, ahead] = leases.map((lease) => buildAssignmentView(lease, project, lease.isExam ? exam : null));
  return { kind: 'leases', current, ahead: ahead ?? null };
}

/** The transactional claim: retried when every open item was locked by others that instant, or on a deadlock. */
async function claimOneSlowly(request: ClaimRequest, groups: number): Promise<LeasesResult> {
  for (let attempt = 0; ; attempt++) {
    let result: LeasesResult | 'busy';
    try {
      result = await db.$transaction((tx) => claimInTransaction(tx, request, groups, attempt >= BUSY_RETRIES), TRANSACTION_OPTIONS);
    } catch (error) {
      // The lease was made and rolled back: the escrow can't pay for one more judgment.
      if (error instanceof OutOfFunds) return none('OUT_OF_FUNDS');
      // PostgreSQL broke a lock cycle (e.g. with the lease sweeper) by rolling this claim back: nothing was
      // written, so it is safe to try again.
      if ((getSqlState(error) === '40P01' || error instanceof BudgetRace) && attempt < DEADLOCK_RETRIES) continue;
      if (getSqlState(error) === '23505') throw new LeaseSlotTaken('lease slot taken by a concurrent claim');
      throw error;
    }
    if (result !== 'busy') return result;
    if (attempt >= MAX_BUSY_ATTEMPTS) throw new AppError('CONFLICT', 'Tasks are busy right now. Please try again.');
    await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS * (attempt + 1) * (0.5 + Math.random())));
  }
}

type WorkerState = {
  held: RawLease[] | null;
  usedSlots: number;
  examStatus: ExamStatus | null;
  examAnswered: number | null;
  examTotal: number | null;
  judgmentCount: number;
};

async function claimInTransaction(tx: Tx, request: ClaimRequest, groups: number, isLastAttempt: boolean): Promise<LeasesResult | 'busy'> {
  const { workerId, now } = request;
  // One transactional claim per worker at a time (two tabs, a double tap): the second waits here, then finds the
  // first's lease. The same statement reads the project and the worker: they don't need a snapshot taken after the
  // lock. What follows does (the worker's leases), so it is a separate statement.
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
    ...toViewProject(row),
    status: row.status,
    leaseSeconds: row.leaseSeconds,
    goldRatio: row.goldRatio,
    maxSlots: row.maxSlots,
    maxJudgmentsPerWorker: row.maxJudgmentsPerWorker,
    examGoldCount: row.examGoldCount,
  };
  // Lazily expire this project's abandoned leases (the worker's own always among them), so their slots are back
  // before this claim looks for one.
  if (row.hasStaleLeases) await expireStaleAssignments(tx, { now, projectId: project.id, limit: STALE_BATCH, workerId });

  const [state] = await tx.$queryRaw<WorkerState[]>`
    SELECT
      (SELECT json_agg(json_build_object(
          'id', a.id::text, 'itemId', a."itemId"::text, 'payload', i.payload, 'slot', a.slot, 'isExam', a."isExam",
          'leasedAt', a."leasedAt", 'leaseExpiresAt', a."leaseExpiresAt", 'shownAt', a."shownAt",
          'shownOrder', a."shownOrder", 'isNew', false)
        ORDER BY a."shownAt" IS NULL, a."shownAt", a."leasedAt", a.id)
       FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId"
       WHERE a."workerId" = ${workerId}::uuid AND a."projectId" = ${project.id}::uuid
         AND a.status = 'ACTIVE' AND a."leaseExpiresAt" > ${now}) AS held,
      (SELECT coalesce(bit_or(1 << a.slot), 0)::int FROM "Assignment" a
       WHERE a."workerId" = ${workerId}::uuid AND a."projectId" = ${project.id}::uuid AND a.status = 'ACTIVE') AS "usedSlots",
      e.status AS "examStatus", e.answered AS "examAnswered", e.total AS "examTotal",
      CASE WHEN ${project.maxJudgmentsPerWorker}::int IS NULL THEN 0 ELSE (
        SELECT count(*)::int FROM "Judgment" j
        WHERE j."workerId" = ${workerId}::uuid AND j."projectId" = ${project.id}::uuid AND j."isExam" = false
      ) END AS "judgmentCount"
    FROM (SELECT 1) AS one
    LEFT JOIN "ExamAttempt" e ON e."workerId" = ${workerId}::uuid AND e."projectId" = ${project.id}::uuid`;
  const exam: Exam = state.examTotal !== null ? { answered: state.examAnswered ?? 0, total: state.examTotal } : null;
  const held = (state.held ?? []).map(parseLiveLease);
  const examPending = project.examGoldCount > 0 && state.examStatus !== 'PASSED';
  // Exam questions come one at a time; anything else up to `want`.
  if (held.length >= request.want || (held.length > 0 && (examPending || held.some((lease) => lease.isExam)))) {
    return toLeasesResult(held, project, exam);
  }
  const slot = takeFreeSlot(state.usedSlots);
  if (slot === 'busy') return 'busy';
  const context: ClaimContext = { workerId, project, random: request.random, now, pivot: request.pivot, slot };
  const leaseOne = async (lease: Promise<LiveLease>) => toLeasesResult([...held, await lease], project, exam);

  if (examPending) {
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
    const examNow = exam ?? { answered: 0, total: project.examGoldCount };
    return toLeasesResult([await leaseItem(tx, context, question, true)], project, examNow);
  }

  if (project.maxJudgmentsPerWorker !== null && state.judgmentCount + held.length >= project.maxJudgmentsPerWorker) {
    return held.length > 0 ? toLeasesResult(held, project, exam) : none('WORKER_LIMIT_REACHED');
  }

  const wantsGold = request.wantsGold ?? (project.goldRatio > 0 && context.random() < project.goldRatio);
  for (const pool of wantsGold ? (['gold', 'regular'] as const) : (['regular', 'gold'] as const)) {
    if (pool === 'gold') {
      const gold = await pickGoldItem(tx, { projectId: project.id, workerId, seed: seedFrom(context.random) });
      if (gold) return leaseOne(leaseWithinBudget(tx, context, gold));
      continue;
    }
    const regular = await claimRegularItem(tx, { projectId: project.id, workerId, pivot: context.pivot, maxSlots: Math.max(groups, 1) });
    // Regular work is still there, only locked this instant: retry before handing out a gold item instead.
    if (regular === 'busy' && !isLastAttempt) return 'busy';
    if (regular && regular !== 'busy') return leaseOne(leaseWithinBudget(tx, context, regular));
  }
  return held.length > 0 ? toLeasesResult(held, project, exam) : none('NO_ITEMS_LEFT');
}

/**
 * The lease slot (0 or 1) the new lease takes: one no ACTIVE lease of the worker in the project holds (`usedSlots`,
 * read after the stale ones were expired). A stale lease the sweep is expiring at this very moment was skipped, not
 * waited for: with no slot free then, the claim is retried in a moment.
 */
function takeFreeSlot(usedSlots: number): number | 'busy' {
  if ((usedSlots & 1) === 0) return 0;
  return (usedSlots & 2) === 0 ? 1 : 'busy';
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
async function leaseWithinBudget(tx: Tx, context: ClaimContext, item: PickedItem): Promise<LiveLease> {
  const leased = await leaseItem(tx, context, item, false);
  const { project } = context;
  if (project.rewardMsats === 0n) return leased;
  const escrowKey = `project:${project.id}:escrow`;
  const before = await readBudget(tx, project.id, escrowKey);
  // The headroom is counted at the project's reward, which is the dearest task's (a tree project's tasks pay by kind).
  const perJudgment = judgmentCostMsats(project.rewardMsats, before.feeBps);
  // Twice the headroom before taking the shared lock: the budget may shrink between this read and the lock.
  if (before.escrow >= before.promisedMsats + perJudgment * 2n * before.headroom) {
    await tx.$queryRaw`SELECT 1 FROM "LedgerAccount" WHERE key = ${escrowKey} FOR KEY SHARE`;
    const shared = await readBudget(tx, project.id, escrowKey);
    if (shared.escrow >= shared.promisedMsats + perJudgment * shared.headroom) return leased;
    throw new BudgetRace();
  }
  // Two statements on purpose: under READ COMMITTED a statement's snapshot is taken before it waits for the
  // lock, so the counts must be read by a second statement, after the lock is ours.
  await tx.$queryRaw`SELECT 1 FROM "LedgerAccount" WHERE key = ${escrowKey} FOR UPDATE`;
  const locked = await readBudget(tx, project.id, escrowKey);
  if (locked.escrow < locked.promisedMsats) throw new OutOfFunds();
  return leased;
}

/** `promisedMsats`: what the pending judgments and live leases will cost, rewards plus the platform fee. */
type Budget = { escrow: bigint; feeBps: number; promisedMsats: bigint; headroom: bigint };

async function readBudget(tx: Tx, projectId: string, escrowKey: string): Promise<Budget> {
  const [row] = await tx.$queryRaw<{ escrow: bigint | null; feeBps: number; promised: bigint; headroom: number }[]>`
    SELECT
      (SELECT "balanceMsats" FROM "LedgerAccount" WHERE key = ${escrowKey}) AS escrow,
      p."feeBps",
      ${promisedRewardsSql} AS promised,
      current_setting('max_connections')::int AS headroom
    FROM "Project" p WHERE p.id = ${projectId}::uuid`;
  const promised = BigInt(row.promised);
  return { escrow: row.escrow ?? 0n, feeBps: row.feeBps, promisedMsats: promised + feeMsats(promised, row.feeBps), headroom: BigInt(row.headroom) };
}

async function leaseItem(tx: Tx, context: ClaimContext, item: PickedItem, isExam: boolean): Promise<LiveLease> {
  const { project, now } = context;
  const shownOrder = createShownOrder(project.taskType, item.payload, context.random);
  // The first lease a worker holds is on screen at once; a second one is leased ahead, shown when promoted.
  const shownAt = context.slot === 0 || isExam ? now : null;
  const lease: LiveLease = {
    id: createUuidV7(),
    itemId: item.id,
    payload: item.payload,
    slot: context.slot,
    isExam,
    leasedAt: now,
    leaseExpiresAt: new Date(now.getTime() + project.leaseSeconds * 1000),
    shownAt,
    shownOrder,
    isNew: true,
  };
  await tx.$executeRaw`
    INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "isExam", "leasedAt", "leaseExpiresAt", "shownOrder", slot, "shownAt")
    VALUES (${lease.id}::uuid, ${item.id}::uuid, ${project.id}::uuid, ${context.workerId}::uuid, 'ACTIVE',
      ${isExam}::boolean, ${lease.leasedAt}, ${lease.leaseExpiresAt},
      ${shownOrder === null ? null : JSON.stringify(shownOrder)}::jsonb, ${context.slot}::smallint, ${shownAt})`;
  return lease;
}

/** A seed for the gold order drawn from the caller's random source, so a seeded random gives repeatable picks. */
function seedFrom(random: () => number): string {
  return Math.floor(random() * 2 ** 48).toString(36);
}
