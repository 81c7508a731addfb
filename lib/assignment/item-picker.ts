import 'server-only';
import { Prisma, type Tx } from '@/lib/db';

// How the claim finds "an item of this project that still needs judgments and that this worker has never had",
// without getting slower as the worker's history grows.
//
// The naive query (ORDER BY id LIMIT 1 + NOT EXISTS on the worker's assignments) walks over every open item the
// worker already judged before it reaches one they haven't: each claim costs O(history), and everyone fights over
// the same first rows (docs: performance-limits.md, 1,100 -> 407 cycles/s within 50 s). On this schema it is worse:
// the Item index is (projectId, status, isGold, openSlots, id), so ORDER BY id sorts every open item per claim.
//
// Here the claim is one statement that looks at a small, bounded window of candidates:
//   - for each openSlots value g = 1..G (in that index every group is an id-ordered range), the 8 ids just below
//     and the 8 just above a random pivot: at most 16*G index entries, read by two index seeks per group;
//   - the candidates the worker was already given are dropped by one probe each of the unique index
//     (workerId, itemId) (see notGivenTo); the first survivor, preferring fewer open slots (finish nearly done
//     items first), is locked FOR UPDATE SKIP LOCKED, re-checked (openSlots > 0, OPEN) and decremented in the same
//     statement.
// The pivot is uniform over the open items (pivots.ts), so the worker's own past items are spread evenly over the
// window instead of piling up where every scan starts: the expected number of candidates to look at is 1/(1-f),
// f = the share of the currently open items this worker already had, whatever the length of their history. A
// window per group also keeps a worker's own half-done items (openSlots = g) from hiding the untouched ones
// (openSlots = G). Random pivots spread concurrent workers over the project too, so SKIP LOCKED rarely skips.
//
// Measured in one run (raw SQL, 16 workers, 20k items x 3, claim + submit cycles, per 5 s over 50 s): naive
// 17-33 cycles/s; this window 436-631 cycles/s with no downward trend and no fallback taken.
//
// Only when the whole window is used up (the worker already had almost everything that is open, or it was all
// locked at that instant) does a second statement scan every open item of the project. When that finds nothing
// either, a lock-free EXISTS tells "nothing left for you" from "all remaining items are being claimed right now"
// ('busy'): the caller then retries shortly instead of wrongly answering NO_ITEMS_LEFT.

const WINDOW_PER_SIDE = 8;
// A literal, not a parameter: a prepared claim is only planned once (plan_cache_mode auto picks the generic plan) if
// that plan knows the window is small; with LIMIT $n it guessed thousands of candidates and hash-joined a scan of
// every Item (13 ms instead of 1).
const windowLimit = Prisma.raw(String(WINDOW_PER_SIDE));
const MAX_WINDOW_GROUPS = 10;

/**
 * The anti-join "items this worker was never given", as one probe of the unique index (workerId, itemId) per
 * candidate row: `LEFT JOIN LATERAL (... LIMIT 1)` can't be flattened by the planner. A plain NOT EXISTS can, and
 * with stale statistics it was planned as a scan of ALL the worker's assignments materialized for every candidate,
 * which is O(history) again. Use with `AND given.item IS NULL`, the candidate row aliased `i`.
 */
