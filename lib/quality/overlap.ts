import 'server-only';
import type { Tx } from '@/lib/db';
import { percentAgreement } from '@/lib/aggregation';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { lockItemsForSlots } from '@/lib/assignment/leases';
import { getAnswerKey } from './answers';

/**
 * Gives a regular item one slot back per rejected judgment (an id may repeat): the rejected answer no longer counts
 * toward the item, so someone else does it and the item is OPEN again. Rows are locked in id order (no deadlock
 * with the lease sweep, which does the same). Gold items hold no slots and are left alone, and so are conversation-tree
 * tasks: lib/trees/withdraw.ts gives their slot back, or not, by what the tree still needs.
 */
export async function reopenItemSlots(tx: Tx, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  const { ids, slots } = await lockItemsForSlots(tx, itemIds);
  await tx.$executeRaw`
    UPDATE "Item" i SET
      "judgmentsDone" = GREATEST(0, i."judgmentsDone" - c.slots),
      "openSlots" = i."openSlots" + c.slots,
      status = CASE WHEN i.status = 'DONE' THEN 'OPEN'::"ItemStatus" ELSE i.status END,
      "completedAt" = CASE WHEN i.status = 'DONE' THEN NULL ELSE i."completedAt" END
    FROM unnest(${ids}::uuid[], ${slots}::int[]) AS c(id, slots)
    WHERE i.id = c.id AND i."isGold" = false AND i."treeId" IS NULL`;
  await reopenFinishedBatches(tx, ids);
}

/**
 * An item that is open again makes its batch unfinished again: `finishedAt` is cleared, so `batch.completed` is
 * sent anew (a new finishedAt, a new event key) when the batch finishes once more (lib/webhooks/events.ts).
 */
async function reopenFinishedBatches(tx: Tx, itemIds: string[]): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Batch" b SET "finishedAt" = NULL
    WHERE b."finishedAt" IS NOT NULL
      AND b.id IN (SELECT "batchId" FROM "Item" WHERE id = ANY(${itemIds}::uuid[]) AND status = 'OPEN' AND "batchId" IS NOT NULL)`;
}

type OverlapItem = { judgmentsNeeded: number; judgmentsDone: number; status: string; taskType: TaskType; threshold: number | null; cap: number };

/**
 * Dynamic overlap: once an item has all the judgments it needed, and their agreement (pairwise percent agreement on
 * the answer key, rejected answers left out) is below the project's threshold, it needs one more judgment, up to
 * maxJudgmentsPerItem. One guarded UPDATE: `judgmentsNeeded = seen` makes two concurrent evaluations raise it once.
 * Returns the new judgmentsNeeded, or null when nothing changed.
 */
export async function raiseOverlapIfDisputed(tx: Tx, itemId: string): Promise<number | null> {
  const [item] = await tx.$queryRaw<OverlapItem[]>`
    SELECT i."judgmentsNeeded", i."judgmentsDone", i.status::text AS status, p."taskType",
      p."agreementThreshold" AS threshold, GREATEST(p."maxJudgmentsPerItem", p."judgmentsPerItem") AS cap
    FROM "Item" i JOIN "Project" p ON p.id = i."projectId"
    WHERE i.id = ${itemId}::uuid AND i."isGold" = false`;
  if (!item || item.threshold === null || item.status !== 'DONE') return null;
  if (item.judgmentsNeeded >= item.cap || item.judgmentsDone < item.judgmentsNeeded) return null;
  const answers = await tx.judgment.findMany({ where: { itemId, status: { not: 'REJECTED' }, isExam: false }, select: { answer: true } });
  const keys = answers.map((j) => getAnswerKey(item.taskType, j.answer));
  const agreement = percentAgreement([keys]);
  if (Number.isNaN(agreement) || agreement >= item.threshold) return null;
  const [raised] = await tx.$queryRaw<{ judgmentsNeeded: number }[]>`
    UPDATE "Item" SET "judgmentsNeeded" = "judgmentsNeeded" + 1, "openSlots" = "openSlots" + 1,
      status = 'OPEN', "completedAt" = NULL
    WHERE id = ${itemId}::uuid AND status = 'DONE' AND "judgmentsNeeded" = ${item.judgmentsNeeded}::int
      AND "judgmentsDone" >= "judgmentsNeeded" AND "judgmentsNeeded" < ${item.cap}::int
    RETURNING "judgmentsNeeded"`;
  if (raised) await reopenFinishedBatches(tx, [itemId]);
  return raised?.judgmentsNeeded ?? null;
}
