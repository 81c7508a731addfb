import 'server-only';
import type { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { coverUpheldAppeal } from '@/lib/agents/appeal-cover';
import { AGENT_APPEAL_WINDOW_MS } from '@/lib/agents/config';
import { reinstateTreeJudgment } from '@/lib/trees/withdraw';
import { recomputeTrustAfterReview } from '@/lib/trust/score';
import { payableJudgmentSelect, payJudgment } from './pay';
import { appealNoteSchema, appealTextSchema, type AppealDecision } from './schemas';

/** The worker appealing: the user (for the audit log) and their worker profile (who owns the judgment). */
export type AppealingWorker = { userId: string; workerId: string };

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid input.');
  return parsed.data;
}

/**
 * A closed agent job keeps a rejection's cost in escrow for AGENT_APPEAL_WINDOW_MS only (its buyer is refunded the
 * rest), so that is how long an appeal can still be paid. Team projects keep their escrow: no limit there.
 */
async function refuseAfterAgentJobWindow(t: Tx, judgmentId: string, now: Date): Promise<void> {
  const judgment = await t.judgment.findUnique({
    where: { id: judgmentId },
    select: { reviewedAt: true, project: { select: { agentJob: { select: { status: true } } } } },
  });
  const job = judgment?.project.agentJob;
  if (!judgment || !job || job.status === 'ACTIVE') return;
  const rejectedAt = judgment.reviewedAt ?? new Date(0);
  if (now.getTime() - rejectedAt.getTime() > AGENT_APPEAL_WINDOW_MS) {
    throw new AppError('INVALID_STATE', 'This job has ended and its unused sats went back to its buyer: appeals were open for 72 hours after the rejection.');
  }
}

/**
 * A worker appeals one of their own rejected judgments, once. The guarded update (status REJECTED, no appeal yet,
 * owned by this worker) decides, so a double submit records one appeal. The appeal then waits in the review queue.
 */
export async function appealJudgment(worker: AppealingWorker, judgmentId: string, text: string, tx?: Tx): Promise<void> {
  const appealText = parseOrThrow(appealTextSchema, text);
  const run = async (t: Tx) => {
    const appealedAt = new Date();
    await refuseAfterAgentJobWindow(t, judgmentId, appealedAt);
    const { count } = await t.judgment.updateMany({
      where: { id: judgmentId, workerId: worker.workerId, status: 'REJECTED', appealStatus: null },
      data: { appealStatus: 'OPEN', appealText, appealedAt },
    });
    if (count === 0) {
      const existing = await t.judgment.findFirst({ where: { id: judgmentId, workerId: worker.workerId }, select: { status: true, appealStatus: true } });
      // Someone else's judgment looks exactly like a missing one.
      if (!existing) throw new AppError('NOT_FOUND', 'Task not found.');
      if (existing.appealStatus !== null) throw new AppError('CONFLICT', 'You already appealed this task.');
      throw new AppError('INVALID_STATE', 'Only a rejected task can be appealed.');
    }
    await recordAudit(
      { actor: { kind: 'USER', userId: worker.userId }, action: 'judgment.appeal', targetType: 'Judgment', targetId: judgmentId, after: { appealStatus: 'OPEN', appealText } },
      t,
    );
  };
  await (tx ? run(tx) : db.$transaction(run));
}

/**
 * An admin decides an open appeal. UPHOLD means the worker was right: the judgment becomes APPROVED and is paid
 * from escrow through the same payJudgment as any approval (its unique transfer key pays it once); in a closed
 * agent job whose escrow is spent, the platform tops the escrow up from its fee income first (appeal-cover.ts). DENY keeps it
 * REJECTED; a note, if given, is added to the reason the worker sees. Either way the appeal is closed for good.
 */
export async function resolveAppeal(
  admin: { kind: 'ADMIN'; userId: string },
  judgmentId: string,
  decision: AppealDecision,
  note = '',
  tx?: Tx,
): Promise<{ paid: boolean }> {
  const cleanNote = parseOrThrow(appealNoteSchema, note);
  const run = async (t: Tx) => {
    const before = await t.judgment.findUnique({ where: { id: judgmentId }, select: { status: true, appealStatus: true, reason: true } });
    if (!before) throw new AppError('NOT_FOUND', 'No such judgment.');
    const open = { id: judgmentId, status: 'REJECTED' as const, appealStatus: 'OPEN' as const };
    const reviewed = { reviewSource: 'MANUAL' as const, reviewerId: admin.userId, reviewedAt: new Date() };
    let paid = false;
    if (decision === 'UPHOLD') {
      const moved = await t.judgment.updateManyAndReturn({ where: open, data: { ...reviewed, status: 'APPROVED', appealStatus: 'UPHELD' }, select: payableJudgmentSelect });
      if (!moved[0]) throw new AppError('INVALID_STATE', 'This appeal is already decided.');
      await t.workerProfile.update({ where: { id: moved[0].workerId }, data: { judgmentsRejected: { decrement: 1 } } });
      await coverUpheldAppeal(t, moved[0]);
      paid = (await payJudgment(t, moved[0])).paid;
      // A tree review or ranking counts toward its message or group again (lib/trees/withdraw.ts).
      await reinstateTreeJudgment(t, moved[0].id);
      await recomputeTrustAfterReview(t, moved[0].workerId, moved[0].projectId, 'appeal upheld');
    } else {
      const reason = cleanNote ? `${before.reason ?? ''}\n\nAppeal denied: ${cleanNote}`.trim() : before.reason;
      const { count } = await t.judgment.updateMany({ where: open, data: { ...reviewed, appealStatus: 'DENIED', reason } });
      if (count === 0) throw new AppError('INVALID_STATE', 'This appeal is already decided.');
    }
    await recordAudit(
      {
        actor: { kind: 'USER', userId: admin.userId },
        action: decision === 'UPHOLD' ? 'judgment.appeal_uphold' : 'judgment.appeal_deny',
        targetType: 'Judgment',
        targetId: judgmentId,
        before: { status: before.status, appealStatus: before.appealStatus },
        after: { status: decision === 'UPHOLD' ? 'APPROVED' : 'REJECTED', appealStatus: decision === 'UPHOLD' ? 'UPHELD' : 'DENIED', note: cleanNote || null, paid },
      },
      t,
    );
    return { paid };
  };
  return tx ? run(tx) : db.$transaction(run);
}
