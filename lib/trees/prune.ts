import 'server-only';
import type { Tx } from '@/lib/db';

// Pruning a message: it and every live message below it are marked deleted with the reason, the tasks about them
// are cancelled, an open ranking of its sibling group is cancelled (the group changed: the engine opens a fresh
// round), and its parent's reply task gets its slot back so the group can be completed. A pruned prompt aborts the
// tree. The caller holds the tree's row lock (lockTreeRow). Idempotent: pruning a deleted message does nothing.
// Kept apart from the engine so lib/judgments/review.ts can call it when a writing judgment is rejected.

/** Locks a tree's row; every change to the tree and its messages happens under it. */
export async function lockTreeRow(tx: Tx, treeId: string): Promise<{ state: string } | null> {
  const [row] = await tx.$queryRaw<{ state: string }[]>`SELECT state::text AS state FROM "ConversationTree" WHERE id = ${treeId}::uuid FOR UPDATE`;
  return row ?? null;
}

export async function pruneMessage(tx: Tx, messageId: string, reason: string, now = new Date()): Promise<{ pruned: string[] }> {
  const [target] = await tx.$queryRaw<{ treeId: string; parentId: string | null; deleted: boolean }[]>`
    SELECT "treeId"::text AS "treeId", "parentId"::text AS "parentId", "deletedAt" IS NOT NULL AS deleted
    FROM "TreeMessage" WHERE id = ${messageId}::uuid`;
  if (!target || target.deleted) return { pruned: [] };
  await lockTreeRow(tx, target.treeId);
  const pruned = await tx.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE subtree AS (
      SELECT id FROM "TreeMessage" WHERE id = ${messageId}::uuid AND "deletedAt" IS NULL
      UNION ALL
      SELECT m.id FROM "TreeMessage" m JOIN subtree s ON m."parentId" = s.id WHERE m."deletedAt" IS NULL
    )
    UPDATE "TreeMessage" m SET "deletedAt" = ${now},
      "deletedReason" = CASE WHEN m.id = ${messageId}::uuid THEN ${reason} ELSE ${`an earlier message was removed: ${reason}`} END
    FROM subtree s WHERE m.id = s.id
    RETURNING m.id::text AS id`;
  const ids = pruned.map((row) => row.id);
  if (ids.length === 0) return { pruned: [] };
  await tx.$executeRaw`
    UPDATE "Item" SET status = 'CANCELLED', "openSlots" = 0
    WHERE "treeMessageId" = ANY(${ids}::uuid[]) AND status = 'OPEN'`;
  if (target.parentId === null) {
    await tx.$executeRaw`
      UPDATE "ConversationTree" SET state = 'ABORTED', "stateReason" = ${`prompt removed: ${reason}`}, "stateChangedAt" = ${now}, "updatedAt" = ${now}
      WHERE id = ${target.treeId}::uuid AND state NOT IN ('ABORTED', 'HALTED')`;
    await tx.$executeRaw`UPDATE "Item" SET status = 'CANCELLED', "openSlots" = 0 WHERE "treeId" = ${target.treeId}::uuid AND status = 'OPEN'`;
    return { pruned: ids };
  }
  // The sibling group changed: a ranking in progress is void (a fresh round opens), and the group gets its slot back.
  await tx.$executeRaw`
    UPDATE "Item" SET status = 'CANCELLED', "openSlots" = 0
    WHERE "treeMessageId" = ${target.parentId}::uuid AND "treeTaskKind" = 'RANK' AND status = 'OPEN'`;
  await tx.$executeRaw`UPDATE "TreeMessage" SET "rankingCount" = 0 WHERE id = ${target.parentId}::uuid`;
  await tx.$executeRaw`
    UPDATE "Item" i SET "judgmentsNeeded" = i."judgmentsNeeded" + 1, "openSlots" = i."openSlots" + 1, status = 'OPEN', "completedAt" = NULL
    FROM "TreeMessage" parent, "ConversationTree" t
    WHERE i."treeMessageId" = ${target.parentId}::uuid AND i."treeTaskKind" = 'REPLY' AND i.status <> 'CANCELLED'
      AND parent.id = i."treeMessageId" AND parent."deletedAt" IS NULL
      AND t.id = parent."treeId" AND t.state IN ('GROWING', 'RANKING')`;
  return { pruned: ids };
}

/**
 * A writing judgment (a prompt or a reply) was rejected, by its reviewers, the quality rules or an admin: its
 * message leaves the tree. Called by lib/judgments/review.ts in the rejecting transaction; nothing happens for
 * judgments that are not a tree message's.
 */
export async function pruneMessageOfJudgment(tx: Tx, judgmentId: string, reason: string): Promise<void> {
  const [message] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "TreeMessage" WHERE "judgmentId" = ${judgmentId}::uuid AND "deletedAt" IS NULL`;
  if (message) await pruneMessage(tx, message.id, `rejected: ${reason}`);
}
