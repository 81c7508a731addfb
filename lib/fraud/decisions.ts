import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { setWorkerStatus } from '@/lib/trust/status';

export type FlaggedWorkerDecision = 'PAUSE' | 'BAN' | 'CLEAR' | 'REACTIVATE';

/**
 * Closes a worker's OPEN flags: CLEARED (a false alarm; a later scan reopens it only on a clearly stronger signal)
 * or ACTIONED (the worker was paused or banned for it). Audited with the flags as they were. Returns the count.
 */
export async function resolveWorkerFlags(tx: Tx, actor: { userId: string }, workerId: string, to: 'CLEARED' | 'ACTIONED', note: string): Promise<number> {
  const open = await tx.workerFlag.findMany({ where: { workerId, status: 'OPEN' }, select: { id: true, kind: true, score: true } });
  if (open.length === 0) return 0;
  await tx.workerFlag.updateMany({
    where: { id: { in: open.map((f) => f.id) }, status: 'OPEN' },
    data: { status: to, resolvedById: actor.userId, resolvedAt: new Date() },
  });
  await recordAudit(
    {
      actor: { kind: 'USER', userId: actor.userId },
      action: to === 'CLEARED' ? 'worker.flags.clear' : 'worker.flags.action',
      targetType: 'WorkerProfile',
      targetId: workerId,
      before: { flags: open.map((f) => ({ kind: f.kind, score: f.score, status: 'OPEN' })) },
      after: { status: to, note },
    },
    tx,
  );
  return open.length;
}

/**
 * An admin's decision on a flagged worker, in one transaction: PAUSE and BAN go through setWorkerStatus (a ban
 * rejects pending judgments, so their rewards stay in project escrow) and mark the open flags ACTIONED; CLEAR marks
 * them CLEARED and leaves the status alone; REACTIVATE sets the worker ACTIVE again.
 */
export async function decideFlaggedWorker(actor: { userId: string }, workerId: string, decision: FlaggedWorkerDecision, reason: string) {
  return db.$transaction(async (tx) => {
    const exists = await tx.workerProfile.count({ where: { id: workerId } });
    if (!exists) throw new AppError('NOT_FOUND', 'No such worker.');
    const admin = { kind: 'ADMIN' as const, userId: actor.userId };
    switch (decision) {
      case 'PAUSE':
      case 'BAN': {
        const status = await setWorkerStatus(admin, workerId, decision === 'PAUSE' ? 'PAUSED' : 'BANNED', reason, tx);
        const flags = await resolveWorkerFlags(tx, actor, workerId, 'ACTIONED', `${decision.toLowerCase()}: ${reason}`);
        return { ...status, flags };
      }
      case 'CLEAR':
        return { changed: false, rejectedJudgments: 0, expiredAssignments: 0, flags: await resolveWorkerFlags(tx, actor, workerId, 'CLEARED', reason) };
      case 'REACTIVATE':
        return { ...(await setWorkerStatus(admin, workerId, 'ACTIVE', reason, tx)), flags: 0 };
    }
  });
}
