import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { WorkerStatus } from '@/lib/generated/prisma/enums';
import { returnSlots } from '@/lib/assignment/leases';
import { reopenItemSlots } from '@/lib/quality/overlap';
import { withdrawTreeJudgment } from '@/lib/trees/withdraw';

export type WorkerStatusActor = { kind: 'ADMIN'; userId: string } | { kind: 'SYSTEM' };

export const BANNED_REJECTION_REASON = 'account banned';

export type SetWorkerStatusResult = { changed: boolean; rejectedJudgments: number; expiredAssignments: number };

/**
 * Pauses, bans or re-activates a worker, with a reason the worker sees (statusReason). Audit-logged.
 * BANNED also undoes the worker's unpaid work: their PENDING judgments are rejected ("account banned"), so their
 * rewards never leave escrow, and the regular items they counted toward get the slot back so others do them; their
 * ACTIVE leases are expired (slots back too). Paid (APPROVED) work is not clawed back. PAUSED keeps pending
 * judgments as they are: a pause is a "wait", and review or the auto-approval delay still decides them.
 */
export async function setWorkerStatus(
  actor: WorkerStatusActor,
  workerId: string,
  status: WorkerStatus,
  reason: string,
  tx?: Tx,
): Promise<SetWorkerStatusResult> {
  const text = reason.trim();
  if (text.length < 3 || text.length > 500) throw new AppError('INVALID_INPUT', 'Give a reason of 3 to 500 characters.');
  const run = async (t: Tx): Promise<SetWorkerStatusResult> => {
    const [worker] = await t.$queryRaw<{ status: WorkerStatus; statusReason: string | null }[]>`
      SELECT status, "statusReason" FROM "WorkerProfile" WHERE id = ${workerId}::uuid FOR NO KEY UPDATE`;
    if (!worker) throw new AppError('NOT_FOUND', 'No such worker.');
    const now = new Date();
    await t.workerProfile.update({ where: { id: workerId }, data: { status, statusReason: text, statusChangedAt: now } });
    let rejectedJudgments = 0;
    let expiredAssignments = 0;
    if (status === 'BANNED') {
      const expired = await t.$queryRaw<{ itemId: string }[]>`
        UPDATE "Assignment" SET status = 'EXPIRED', "finishedAt" = ${now}
        WHERE "workerId" = ${workerId}::uuid AND status = 'ACTIVE'
        RETURNING "itemId"::text AS "itemId"`;
      expiredAssignments = expired.length;
      await returnSlots(t, expired.map((row) => row.itemId));
      const rejected = await t.judgment.updateManyAndReturn({
        where: { workerId, status: 'PENDING' },
        data: {
          status: 'REJECTED',
          reason: BANNED_REJECTION_REASON,
          reviewSource: actor.kind === 'ADMIN' ? 'MANUAL' : 'AUTO',
          reviewerId: actor.kind === 'ADMIN' ? actor.userId : null,
          reviewedAt: now,
        },
        select: { id: true, itemId: true, isGold: true, isExam: true },
      });
      rejectedJudgments = rejected.length;
      if (rejectedJudgments > 0) await t.workerProfile.update({ where: { id: workerId }, data: { judgmentsRejected: { increment: rejectedJudgments } } });
      await reopenItemSlots(t, rejected.filter((j) => !j.isGold && !j.isExam).map((j) => j.itemId));
      // Their tree work stops counting too: messages pruned, reviews and rankings out of the counts (lib/trees/withdraw.ts).
      for (const judgment of rejected) await withdrawTreeJudgment(t, judgment.id, BANNED_REJECTION_REASON, now);
    }
    await recordAudit(
      {
        actor: actor.kind === 'ADMIN' ? { kind: 'USER', userId: actor.userId } : { kind: 'SYSTEM' },
        action: 'worker.status',
        targetType: 'WorkerProfile',
        targetId: workerId,
        before: { status: worker.status, reason: worker.statusReason },
        after: { status, reason: text, rejectedJudgments, expiredAssignments },
      },
      t,
    );
    return { changed: worker.status !== status, rejectedJudgments, expiredAssignments };
  };
  return tx ? run(tx) : db.$transaction(run);
}
