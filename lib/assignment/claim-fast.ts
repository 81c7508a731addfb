import 'server-only';
import { getSqlState, Prisma, queryRows } from '@/lib/db';
import type { ProjectStatus, WorkerStatus } from '@/lib/generated/prisma/enums';
import { rateLimitHitSql, toRateLimitResult, type RateLimitCheck, type RateLimitResult } from '@/lib/rate-limit/consume';
import { shuffledTaskTypes } from '@/lib/tasks';
import { promisedRewardsSql } from './budget-sql';
import { createUuidV7 } from './ids';
import { notGivenTo, windowCandidates } from './item-picker';
import type { ClaimNoneReason } from './types';
import { toViewProject, type ViewProject } from './view';

// The worker loop's claim as ONE statement: the common case of "give this worker up to `want` live leases in this
// project" (read what they hold, check project, worker, exam, per-worker limit and budget, pick items from a window
// around a random pivot FOR UPDATE SKIP LOCKED, decrement their open slots, insert the leases). Every app-server round
// trip costs CPU under a crowd, and this one replaces the ~9 of the transactional claim (claim.ts).
//
// Whatever it cannot settle alone it leaves to that transactional claim (`slow`): an onboarding exam not yet passed,
// a draw for a gold item, a stale lease of the worker's to expire first, a budget that is not ample, a window with
// nothing left for this worker. Definite answers (project or worker not active, limit reached) come back as `none`.
//
// Two guarantees are the database's, not this code's:
//   - at most two live leases per worker and project: a partial unique index on (workerId, projectId, slot)
//     WHERE status = 'ACTIVE'. Two concurrent claims of one worker (a double tap, two tabs) that both see a free slot
//     insert the same slot: one commits, the other fails whole (23505, its slot decrement rolled back too) and the
//     caller asks again, now seeing the winner's lease;
//   - an item is never over-assigned: its open slot is decremented under the row lock taken by SKIP LOCKED.
//
// Budget: every pending judgment and live lease is a promise of one judgment's cost. This statement takes the
// escrow row FOR KEY SHARE NOWAIT (a tight claim holding FOR UPDATE makes it fail over to the slow path instead of
// waiting) and leases only while the escrow covers what is promised plus AMPLE_FACTOR x max_connections more
// judgments. Its counts come from the statement's snapshot, so leases of transactions still open when it started are
// not among them: at most one per connection, and the margin is several times that. When the budget is closer than
// that, the slow path counts under an exclusive lock (claim.ts, leaseWithinBudget).

const AMPLE_FACTOR = 4;

export type LiveLease = {
  id: string;
  itemId: string;
  payload: unknown;
  slot: number;
  isExam: boolean;
  leasedAt: Date;
  leaseExpiresAt: Date;
  shownAt: Date | null;
  shownOrder: unknown;
  isNew: boolean;
};

export type FastClaimProject = ViewProject & { leaseSeconds: number };

export type FastClaimResult =
  | { kind: 'leases'; project: FastClaimProject; leases: LiveLease[] }
  | { kind: 'none'; reason: ClaimNoneReason }
  /** The worker asked for tasks too often (`rateLimit`): nothing was claimed. */
  | { kind: 'rate_limited'; result: RateLimitResult }
  /** `wantsGold`: this claim drew a gold item (at the project's goldRatio), which only the slow path serves. */
  | { kind: 'slow'; wantsGold?: boolean };

export type FastClaimRequest = {
  workerId: string;
  projectId: string;
  /** How many live leases the worker should hold afterwards: 1 (the task on screen) or 2 (plus the next one). */
  want: 1 | 2;
  pivot: string | null;
  /** Window groups to scan: one per open-slot count 1..maxSlots (a hint; items with more open slots are found by the slow path). */
  groups: number;
  random: () => number;
  now: Date;
  /** Counts this claim against the worker's limit in the same statement; over it, nothing is claimed. */
  rateLimit?: RateLimitCheck;
};

