import 'server-only';
import { db, Prisma, type Tx } from '@/lib/db';
import { TRANSACTION_OPTIONS } from './transaction';

const SWEEP_BATCH = 500;

/**
 * Marks ACTIVE assignments whose lease ran out EXPIRED and gives their slots back (openSlots + 1 for regular items;
 * gold items hold no slots). Safe to run from any number of processes at once: rows are taken with SKIP LOCKED,
 * the status change is guarded by `status = 'ACTIVE'`, and a slot is returned only for a row this call moved.
 * Returns how many leases it expired. The job `assignment.expire-leases` runs it every minute.
 */
export async function expireLeases(now: Date = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await db.$transaction((tx) => expireStaleAssignments(tx, { now, limit: SWEEP_BATCH }), TRANSACTION_OPTIONS);
    total += expired;
    if (expired < SWEEP_BATCH) return total;
  }
}

/**
 * Expires up to `limit` stale leases (of one project, or of all) inside the caller's transaction. The claim path
 * runs it for its project before it claims: that transaction holds no row locks yet, so waiting here for item rows
 * (taken in id order) can't close a cycle with another transaction.
 */
export async function expireStaleAssignments(
  tx: Tx,
  options: { now: Date; projectId?: string; limit: number; /** Also every stale lease of this worker in the project. */ workerId?: string },
): Promise<number> {
  const inProject = options.projectId ? Prisma.sql`AND "projectId" = ${options.projectId}::uuid` : Prisma.empty;
  // A claim expires its worker's own stale leases here too, in the same statement, so the item rows it locks to give
  // slots back are locked in one batch, in id order (two batches could close a cycle with the sweep).
  const ownToo =
    options.workerId && options.projectId
      ? Prisma.sql`OR id IN (
          SELECT id FROM "Assignment"
          WHERE "workerId" = ${options.workerId}::uuid AND "projectId" = ${options.projectId}::uuid
            AND status = 'ACTIVE' AND "leaseExpiresAt" <= ${options.now}
          FOR UPDATE SKIP LOCKED)`
      : Prisma.empty;
  const expired = await tx.$queryRaw<{ itemId: string }[]>`
    UPDATE "Assignment" SET status = 'EXPIRED', "finishedAt" = ${options.now}
    WHERE (id IN (
      SELECT id FROM "Assignment"
      WHERE status = 'ACTIVE' AND "leaseExpiresAt" <= ${options.now} ${inProject}
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED
    ) ${ownToo}) AND status = 'ACTIVE'
    RETURNING "itemId"::text AS "itemId"`;
  await returnSlots(tx, expired.map((row) => row.itemId));
  return expired.length;
}

/**
 * Counts slots per item (an id may repeat) and locks the item rows in id order, so two callers giving slots back to
 * overlapping items queue instead of deadlocking. Returns parallel arrays for an `unnest` update.
 */
export async function lockItemsForSlots(tx: Tx, itemIds: string[]): Promise<{ ids: string[]; slots: number[] }> {
  const counts = new Map<string, number>();
  for (const id of itemIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const ids = [...counts.keys()].sort();
  const slots = ids.map((id) => counts.get(id)!);
  await tx.$queryRaw`SELECT id FROM "Item" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  return { ids, slots };
}

/**
 * Gives one slot back per entry of `itemIds` (an id may repeat) to regular items (an expired or skipped lease: the
 * item's judgments done are unchanged).
 */
export async function returnSlots(tx: Tx, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  const { ids, slots } = await lockItemsForSlots(tx, itemIds);
  await tx.$executeRaw`
    UPDATE "Item" i SET "openSlots" = i."openSlots" + c.slots
    FROM unnest(${ids}::uuid[], ${slots}::int[]) AS c(id, slots)
    WHERE i.id = c.id AND i."isGold" = false`;
}
