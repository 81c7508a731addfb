import 'server-only';
import type { Tx } from '@/lib/db';
import { decideMessageReviews, mergeGroupRanks } from './decisions';
import { addRedFlag } from './flags';
import { advanceTree, closeTreeTask, lockTree, type LockedTree } from './engine';
import { addReviewToLabels, isTerminalState, removeReviewFromLabels } from './lifecycle';
import { getMessage } from './messages';
import { pruneMessageOfJudgment } from './prune';
import { treeRankAnswerSchema, treeReviewAnswerSchema } from './schemas';

// A tree judgment rejected after it was counted (by an admin, the quality rules, or a ban) stops counting, in the
// rejecting transaction: a review leaves its message's review count, accept votes, labels and red flags; a ranking
// leaves its group's ranks; a prompt or reply leaves the tree (pruned with the reason). An appeal upheld later puts
// a review or ranking back. Counting follows the judgment's status, which changes once each way (PENDING → REJECTED
// by a guarded update, REJECTED → APPROVED by an upheld appeal), so nothing is counted twice.
//
// What happens to the decision:
//   - a message still under review waits for a replacement review (its review task gets the slot back);
//   - a message already decided keeps its decision (its writer was paid, or pruned and can appeal); its counts and
//     labels show only the reviews that still count;
//   - a ranked group's ranks are merged again from the rankings that still count (none left: unranked), and its
//     ranking task gets the slot back, so a replacement ranking completes the count and the merge.
// Tree items are left out of lib/quality/overlap.ts reopenItemSlots: their slots are given back here, or not at all
// when the task is over.

type TreeJudgment = {
  itemId: string;
  treeId: string;
  kind: 'WRITE_PROMPT' | 'REPLY' | 'REVIEW' | 'RANK';
  messageId: string | null;
  itemStatus: string;
  /** RANK: whether the judgment's round is the group's newest (an older one no longer ranks the group). */
  isLatestRound: boolean;
  workerId: string;
  answer: unknown;
};

async function findTreeJudgment(tx: Tx, judgmentId: string): Promise<TreeJudgment | null> {
  const [row] = await tx.$queryRaw<TreeJudgment[]>`
    SELECT i.id::text AS "itemId", i."treeId"::text AS "treeId", i."treeTaskKind"::text AS kind, i."treeMessageId"::text AS "messageId",
      i.status::text AS "itemStatus", j."workerId"::text AS "workerId", j.answer,
      NOT EXISTS (SELECT 1 FROM "Item" n WHERE n."treeMessageId" = i."treeMessageId" AND n."treeTaskKind" = i."treeTaskKind"
        AND n."treeRound" > i."treeRound") AS "isLatestRound"
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId"
    WHERE j.id = ${judgmentId}::uuid AND i."treeId" IS NOT NULL AND NOT j."isExam"`;
  return row ?? null;
}

/** A tree judgment was just rejected: it stops counting (see above). Nothing happens for other judgments. */
export async function withdrawTreeJudgment(tx: Tx, judgmentId: string, reason: string, now = new Date()): Promise<void> {
  const judgment = await findTreeJudgment(tx, judgmentId);
  if (!judgment) return;
  const tree = await lockTree(tx, judgment.treeId);
  if (judgment.kind === 'WRITE_PROMPT' || judgment.kind === 'REPLY') await pruneMessageOfJudgment(tx, judgmentId, reason);
  if (judgment.kind === 'REVIEW') await withdrawReview(tx, tree, judgment);
  if (judgment.kind === 'RANK') await withdrawRanking(tx, tree, judgment);
  await advanceTree(tx, tree, now);
}

/** An upheld appeal made a rejected tree judgment count again (a pruned prompt or reply stays pruned). */
export async function reinstateTreeJudgment(tx: Tx, judgmentId: string, now = new Date()): Promise<void> {
  const judgment = await findTreeJudgment(tx, judgmentId);
  if (!judgment || (judgment.kind !== 'REVIEW' && judgment.kind !== 'RANK')) return;
  const tree = await lockTree(tx, judgment.treeId);
  if (judgment.kind === 'REVIEW') await reinstateReview(tx, tree, judgment, now);
  if (judgment.kind === 'RANK') await reinstateRanking(tx, tree, judgment, now);
  await advanceTree(tx, tree, now);
}

async function withdrawReview(tx: Tx, tree: LockedTree, judgment: TreeJudgment): Promise<void> {
  const review = treeReviewAnswerSchema.safeParse(judgment.answer);
  if (!review.success || !judgment.messageId) return;
  const message = await getMessage(tx, judgment.messageId);
  await tx.$executeRaw`
    UPDATE "TreeMessage" SET "reviewCount" = GREATEST(0, "reviewCount" - 1),
      "acceptVotes" = GREATEST(0, "acceptVotes" - ${review.data.spam ? 0 : 1}::int),
      labels = ${JSON.stringify(removeReviewFromLabels(message.labels, review.data))}::jsonb
    WHERE id = ${message.id}::uuid`;
  if (review.data.redFlag) {
    const removed = await tx.$executeRaw`
      DELETE FROM "TreeMessageFlag" WHERE "messageId" = ${message.id}::uuid AND "workerId" = ${judgment.workerId}::uuid`;
    await tx.$executeRaw`UPDATE "TreeMessage" SET "redFlagCount" = GREATEST(0, "redFlagCount" - ${removed}::int) WHERE id = ${message.id}::uuid`;
  }
  // Still under review: a replacement review is needed before it is decided.
  if (!message.deleted && message.reviewState === 'PENDING' && !isTerminalState(tree.state)) await giveSlotBack(tx, judgment.itemId);
}

