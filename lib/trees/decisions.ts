import 'server-only';
import type { Tx } from '@/lib/db';
import { approveJudgment } from '@/lib/judgments/review';
import { closeTreeTask, type LockedTree } from './engine';
import { getJudgmentStatus, removeMessage } from './flags';
import { decideRedFlags, decideReview, mergeRankings } from './lifecycle';
import { getLiveChildren, getMessage } from './messages';

// The decisions a message's reviews and a group's rankings lead to, read from the database as it is now. Shared by
// the submit (an answer came in) and by withdraw.ts (an answer was rejected later, or reinstated by an appeal), so
// both decide the same way. The caller holds the tree's row lock.

/** Acts on red flags, then decides the message once all its reviews are in: accepted pays its writer, rejected prunes it. */
export async function decideMessageReviews(tx: Tx, tree: LockedTree, messageId: string, now: Date): Promise<void> {
  const message = await getMessage(tx, messageId);
  if (message.deleted) return;
  const flagged = decideRedFlags(message.redFlagCount, message.parentId === null, tree.config);
  if (flagged !== 'KEEP') {
    await removeMessage(tx, message, `red-flagged by ${message.redFlagCount} workers`);
    return;
  }
  if (message.reviewState !== 'PENDING') return;
  const decision = decideReview(message, tree.config);
  if (decision === 'PENDING') return;
  await closeTreeTask(tx, message.id, 'REVIEW', now);
  await tx.$executeRaw`UPDATE "TreeMessage" SET "reviewState" = ${decision}::"TreeReviewState", "reviewedAt" = ${now} WHERE id = ${message.id}::uuid`;
  if (decision === 'ACCEPTED') {
    if (message.judgmentId && (await getJudgmentStatus(tx, message.judgmentId)) === 'PENDING') {
      await approveJudgment({ kind: 'AUTO' }, message.judgmentId, tx);
    }
    return;
  }
  await removeMessage(tx, message, `failed peer review (${message.acceptVotes} of ${message.reviewCount} reviewers accepted it)`);
}

/** Each live reply's rank, merged by Borda count from the ranking task's answers that still count (not rejected). */
export async function mergeGroupRanks(tx: Tx, parentId: string, rankItemId: string): Promise<number> {
  const group = await getLiveChildren(tx, parentId);
  const rankings = await tx.$queryRaw<{ answer: { order: string[] } }[]>`
    SELECT answer FROM "Judgment" WHERE "itemId" = ${rankItemId}::uuid AND status <> 'REJECTED' ORDER BY id`;
  if (rankings.length === 0) {
    await tx.$executeRaw`UPDATE "TreeMessage" SET rank = NULL WHERE "parentId" = ${parentId}::uuid AND "deletedAt" IS NULL`;
    return 0;
  }
  const ranks = mergeRankings(group.map((m) => m.id), rankings.map((r) => r.answer.order));
  const rows = [...ranks].map(([id, rank]) => ({ id, rank }));
  await tx.$executeRaw`
    UPDATE "TreeMessage" m SET rank = r.rank FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id uuid, rank int)
    WHERE m.id = r.id`;
  return rankings.length;
}