type Row = Omit<ViewProject, 'id'> & {
  projectFound: boolean;
  projectStatus: ProjectStatus | null;
  workerStatus: WorkerStatus | null;
  live: number;
  stale: number;
  heldExam: boolean;
  needsExam: boolean;
  overLimit: boolean;
  wantsGold: boolean | null;
  go: boolean;
  id: string | null;
  leaseSeconds: number;
  leases: RawLease[] | null;
  hitCount: number | null;
  hitExpiresAt: Date | null;
};

/** A live lease as `json_build_object` gives it (dates as text). */
export type RawLease = Omit<LiveLease, 'leasedAt' | 'leaseExpiresAt' | 'shownAt'> & { leasedAt: string; leaseExpiresAt: string; shownAt: string | null };

export class LeaseSlotTaken extends Error {}

export async function claimLeasesFast(request: FastClaimRequest): Promise<FastClaimResult> {
  const { workerId, projectId, want, now } = request;
  // One draw seeds the shown orders (responses sorted by md5(seed, lease, index)), two decide gold for each lease.
  const orderSeed = Math.floor(request.random() * 2 ** 48).toString(36);
  const [goldDraw1, goldDraw2] = [request.random(), request.random()];
  const ids = [createUuidV7(now.getTime()), createUuidV7(now.getTime())];
  let rows: Row[];
  try {
    rows = await queryRows<Row>(buildStatement(request, { orderSeed, goldDraw1, goldDraw2, ids }));
  } catch (error) {
    // Another claim of this worker took the same lease slot, or a tight claim holds the escrow: ask again.
    if (getSqlState(error) === '23505') throw new LeaseSlotTaken('lease slot taken by a concurrent claim');
    if (getSqlState(error) === '55P03') return { kind: 'slow' };
    throw error;
  }
  const row = rows[0];
  if (request.rateLimit && row?.hitCount !== null && row?.hitExpiresAt) {
    const result = toRateLimitResult({ count: row.hitCount, expiresAt: row.hitExpiresAt }, request.rateLimit.rule);
    if (!result.allowed) return { kind: 'rate_limited', result };
  }
  if (!row?.projectFound) return { kind: 'slow' }; // the slow path tells "project not found" with its own error
  if (!row.workerStatus) return { kind: 'slow' };
  if (row.workerStatus !== 'ACTIVE') return { kind: 'none', reason: 'WORKER_NOT_ACTIVE' };
  if (row.projectStatus !== 'ACTIVE') return { kind: 'none', reason: 'PROJECT_NOT_ACTIVE' };
  const leases = (row.leases ?? []).map(parseLiveLease);
  const project: FastClaimProject = { ...toViewProject({ ...row, id: projectId }), leaseSeconds: row.leaseSeconds };
  if (row.heldExam || row.stale > 0 || row.needsExam) return { kind: 'slow' };
  if (leases.length >= want) return { kind: 'leases', project, leases };
  if (row.overLimit) return leases.length > 0 ? { kind: 'leases', project, leases } : { kind: 'none', reason: 'WORKER_LIMIT_REACHED' };
  if (!row.go || !leases.some((lease) => lease.isNew)) return { kind: 'slow', wantsGold: row.wantsGold ?? undefined };
  return { kind: 'leases', project, leases };
}

export function parseLiveLease(raw: RawLease): LiveLease {
  return {
    ...raw,
    leasedAt: new Date(raw.leasedAt),
    leaseExpiresAt: new Date(raw.leaseExpiresAt),
    shownAt: raw.shownAt === null ? null : new Date(raw.shownAt),
  };
}

type Draws = { orderSeed: string; goldDraw1: number; goldDraw2: number; ids: string[] };

