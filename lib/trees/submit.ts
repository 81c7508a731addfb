import 'server-only';
import type { z } from 'zod';
import { createUuidV7, isUuid } from '@/lib/assignment/ids';
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { db, getSqlState, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { decideMessageReviews, mergeGroupRanks } from './decisions';
import { advanceTree, closeTreeTask, lockTree, openReviewTask, type LockedTree } from './engine';
import { addRedFlag } from './flags';
import { addReviewToLabels, firstFreeSlot, isTerminalState, type TreeTaskKindName } from './lifecycle';
import { getLiveChildren, getMessage } from './messages';
import { treeRankAnswerSchema, treeReviewAnswerSchema, treeWritingAnswerSchema } from './schemas';
import { recordShownOrder } from './shown-order';
import { assertNotDuplicate, checkTreeText, toTextKey } from './text';

// A worker's answer to a tree task (lib/assignment/submit.ts hands tree items here). One transaction, under the
// tree's row lock, checks the answer against the tree as it is NOW (not as it was when the task was handed out),
// stores the judgment and what it changes in the tree, and opens the tasks that follow. Any refusal rolls all of
// it back: nothing is stored half-way, and nothing stored means nothing paid.
//
// Money: a review or a ranking is evaluated and paid like any judgment (the quality evaluator picks it up). A
// prompt or a reply is born evaluated and stays PENDING until its peer reviews decide: accepted pays it, rejected
// rejects it (appealable as any rejection) and prunes the message.

const MAX_DURATION_MS = 2_147_483_647;

type TreeAssignment = {
  id: string;
  status: string;
  itemId: string;
  itemStatus: string;
  treeId: string;
  kind: TreeTaskKindName;
  messageId: string | null;
  judgmentId: string | null;
  leasedAt: Date;
  shownAt: Date | null;
  projectId: string;
  rewardMsats: bigint;
  minSeconds: number;
  workerStatus: string;
};

export type TreeSubmitResult = { judgmentId: string; projectId: string; duplicate: boolean };

type Context = { tx: Tx; tree: LockedTree; assignment: TreeAssignment; workerId: string; judgmentId: string; now: Date };

/** Records a worker's answer to a tree task. Idempotent per assignment, like submitJudgment. */
export async function submitTreeTask(
  workerId: string,
  input: { assignmentId: string; answer: unknown },
  options: { now?: Date } = {},
): Promise<TreeSubmitResult> {
  const now = options.now ?? new Date();
  if (!isUuid(workerId) || !isUuid(input.assignmentId)) throw new AppError('NOT_FOUND', 'Task not found.');
  const [found] = await db.$queryRaw<{ treeId: string | null }[]>`
    SELECT i."treeId"::text AS "treeId" FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId"
    WHERE a.id = ${input.assignmentId}::uuid AND a."workerId" = ${workerId}::uuid`;
  if (!found) throw new AppError('NOT_FOUND', 'Task not found.');
  if (!found.treeId) throw new AppError('INVALID_STATE', 'This task is not part of a conversation tree.');
  const treeId = found.treeId;

  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction((tx) => submitInTransaction(tx, treeId, workerId, input, now), TRANSACTION_OPTIONS);
    } catch (error) {
      // PostgreSQL broke a lock cycle (with a claim or a payment) by rolling this one back: nothing was stored.
      if (getSqlState(error) === '40P01' && attempt < DEADLOCK_RETRIES) continue;
      throw error;
    }
  }
}

const DEADLOCK_RETRIES = 3;

