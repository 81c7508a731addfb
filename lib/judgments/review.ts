import 'server-only';
import { recordAudit, type AuditActor } from '@/lib/audit/record';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { feeMsats } from '@/lib/ledger/money';
import { postTransfer } from '@/lib/ledger/transfer';
import { enqueueJob } from '@/lib/jobs/enqueue';
import { checkBudgetLow } from '@/lib/webhooks/events';

export type ReviewActor = { kind: 'ADMIN'; userId: string } | { kind: 'AUTO' };

const auditActor = (actor: ReviewActor): AuditActor =>
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
      select: { id: true, workerId: true, projectId: true, rewardMsats: true, project: { select: { teamId: true, feeBps: true } } },
    });
    const judgment = moved[0];
    if (!judgment) {
      const existing = await t.judgment.findUnique({ where: { id: judgmentId }, select: { status: true } });
      if (!existing) throw new AppError('NOT_FOUND', 'No such judgment.');
      if (existing.status === 'APPROVED') return { paid: false };
      throw new AppError('INVALID_STATE', 'Only a pending judgment can be approved.');
    }
    if (judgment.rewardMsats > 0n) {
      const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: judgment.project.teamId, projectId: judgment.projectId });
      const worker = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId: judgment.workerId });
      await postTransfer(t, {
        debitAccountId: escrow.id,
        creditAccountId: worker.id,
        amountMsats: judgment.rewardMsats,
        idempotencyKey: `judgment:${judgment.id}:reward`,
        reason: 'JUDGMENT_REWARD',
        judgmentId: judgment.id,
      });
      const fee = feeMsats(judgment.rewardMsats, judgment.project.feeBps);
      if (fee > 0n) {
        const income = await getOrCreateAccount(t, { kind: 'FEE_INCOME' });
        await postTransfer(t, {
          debitAccountId: escrow.id,
          creditAccountId: income.id,
          amountMsats: fee,
          idempotencyKey: `judgment:${judgment.id}:fee`,
          reason: 'PLATFORM_FEE',
          judgmentId: judgment.id,
        });
      }
      await checkBudgetLow(t, judgment.projectId); // budget.low webhook, once per arming
    }
    const worker = await t.workerProfile.update({
      where: { id: judgment.workerId },
      data: { judgmentsApproved: { increment: 1 } },
      select: { lightningAddress: true },
    });
    // Workers with a Lightning Address are paid without scanning anything; the job batches small amounts.
    if (worker.lightningAddress && judgment.rewardMsats > 0n) {
      await enqueueJob('payout.lightning-address', { workerId: judgment.workerId }, { tx: t, singletonKey: judgment.workerId });
    }
    await recordAudit({ actor: auditActor(actor), action: 'judgment.approve', targetType: 'Judgment', targetId: judgment.id, after: { status: 'APPROVED' } }, t);
    return { paid: judgment.rewardMsats > 0n };
  };
  return tx ? run(tx) : db.$transaction(run);
}

/** Rejects a pending judgment with a reason the worker sees. No money moves. */
export async function rejectJudgment(actor: ReviewActor, judgmentId: string, reason: string, tx?: Tx): Promise<void> {
  const text = reason.trim();
  if (text.length < 3 || text.length > 500) throw new AppError('INVALID_INPUT', 'Give a reason of 3 to 500 characters.');
  const run = async (t: Tx) => {
    const moved = await t.judgment.updateManyAndReturn({
      where: { id: judgmentId, status: 'PENDING' },
      data: { status: 'REJECTED', reason: text, reviewSource: actor.kind === 'ADMIN' ? 'MANUAL' : 'AUTO', reviewerId: actor.kind === 'ADMIN' ? actor.userId : null, reviewedAt: new Date() },
      select: { id: true, workerId: true },
    });
    if (!moved[0]) throw new AppError('INVALID_STATE', 'Only a pending judgment can be rejected.');
    await t.workerProfile.update({ where: { id: moved[0].workerId }, data: { judgmentsRejected: { increment: 1 } } });
    await recordAudit({ actor: auditActor(actor), action: 'judgment.reject', targetType: 'Judgment', targetId: moved[0].id, after: { status: 'REJECTED', reason: text } }, t);
  };
  await (tx ? run(tx) : db.$transaction(run));
}

/**
 * Approves every pending, non-exam judgment older than its project's auto-approval delay, so nothing waits
 * for a human forever. Each approval is its own transaction; one that fails (e.g. an empty escrow) stays pending.
 */
export async function autoApproveDueJudgments(limit = 500): Promise<{ approved: number; failed: number }> {
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT j.id FROM "Judgment" j JOIN "Project" p ON p.id = j."projectId"
    WHERE j.status = 'PENDING' AND NOT j."isExam" AND p."autoApproveAfterSeconds" IS NOT NULL
      AND j."createdAt" <= now() - make_interval(secs => p."autoApproveAfterSeconds")
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