export function notGivenTo(workerId: string): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
    SELECT a."itemId" AS item FROM "Assignment" a WHERE a."workerId" = ${workerId}::uuid AND a."itemId" = i.id LIMIT 1
  ) AS given ON true`;
}

export type PickedItem = { id: string; payload: unknown };

type RegularPick = { projectId: string; workerId: string; pivot: string | null; maxSlots: number };

/**
 * The window of candidates around a pivot: per open-slot count g = 1..groups, the WINDOW_PER_SIDE ids just below and
 * just above the pivot, as `(id, slots)` rows. Each range carries its count as a literal so the planner reads it off
 * the claim index (projectId, status, isGold, openSlots, id); with the count unknown at planning (a generate_series
 * join) it walked the primary key instead, filtering out thousands of rows per claim.
 */
export function windowCandidates(projectId: string, pivot: string, groups: number): Prisma.Sql {
  const count = Math.max(1, Math.min(groups, MAX_WINDOW_GROUPS));
  return Prisma.join(
    Array.from({ length: count }, (_, index) => {
      const g = Prisma.raw(String(index + 1));
      return Prisma.sql`
        (SELECT id, ${g} AS slots FROM "Item"
         WHERE "projectId" = ${projectId}::uuid AND status = 'OPEN' AND "isGold" = false AND "openSlots" = ${g} AND id <= ${pivot}::uuid
         ORDER BY id DESC LIMIT ${windowLimit})
        UNION ALL
        (SELECT id, ${g} AS slots FROM "Item"
         WHERE "projectId" = ${projectId}::uuid AND status = 'OPEN' AND "isGold" = false AND "openSlots" = ${g} AND id > ${pivot}::uuid
         ORDER BY id LIMIT ${windowLimit})`;
    }),
    ' UNION ALL ',
  );
}

/** Claims one slot of a regular item for the worker (openSlots - 1), or says why it could not. */
export async function claimRegularItem(tx: Tx, pick: RegularPick): Promise<PickedItem | 'busy' | null> {
  if (pick.pivot) {
    const [item] = await tx.$queryRaw<PickedItem[]>`
      WITH candidates AS MATERIALIZED (${windowCandidates(pick.projectId, pick.pivot, pick.maxSlots)}),
      picked AS (
        SELECT i.id FROM candidates c JOIN "Item" i ON i.id = c.id
        ${notGivenTo(pick.workerId)}
        WHERE i."openSlots" > 0 AND i.status = 'OPEN' AND given.item IS NULL
        ORDER BY c.slots
        LIMIT 1
        FOR UPDATE OF i SKIP LOCKED
      )
      UPDATE "Item" i SET "openSlots" = i."openSlots" - 1
      FROM picked WHERE i.id = picked.id
      RETURNING i.id::text AS id, i.payload`;
    if (item) return item;
  }

  const [item] = await tx.$queryRaw<PickedItem[]>`
    WITH picked AS (
      SELECT i.id FROM "Item" i
      ${notGivenTo(pick.workerId)}
      WHERE i."projectId" = ${pick.projectId}::uuid AND i.status = 'OPEN' AND i."isGold" = false AND i."openSlots" > 0
        AND given.item IS NULL
      ORDER BY i."openSlots", i.id
      LIMIT 1
      FOR UPDATE OF i SKIP LOCKED
    )
    UPDATE "Item" i SET "openSlots" = i."openSlots" - 1
    FROM picked WHERE i.id = picked.id
    RETURNING i.id::text AS id, i.payload`;
  if (item) return item;

  const [left] = await tx.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "Item" i
      ${notGivenTo(pick.workerId)}
      WHERE i."projectId" = ${pick.projectId}::uuid AND i.status = 'OPEN' AND i."isGold" = false AND i."openSlots" > 0
        AND given.item IS NULL
    ) AS found`;
  return left?.found ? 'busy' : null;
}

/**
 * A gold item of the project the worker has never had, chosen at random (seeded by the caller) so gold items are
 * seen evenly. Gold items are shared by all workers and hold no slots: nothing is locked or decremented. Gold pools
 * are small (tens to hundreds of items), so looking at all of them is cheap.
 */
export async function pickGoldItem(tx: Tx, pick: { projectId: string; workerId: string; seed: string }): Promise<PickedItem | null> {
  const [item] = await tx.$queryRaw<PickedItem[]>`
    SELECT i.id::text AS id, i.payload FROM "Item" i
    ${notGivenTo(pick.workerId)}
    WHERE i."projectId" = ${pick.projectId}::uuid AND i.status = 'OPEN' AND i."isGold" = true AND i."goldAnswer" IS NOT NULL
      AND given.item IS NULL
    ORDER BY md5(i.id::text || ${pick.seed})
    LIMIT 1`;
  return item ?? null;
}