async function submitInTransaction(tx: Tx, treeId: string, workerId: string, input: { assignmentId: string; answer: unknown }, now: Date): Promise<TreeSubmitResult> {
  const tree = await lockTree(tx, treeId);
  const assignment = await lockAssignment(tx, workerId, input.assignmentId);
  if (assignment.judgmentId) return { judgmentId: assignment.judgmentId, projectId: assignment.projectId, duplicate: true };
  assertOpen(assignment, tree);
  const context: Context = { tx, tree, assignment, workerId, judgmentId: createUuidV7(now.getTime()), now };
  let answer: unknown;
  switch (assignment.kind) {
    case 'WRITE_PROMPT':
      answer = await writePrompt(context, input.answer);
      break;
    case 'REPLY':
      answer = await writeReply(context, input.answer);
      break;
    case 'REVIEW':
      answer = await reviewMessage(context, input.answer);
      break;
    case 'RANK':
      answer = await rankReplies(context, input.answer);
      break;
  }
  await storeJudgment(context, answer);
  if (assignment.kind === 'REPLY') await closeFullGroup(context);
  if (assignment.kind === 'REVIEW') await concludeReview(context);
  if (assignment.kind === 'RANK') await concludeRanking(context);
  await advanceTree(tx, tree, now);
  return { judgmentId: context.judgmentId, projectId: assignment.projectId, duplicate: false };
}

async function lockAssignment(tx: Tx, workerId: string, assignmentId: string): Promise<TreeAssignment> {
  const [row] = await tx.$queryRaw<TreeAssignment[]>`
    SELECT a.id::text AS id, a.status::text AS status, a."itemId"::text AS "itemId", i.status::text AS "itemStatus",
      i."treeId"::text AS "treeId", i."treeTaskKind"::text AS kind, i."treeMessageId"::text AS "messageId",
      (SELECT j.id::text FROM "Judgment" j WHERE j."assignmentId" = a.id) AS "judgmentId",
      a."leasedAt", a."shownAt", p.id::text AS "projectId", COALESCE(i."rewardMsats", p."rewardMsats") AS "rewardMsats",
      p."minSeconds", w.status::text AS "workerStatus"
    FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId" JOIN "Project" p ON p.id = a."projectId"
    JOIN "WorkerProfile" w ON w.id = a."workerId"
    WHERE a.id = ${assignmentId}::uuid AND a."workerId" = ${workerId}::uuid
    FOR UPDATE OF a`;
  if (!row) throw new AppError('NOT_FOUND', 'Task not found.');
  return row;
}

const CHANGED_SINCE = 'since this task was handed out. Get a new task to keep going.';

function assertOpen(assignment: TreeAssignment, tree: LockedTree): void {
  if (assignment.status === 'EXPIRED') {
    throw new AppError('INVALID_STATE', 'Time ran out on this task and it went back to the pool. Get a new task to keep going.');
  }
  if (assignment.status === 'SKIPPED') throw new AppError('INVALID_STATE', 'You skipped this task, so it can no longer be answered.');
  if (assignment.status !== 'ACTIVE') throw new AppError('INVALID_STATE', 'This task is not yours to answer.');
  if (assignment.workerStatus !== 'ACTIVE') throw new AppError('FORBIDDEN', 'Your account cannot submit work right now.');
  if (isTerminalState(tree.state)) throw new AppError('INVALID_STATE', `This conversation was finished ${CHANGED_SINCE}`);
  if (assignment.itemStatus === 'CANCELLED') {
    const what = assignment.kind === 'RANK' ? 'The replies to rank changed' : 'The message this task is about was removed from the conversation';
    throw new AppError(assignment.kind === 'RANK' ? 'CONFLICT' : 'INVALID_STATE', `${what} ${CHANGED_SINCE}`);
  }
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `The ${what} is not in the expected shape.`);
  return parsed.data;
}

async function insertMessage(
  c: Context,
  message: { parentId: string | null; role: 'PROMPTER' | 'ASSISTANT'; depth: number; siblingSlot: number; text: string },
): Promise<string> {
  const id = createUuidV7(c.now.getTime());
  await c.tx.$executeRaw`
    INSERT INTO "TreeMessage" (id, "treeId", "parentId", role, depth, "siblingSlot", text, "textKey", lang, "authorWorkerId", "judgmentId", "createdAt")
    VALUES (${id}::uuid, ${c.tree.id}::uuid, ${message.parentId}::uuid, ${message.role}::"TreeRole", ${message.depth}::int,
      ${message.siblingSlot}::int, ${message.text}, ${toTextKey(message.text)}, ${c.tree.config.lang}, ${c.workerId}::uuid,
      ${c.judgmentId}::uuid, ${c.now})`;
  await openReviewTask(c.tx, c.tree, id, c.now);
  return id;
}

