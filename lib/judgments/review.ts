import 'server-only';
import { recordAudit, type AuditActor } from '@/lib/audit/record';
import { db, type Tx } from '@/lib/db';
import { containsNul, NUL_FIELD_MESSAGE } from '@/lib/http/nul';
import { AppError } from '@/lib/errors';
import { reopenItemSlots } from '@/lib/quality/overlap';
import { withdrawTreeJudgment } from '@/lib/trees/withdraw';
import { recomputeTrustAfterReview } from '@/lib/trust/score';
import { buildReviewWhere } from './filters';
import { payableJudgmentSelect, payJudgment } from './pay';
import type { ReviewFilter } from './schemas';

export { appealJudgment, resolveAppeal } from './appeals';
export { payJudgment } from './pay';

export type ReviewActor = { kind: 'ADMIN'; userId: string } | { kind: 'AUTO' };

export const auditActorOf = (actor: ReviewActor): AuditActor =>
  actor.kind === 'ADMIN' ? { kind: 'USER', userId: actor.userId } : { kind: 'SYSTEM' };

/**
 * Approves a pending judgment and pays its reward from the project's escrow to the worker, in one
 * transaction: the status change and the money move together or not at all. Approving twice is a no-op.
 */
export async function approveJudgment(actor: ReviewActor, judgmentId: string, tx?: Tx): Promise<{ paid: boolean }> {
  const run = async (t: Tx) => {
    const moved = await t.judgment.updateManyAndReturn({
      where: { id: judgmentId, status: 'PENDING' },
      data: {
        status: 'APPROVED',
        reviewSource: actor.kind === 'ADMIN' ? 'MANUAL' : 'AUTO',
        reviewerId: actor.kind === 'ADMIN' ? actor.userId : null,
        reviewedAt: new Date(),
      },
      select: payableJudgmentSelect,
    });
    const judgment = moved[0];
    if (!judgment) {
      const existing = await t.judgment.findUnique({ where: { id: judgmentId }, select: { status: true } });
      if (!existing) throw new AppError('NOT_FOUND', 'No such judgment.');
      if (existing.status === 'APPROVED') return { paid: false };
      throw new AppError('INVALID_STATE', 'Only a pending judgment can be approved.');
    }
    // Audited before the payment, which locks the project's escrow until the commit (see payJudgment).
    await recordAudit({ actor: auditActorOf(actor), action: 'judgment.approve', targetType: 'Judgment', targetId: judgment.id, after: { status: 'APPROVED' } }, t);
    return payJudgment(t, judgment);
  };
  return tx ? run(tx) : db.$transaction(run);
}

function checkReason(reason: string): string {
  const text = reason.trim();
  if (text.length < 3 || text.length > 500) throw new AppError('INVALID_INPUT', 'Give a reason of 3 to 500 characters.');
  if (containsNul(text)) throw new AppError('INVALID_INPUT', NUL_FIELD_MESSAGE);
  return text;
}

async function markRejected(t: Tx, actor: ReviewActor, judgmentId: string, reason: string) {
  const moved = await t.judgment.updateManyAndReturn({
    where: { id: judgmentId, status: 'PENDING' },
    data: { status: 'REJECTED', reason, reviewSource: actor.kind === 'ADMIN' ? 'MANUAL' : 'AUTO', reviewerId: actor.kind === 'ADMIN' ? actor.userId : null, reviewedAt: new Date() },
    select: { id: true, workerId: true, projectId: true, itemId: true, isExam: true, isGold: true },
  });
  if (!moved[0]) throw new AppError('INVALID_STATE', 'Only a pending judgment can be rejected.');
  // A rejected tree judgment stops counting: a prompt or reply leaves the tree, a review or ranking leaves its
  // message's counts and its group's ranks (lib/trees/withdraw.ts).
  await withdrawTreeJudgment(t, moved[0].id, reason);
  await t.workerProfile.update({ where: { id: moved[0].workerId }, data: { judgmentsRejected: { increment: 1 } } });
  // Rejections feed the trust score; an automatic rejection was already scored by the quality evaluation.
  if (actor.kind === 'ADMIN') await recomputeTrustAfterReview(t, moved[0].workerId, moved[0].projectId, 'judgment rejected in review');
  return moved[0];
}

/** Rejects a pending judgment with a reason the worker sees. No money moves. */
export async function rejectJudgment(actor: ReviewActor, judgmentId: string, reason: string, tx?: Tx): Promise<void> {
  const text = checkReason(reason);
  const run = async (t: Tx) => {
    const judgment = await markRejected(t, actor, judgmentId, text);
    await recordAudit({ actor: auditActorOf(actor), action: 'judgment.reject', targetType: 'Judgment', targetId: judgment.id, after: { status: 'REJECTED', reason: text } }, t);
  };
  await (tx ? run(tx) : db.$transaction(run));
}

