import 'server-only';
import { isUuid } from '@/lib/assignment/ids';
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { rejectJudgment } from '@/lib/judgments/review';
import { advanceTree, loadPath, lockTree, type LockedTree } from './engine';
import type { ReportReason } from './answers';
import { decideRedFlags } from './lifecycle';
import { getMessage, type TreeMessageRow } from './messages';
import { pruneMessage } from './prune';

// Red flags and removing a message: a flag is counted once per worker, and past the project's limit the message
// leaves the tree (a prompt takes the tree with it). Its writing judgment, while still pending, is rejected.

/** Records one worker's red flag on a message (once per worker). Returns the message's flag count. */
export async function addRedFlag(tx: Tx, messageId: string, workerId: string, reason: string | null): Promise<number> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "TreeMessageFlag" ("messageId", "workerId", reason) VALUES (${messageId}::uuid, ${workerId}::uuid, ${reason})
    ON CONFLICT DO NOTHING`;
  const [row] = await tx.$queryRaw<{ redFlagCount: number }[]>`
    UPDATE "TreeMessage" SET "redFlagCount" = "redFlagCount" + ${inserted}::int WHERE id = ${messageId}::uuid RETURNING "redFlagCount"`;
  return row.redFlagCount;
}

/** Prunes a message; its writing judgment, while still pending, is rejected with the same reason (it prunes too). */
export async function removeMessage(tx: Tx, message: TreeMessageRow, reason: string): Promise<void> {
  await pruneMessage(tx, message.id, reason);
  if (message.judgmentId && (await getJudgmentStatus(tx, message.judgmentId)) === 'PENDING') {
    await rejectJudgment({ kind: 'AUTO' }, message.judgmentId, `Your message ${reason}.`, tx);
  }
}

export async function getJudgmentStatus(tx: Tx, judgmentId: string): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM "Judgment" WHERE id = ${judgmentId}::uuid`;
  return row?.status ?? null;
}

/** A red flag raised outside a review (e.g. while replying or ranking): counted once per worker, acted on at the limit. */
export async function flagTreeMessage(workerId: string, messageId: string, reason: string | null = null): Promise<FlagResult> {
  if (!isUuid(workerId) || !isUuid(messageId)) throw new AppError('NOT_FOUND', 'Message not found.');
  const [found] = await db.$queryRaw<{ treeId: string }[]>`SELECT "treeId"::text AS "treeId" FROM "TreeMessage" WHERE id = ${messageId}::uuid`;
  if (!found) throw new AppError('NOT_FOUND', 'Message not found.');
  return db.$transaction(async (tx) => {
    const tree = await lockTree(tx, found.treeId);
    const seen = await tx.$queryRaw<{ one: number }[]>`
      SELECT 1 AS one FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId"
      WHERE a."workerId" = ${workerId}::uuid AND i."treeId" = ${tree.id}::uuid AND a.status IN ('ACTIVE', 'SUBMITTED') LIMIT 1`;
    if (seen.length === 0) throw new AppError('FORBIDDEN', 'Only workers who worked on this conversation can flag its messages.');
    return applyFlag(tx, tree, messageId, workerId, reason);
  }, TRANSACTION_OPTIONS);
}

/**
 * A worker's report from the task on their screen: only a message that task shows can be reported (the
 * conversation so far, or a reply to rank), and only while the lease is theirs.
 */
export async function reportMessageFromTask(workerId: string, assignmentId: string, messageId: string, reason: ReportReason): Promise<FlagResult> {
  if (!isUuid(workerId) || !isUuid(assignmentId) || !isUuid(messageId)) throw new AppError('NOT_FOUND', 'Task not found.');
  const [task] = await db.$queryRaw<{ treeId: string | null; kind: string | null; messageId: string | null; status: string }[]>`
    SELECT i."treeId"::text AS "treeId", i."treeTaskKind"::text AS kind, i."treeMessageId"::text AS "messageId", a.status::text AS status
    FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId"
    WHERE a.id = ${assignmentId}::uuid AND a."workerId" = ${workerId}::uuid`;
  if (!task?.treeId) throw new AppError('NOT_FOUND', 'Task not found.');
  if (task.status !== 'ACTIVE') throw new AppError('CONFLICT', 'This task is no longer yours: it was answered, skipped or its time ran out.');
  return db.$transaction(async (tx) => {
    const tree = await lockTree(tx, task.treeId!);
    const shown = task.messageId ? (await loadPath(tx, task.messageId)).map((m) => m.id) : [];
    if (task.kind === 'RANK' && task.messageId) {
      // Every reply of the group, removed ones too: the phone still shows a reply removed since it asked.
      const replies = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "TreeMessage" WHERE "parentId" = ${task.messageId}::uuid`;
      shown.push(...replies.map((reply) => reply.id));
    }
    if (!shown.includes(messageId)) throw new AppError('FORBIDDEN', 'You can only report a message this task shows you.');
    return applyFlag(tx, tree, messageId, workerId, reason);
  }, TRANSACTION_OPTIONS);
}

export type FlagResult = { redFlagCount: number; removed: boolean };

async function applyFlag(tx: Tx, tree: LockedTree, messageId: string, workerId: string, reason: string | null): Promise<FlagResult> {
  const count = await addRedFlag(tx, messageId, workerId, reason);
  const message = await getMessage(tx, messageId);
  const removed = !message.deleted && decideRedFlags(count, message.parentId === null, tree.config) !== 'KEEP';
  if (removed) await removeMessage(tx, message, `red-flagged by ${count} workers`);
  await advanceTree(tx, tree);
  return { redFlagCount: count, removed };
}