async function writePrompt(c: Context, raw: unknown) {
  const text = checkTreeText(parseWith(treeWritingAnswerSchema, raw, 'prompt').text, c.tree.config);
  const [root] = await c.tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "TreeMessage" WHERE "treeId" = ${c.tree.id}::uuid AND "parentId" IS NULL`;
  if (root) throw new AppError('INVALID_STATE', `This conversation already has its prompt ${CHANGED_SINCE}`);
  await insertMessage(c, { parentId: null, role: 'PROMPTER', depth: 0, siblingSlot: 0, text });
  return { text };
}

async function writeReply(c: Context, raw: unknown) {
  const text = checkTreeText(parseWith(treeWritingAnswerSchema, raw, 'reply').text, c.tree.config);
  const parent = await getMessage(c.tx, c.assignment.messageId!);
  if (parent.deleted) throw new AppError('INVALID_STATE', `The message you replied to was removed from the conversation ${CHANGED_SINCE}`);
  if (parent.reviewState !== 'ACCEPTED' || parent.depth >= c.tree.config.maxDepth) {
    throw new AppError('INVALID_STATE', `The message you replied to no longer takes replies ${CHANGED_SINCE}`);
  }
  const siblings = await getLiveChildren(c.tx, parent.id);
  if (siblings.filter((s) => !s.isSynthetic).length >= c.tree.config.repliesPerMessage) {
    throw new AppError('INVALID_STATE', `The message you replied to already has all its replies ${CHANGED_SINCE}`);
  }
  assertNotDuplicate(toTextKey(text), siblings.map((s) => s.textKey));
  const role = parent.role === 'PROMPTER' ? 'ASSISTANT' : 'PROMPTER';
  await insertMessage(c, { parentId: parent.id, role, depth: parent.depth + 1, siblingSlot: firstFreeSlot(siblings.map((s) => s.siblingSlot)), text });
  return { text };
}

/** After a reply: a group at repliesPerMessage live replies takes no more, whatever its task's slots say. */
async function closeFullGroup(c: Context): Promise<void> {
  const siblings = await getLiveChildren(c.tx, c.assignment.messageId!);
  if (siblings.filter((s) => !s.isSynthetic).length >= c.tree.config.repliesPerMessage) await closeTreeTask(c.tx, c.assignment.messageId!, 'REPLY', c.now);
}

async function reviewMessage(c: Context, raw: unknown) {
  const review = parseWith(treeReviewAnswerSchema, raw, 'review');
  const unknownLabels = Object.keys(review.labels).filter((name) => !c.tree.config.reviewLabels.includes(name));
  if (unknownLabels.length > 0) throw new AppError('INVALID_INPUT', `Unknown label ${unknownLabels.join(', ')}: this project asks for ${c.tree.config.reviewLabels.join(', ')}.`);
  const message = await getMessage(c.tx, c.assignment.messageId!);
  if (message.authorWorkerId === c.workerId) throw new AppError('FORBIDDEN', 'You can’t review your own message.');
  if (message.deleted) throw new AppError('INVALID_STATE', `The message to review was removed from the conversation ${CHANGED_SINCE}`);
  if (message.reviewState !== 'PENDING' || message.reviewCount >= c.tree.config.reviewsPerMessage) {
    throw new AppError('INVALID_STATE', `This message already has all its reviews ${CHANGED_SINCE}`);
  }
  const labels = addReviewToLabels(message.labels, review);
  await c.tx.$executeRaw`
    UPDATE "TreeMessage" SET "reviewCount" = "reviewCount" + 1, "acceptVotes" = "acceptVotes" + ${review.spam ? 0 : 1}::int,
      labels = ${JSON.stringify(labels)}::jsonb
    WHERE id = ${message.id}::uuid`;
  if (review.redFlag) await addRedFlag(c.tx, message.id, c.workerId, 'review');
  return review;
}

/** After a review: decide the message once all its reviews are in, and act on red flags. */
async function concludeReview(c: Context): Promise<void> {
  await decideMessageReviews(c.tx, c.tree, c.assignment.messageId!, c.now);
}

async function rankReplies(c: Context, raw: unknown) {
  const { order } = parseWith(treeRankAnswerSchema, raw, 'ranking');
  const parent = await getMessage(c.tx, c.assignment.messageId!);
  if (parent.deleted) throw new AppError('INVALID_STATE', `The conversation these replies belong to was removed ${CHANGED_SINCE}`);
  const group = await getLiveChildren(c.tx, parent.id);
  if (group.some((m) => m.authorWorkerId === c.workerId)) throw new AppError('FORBIDDEN', 'You can’t rank a group that holds your own reply.');
  const sameGroup = order.length === group.length && new Set(order).size === order.length && group.every((m) => order.includes(m.id));
  if (!sameGroup) throw new AppError('CONFLICT', `The replies to rank changed ${CHANGED_SINCE}`);
  if (parent.rankingCount >= c.tree.config.rankingsPerGroup) throw new AppError('INVALID_STATE', `These replies already have all their rankings ${CHANGED_SINCE}`);
  await c.tx.$executeRaw`UPDATE "TreeMessage" SET "rankingCount" = "rankingCount" + 1 WHERE id = ${parent.id}::uuid`;
  await recordShownOrder(c.tx, c.assignment.id, c.assignment.itemId);
  return { order };
}

/** After a ranking: once the group has all its rankings, they are merged into each reply's rank. */
async function concludeRanking(c: Context): Promise<void> {
  const parent = await getMessage(c.tx, c.assignment.messageId!);
  if (parent.rankingCount < c.tree.config.rankingsPerGroup) return;
  await closeTreeTask(c.tx, parent.id, 'RANK', c.now);
  await mergeGroupRanks(c.tx, parent.id, c.assignment.itemId);
}

/** Stores the judgment and moves the assignment and the item, as submitJudgment's statement does for other tasks. */
async function storeJudgment(c: Context, answer: unknown): Promise<void> {
  const { assignment, now } = c;
  const shownAt = assignment.shownAt ?? assignment.leasedAt;
  const durationMs = Math.min(Math.max(0, now.getTime() - shownAt.getTime()), MAX_DURATION_MS);
  const isTooFast = durationMs < assignment.minSeconds * 1000;
  // Writing is decided by its peer reviews, so it skips the evaluator's queue; reviews and rankings join it.
  const isWriting = assignment.kind === 'WRITE_PROMPT' || assignment.kind === 'REPLY';
  await c.tx.$executeRaw`UPDATE "Assignment" SET status = 'SUBMITTED', "finishedAt" = ${now} WHERE id = ${assignment.id}::uuid`;
  await c.tx.$executeRaw`
    INSERT INTO "Judgment" (id, "assignmentId", "itemId", "projectId", "workerId", answer, "durationMs", "isTooFast", flags,
      status, "rewardMsats", "createdAt", "evaluatedAt")
    VALUES (${c.judgmentId}::uuid, ${assignment.id}::uuid, ${assignment.itemId}::uuid, ${assignment.projectId}::uuid,
      ${c.workerId}::uuid, ${JSON.stringify(answer)}::jsonb, ${durationMs}::int, ${isTooFast}::boolean,
      ${isTooFast ? ['too_fast'] : []}::text[], 'PENDING', ${assignment.rewardMsats}::bigint, ${now},
      ${isWriting ? now : null}::timestamp)`;
  await c.tx.$executeRaw`
    UPDATE "Item" SET "judgmentsDone" = "judgmentsDone" + 1,
      status = CASE WHEN status = 'OPEN' AND "judgmentsDone" + 1 >= "judgmentsNeeded" THEN 'DONE'::"ItemStatus" ELSE status END,
      "completedAt" = CASE WHEN status = 'OPEN' AND "judgmentsDone" + 1 >= "judgmentsNeeded" THEN ${now} ELSE "completedAt" END
    WHERE id = ${assignment.itemId}::uuid`;
}