async function reinstateReview(tx: Tx, tree: LockedTree, judgment: TreeJudgment, now: Date): Promise<void> {
  const review = treeReviewAnswerSchema.safeParse(judgment.answer);
  if (!review.success || !judgment.messageId) return;
  const message = await getMessage(tx, judgment.messageId);
  await tx.$executeRaw`
    UPDATE "TreeMessage" SET "reviewCount" = "reviewCount" + 1, "acceptVotes" = "acceptVotes" + ${review.data.spam ? 0 : 1}::int,
      labels = ${JSON.stringify(addReviewToLabels(message.labels, review.data))}::jsonb
    WHERE id = ${message.id}::uuid`;
  if (review.data.redFlag) await addRedFlag(tx, message.id, judgment.workerId, 'review');
  if (message.deleted || message.reviewState !== 'PENDING') return;
  // It takes back the slot its rejection gave a replacement, if nobody took it yet; then the message may be decided.
  await takeSlotBack(tx, judgment.itemId);
  await decideMessageReviews(tx, tree, message.id, now);
}

async function withdrawRanking(tx: Tx, tree: LockedTree, judgment: TreeJudgment): Promise<void> {
  if (!countsForGroup(judgment)) return;
  // A merged group is merged again from what still counts; an open round only loses the count.
  const counted = judgment.itemStatus === 'DONE' ? await mergeGroupRanks(tx, judgment.messageId, judgment.itemId) : await countRankings(tx, judgment.itemId);
  await tx.$executeRaw`UPDATE "TreeMessage" SET "rankingCount" = ${counted}::int WHERE id = ${judgment.messageId}::uuid`;
  // A finished tree takes no more tasks (its submit refuses them): its ranks stand on the rankings left.
  if (!isTerminalState(tree.state)) await giveSlotBack(tx, judgment.itemId);
}

/**
 * Whether a ranking is part of its group's current ranks: a cancelled round was never merged (the group changed), and
 * an older round gave way to a newer one (the group changed after it was merged, and was ranked anew).
 */
function countsForGroup(judgment: TreeJudgment): judgment is TreeJudgment & { messageId: string } {
  return judgment.messageId !== null && judgment.itemStatus !== 'CANCELLED' && judgment.isLatestRound && treeRankAnswerSchema.safeParse(judgment.answer).success;
}

async function reinstateRanking(tx: Tx, tree: LockedTree, judgment: TreeJudgment, now: Date): Promise<void> {
  if (!countsForGroup(judgment)) return;
  await takeSlotBack(tx, judgment.itemId);
  const counted = await countRankings(tx, judgment.itemId);
  await tx.$executeRaw`UPDATE "TreeMessage" SET "rankingCount" = ${counted}::int WHERE id = ${judgment.messageId}::uuid`;
  if (counted >= tree.config.rankingsPerGroup) await closeTreeTask(tx, judgment.messageId, 'RANK', now);
  const [ranked] = await tx.$queryRaw<{ ranked: boolean }[]>`
    SELECT bool_or(rank IS NOT NULL) AS ranked FROM "TreeMessage" WHERE "parentId" = ${judgment.messageId}::uuid AND "deletedAt" IS NULL`;
  if (counted >= tree.config.rankingsPerGroup || ranked?.ranked) await mergeGroupRanks(tx, judgment.messageId, judgment.itemId);
}

async function countRankings(tx: Tx, itemId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Judgment" WHERE "itemId" = ${itemId}::uuid AND status <> 'REJECTED' AND NOT "isExam"`;
  return row.count;
}

/** One more answer is wanted on the task: its rejected one no longer counts. */
async function giveSlotBack(tx: Tx, itemId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Item" SET "judgmentsDone" = GREATEST(0, "judgmentsDone" - 1), "openSlots" = "openSlots" + 1,
      status = 'OPEN', "completedAt" = NULL
    WHERE id = ${itemId}::uuid AND status <> 'CANCELLED'`;
}

/** The reinstated answer fills the slot its rejection opened, while nobody holds it (an unleased open slot). */
async function takeSlotBack(tx: Tx, itemId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Item" SET "judgmentsDone" = "judgmentsDone" + 1, "openSlots" = "openSlots" - 1,
      status = CASE WHEN "judgmentsDone" + 1 >= "judgmentsNeeded" THEN 'DONE'::"ItemStatus" ELSE status END,
      "completedAt" = CASE WHEN "judgmentsDone" + 1 >= "judgmentsNeeded" THEN now() ELSE "completedAt" END
    WHERE id = ${itemId}::uuid AND status = 'OPEN' AND "openSlots" > 0`;
}