/**
 * Gives a rejected judgment's slot back to its item so another worker answers it (reopenItemSlots). Only regular
 * items hold slots: gold and exam answers never counted. Returns whether a slot went back.
 */
export async function requeueItemSlot(t: Tx, judgment: { itemId: string; isExam: boolean; isGold: boolean }): Promise<boolean> {
  if (judgment.isExam || judgment.isGold) return false;
  await reopenItemSlots(t, [judgment.itemId]);
  return true;
}

/** Rejects a pending judgment (reason shown to the worker) and, in the same transaction, gives its item the slot back. */
export async function rejectAndRequeue(actor: ReviewActor, judgmentId: string, reason: string, tx?: Tx): Promise<{ requeued: boolean }> {
  const text = checkReason(reason);
  const run = async (t: Tx) => {
    const judgment = await markRejected(t, actor, judgmentId, text);
    const requeued = await requeueItemSlot(t, judgment);
    await recordAudit(
      {
        actor: auditActorOf(actor),
        action: 'judgment.reject_requeue',
        targetType: 'Judgment',
        targetId: judgment.id,
        after: { status: 'REJECTED', reason: text, itemId: judgment.itemId, requeued },
      },
      t,
    );
    return { requeued };
  };
  return tx ? run(tx) : db.$transaction(run);
}

/**
 * Approves every PENDING judgment matching the review filter, oldest first, at most `max`. `afterId`/`upToId`
 * bound it to the page the admin saw (ids are time-ordered uuid v7), so work that arrived since is not approved
 * unseen. Each approval is its own transaction: one that fails (e.g. an empty escrow) stays pending and is counted.
 */
export async function bulkApprove(
  actor: Extract<ReviewActor, { kind: 'ADMIN' }>,
  filter: ReviewFilter,
  options: { max: number; afterId?: string; upToId?: string },
): Promise<{ approved: number; failed: number; matched: number }> {
  const max = Math.min(Math.max(1, Math.floor(options.max)), 1000);
  const idRange = { ...(options.afterId ? { gt: options.afterId } : {}), ...(options.upToId ? { lte: options.upToId } : {}) };
  const where = { ...buildReviewWhere({ ...filter, status: 'PENDING' }), ...(Object.keys(idRange).length ? { id: idRange } : {}) };
  const due = await db.judgment.findMany({ where, orderBy: { id: 'asc' }, take: max, select: { id: true } });
  let approved = 0;
  let failed = 0;
  for (const { id } of due) {
    try {
      await approveJudgment(actor, id);
      approved += 1;
    } catch {
      failed += 1;
    }
  }
  await recordAudit({ actor: auditActorOf(actor), action: 'judgment.bulk_approve', targetType: 'Judgment', after: { filter, ...options, max, approved, failed } });
  return { approved, failed, matched: due.length };
}

/** Judgments the quality rules flagged for review wait at least this long, so a zero delay can't pay them unseen. */
export const FLAGGED_MIN_DELAY_SECONDS = 72 * 3600;

/**
 * Approves every pending, non-exam, evaluated judgment older than its project's auto-approval delay, so nothing waits
 * for a human forever. Each approval is its own transaction; one that fails (e.g. an empty escrow) stays pending.
 */
export async function autoApproveDueJudgments(limit = 500): Promise<{ approved: number; failed: number }> {
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT j.id FROM "Judgment" j JOIN "Project" p ON p.id = j."projectId"
    WHERE j.status = 'PENDING' AND NOT j."isExam" AND p."autoApproveAfterSeconds" IS NOT NULL
      -- Never before the quality rules ran on it (lib/quality/evaluate.ts): they may flag or reject it.
      AND j."evaluatedAt" IS NOT NULL
      -- A tree message's writing judgment is decided by its peer reviews (lib/trees), never by the clock.
      AND NOT EXISTS (SELECT 1 FROM "TreeMessage" m WHERE m."judgmentId" = j.id AND m."reviewState" = 'PENDING')
      AND j."createdAt" <= now() - make_interval(secs => CASE WHEN cardinality(j.flags) > 0
        THEN GREATEST(p."autoApproveAfterSeconds", ${FLAGGED_MIN_DELAY_SECONDS}::int) ELSE p."autoApproveAfterSeconds" END)
    ORDER BY j."createdAt" LIMIT ${limit}`;
  let approved = 0;
  let failed = 0;
  for (const { id } of due) {
    try {
      if ((await approveJudgment({ kind: 'AUTO' }, id)).paid) approved += 1;
    } catch {
      failed += 1;
    }
  }
  return { approved, failed };
}