/** Exported for the plan test (claim-fast.int.test.ts), which checks the window uses the claim index. */
export function buildStatement(request: FastClaimRequest, draws: Draws): Prisma.Sql {
  const { workerId, projectId, want, now, pivot } = request;
  const escrowKey = `project:${projectId}:escrow`;
  const limit = request.rateLimit;
  return Prisma.sql`
    WITH hit AS (
      ${limit ? rateLimitHitSql(limit.key, limit.rule) : Prisma.sql`SELECT NULL::int AS count, NULL::timestamp AS "expiresAt"`}
    ), p AS (
      SELECT p.id, p.title, p.instructions, p."taskType", p."typeConfig", p."rewardMsats", p."minSeconds", p."examPassCount",
        p.status, p."leaseSeconds", p."goldRatio", p."examGoldCount", p."maxJudgmentsPerWorker",
        p."rewardMsats" + p."rewardMsats" * p."feeBps" / 10000 AS cost, p."feeBps", p."treeConfig"
      FROM "Project" p WHERE p.id = ${projectId}::uuid
    ), promised AS (
      SELECT ${promisedRewardsSql} AS rewards FROM p
    ), w AS (
      SELECT status FROM "WorkerProfile" WHERE id = ${workerId}::uuid
    ), held AS (
      SELECT a.id, a."itemId", a.slot, a."isExam", a."leasedAt", a."leaseExpiresAt", a."shownAt", a."shownOrder"
      FROM "Assignment" a
      WHERE a."workerId" = ${workerId}::uuid AND a."projectId" = ${projectId}::uuid AND a.status = 'ACTIVE'
    ), s AS (
      SELECT count(*) FILTER (WHERE "leaseExpiresAt" > ${now})::int AS live,
        count(*) FILTER (WHERE "leaseExpiresAt" <= ${now})::int AS stale,
        coalesce(bool_or("isExam"), false) AS "heldExam",
        ARRAY(SELECT f FROM generate_series(0, 1) AS f WHERE f NOT IN (SELECT slot FROM held) ORDER BY f) AS free
      FROM held
    ), room AS (
      -- How many more leases the per-worker limit allows, counting the judgments made and the leases held.
      SELECT CASE WHEN p."maxJudgmentsPerWorker" IS NULL THEN 2 ELSE p."maxJudgmentsPerWorker" - s.live - (
          SELECT count(*)::int FROM "Judgment" j WHERE j."workerId" = ${workerId}::uuid AND j."projectId" = p.id AND NOT j."isExam"
        ) END AS left
      FROM p, s
    ), checks AS (
      SELECT LEAST(${want}::int - s.live, r.left) AS need, r.left <= 0 AS "overLimit",
        p."examGoldCount" > 0 AND NOT EXISTS (
          SELECT 1 FROM "ExamAttempt" e WHERE e."workerId" = ${workerId}::uuid AND e."projectId" = p.id AND e.status = 'PASSED'
        ) AS "needsExam"
      FROM p, s, room r
    ), go AS (
      SELECT c.need FROM p, w, s, checks c
      WHERE p.status = 'ACTIVE' AND w.status = 'ACTIVE' AND s.stale = 0 AND NOT s."heldExam" AND c.need > 0
        AND coalesce((SELECT count FROM hit), 0) <= ${limit?.rule.limit ?? 0}::int
        AND NOT c."needsExam" AND NOT c."overLimit"
        AND ${draws.goldDraw1}::float8 >= p."goldRatio" AND (c.need < 2 OR ${draws.goldDraw2}::float8 >= p."goldRatio")
        AND (p."rewardMsats" = 0 OR coalesce((
          SELECT "balanceMsats" FROM "LedgerAccount" WHERE key = ${escrowKey} FOR KEY SHARE NOWAIT
        ), 0) >= (SELECT rewards + rewards * p."feeBps" / 10000 FROM promised)
          + p.cost * (c.need + ${AMPLE_FACTOR}::int * current_setting('max_connections')::int))
    ), candidates AS MATERIALIZED (
      SELECT window_item.id, window_item.slots
      FROM (${pivot === null ? Prisma.sql`SELECT NULL::uuid AS id, 0 AS slots WHERE false` : windowCandidates(projectId, pivot, request.groups)}) AS window_item
      WHERE EXISTS (SELECT 1 FROM go)
    ), picked AS (
      SELECT i.id FROM candidates c JOIN "Item" i ON i.id = c.id
      ${notGivenTo(workerId)}
      WHERE i."openSlots" > 0 AND i.status = 'OPEN' AND given.item IS NULL
      ORDER BY c.slots, i.id
      LIMIT (SELECT need FROM go)
      FOR UPDATE OF i SKIP LOCKED
    ), taken AS (
      UPDATE "Item" i SET "openSlots" = i."openSlots" - 1
      FROM picked WHERE i.id = picked.id
      RETURNING i.id, i.payload
    ), numbered AS (
      SELECT t.id, t.payload, row_number() OVER (ORDER BY t.id)::int AS n FROM taken t
    ), inserted AS (
      INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "isExam", "leasedAt", "leaseExpiresAt", "shownOrder", slot, "shownAt")
      SELECT (${draws.ids}::uuid[])[n.n], n.id, p.id, ${workerId}::uuid, 'ACTIVE', false, ${now},
        ${now}::timestamp + make_interval(secs => p."leaseSeconds"),
        CASE WHEN p."taskType"::text = ANY(${[...shuffledTaskTypes]}::text[]) THEN (
          SELECT jsonb_agg(k ORDER BY md5(${draws.orderSeed} || ':' || n.n || ':' || k), k)
          FROM generate_series(0, jsonb_array_length(n.payload -> 'responses') - 1) AS k
        ) END,
        s.free[n.n],
        CASE WHEN s.live = 0 AND n.n = 1 THEN ${now}::timestamp END
      FROM numbered n, p, s
      RETURNING id, "itemId", slot, "leasedAt", "leaseExpiresAt", "shownAt", "shownOrder"
    ), leases AS (
      SELECT h.id, h."itemId", i.payload, h.slot, h."isExam", h."leasedAt", h."leaseExpiresAt", h."shownAt", h."shownOrder",
        false AS "isNew", 0 AS batch, h."shownAt" IS NULL AS unseen
      FROM held h JOIN "Item" i ON i.id = h."itemId"
      WHERE h."leaseExpiresAt" > ${now}
      UNION ALL
      SELECT x.id, x."itemId", n.payload, x.slot, false, x."leasedAt", x."leaseExpiresAt", x."shownAt", x."shownOrder",
        true, 1, x."shownAt" IS NULL
      FROM inserted x JOIN numbered n ON n.id = x."itemId"
    )
    SELECT p.id IS NOT NULL AS "projectFound", p.status AS "projectStatus", (SELECT status FROM w) AS "workerStatus",
      s.live, s.stale, s."heldExam", c."needsExam", c."overLimit", EXISTS (SELECT 1 FROM go) AS go,
      ${draws.goldDraw1}::float8 < p."goldRatio" OR (c.need > 1 AND ${draws.goldDraw2}::float8 < p."goldRatio") AS "wantsGold",
      p.id::text AS id, p.title, p.instructions, p."taskType", p."typeConfig", p."rewardMsats", p."minSeconds",
      p."examPassCount", p."leaseSeconds", (SELECT count FROM hit) AS "hitCount", (SELECT "expiresAt" FROM hit) AS "hitExpiresAt",
      (SELECT json_agg(json_build_object(
          'id', l.id::text, 'itemId', l."itemId"::text, 'payload', l.payload, 'slot', l.slot, 'isExam', l."isExam",
          'leasedAt', l."leasedAt", 'leaseExpiresAt', l."leaseExpiresAt", 'shownAt', l."shownAt",
          'shownOrder', l."shownOrder", 'isNew', l."isNew")
        ORDER BY l.batch, l.unseen, l."shownAt", l."leasedAt", l.id) FROM leases l) AS leases
    FROM s LEFT JOIN p ON true LEFT JOIN checks c ON true`;
}
