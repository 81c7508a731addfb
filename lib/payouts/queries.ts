import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';

async function requireWorkerId(): Promise<string> {
  const viewer = await requireRole('WORKER');
  if (!viewer.worker) throw new AppError('FORBIDDEN', 'No worker profile for this account.');
  return viewer.worker.id;
}

export type WithdrawStatus = {
  link: 'OPEN' | 'CLAIMED' | 'USED' | 'EXPIRED' | 'CANCELLED';
  amountMsats: bigint;
  expiresAt: Date;
  payout: { status: 'SENDING' | 'PAID' | 'FAILED' | 'UNKNOWN'; amountMsats: bigint; feeMsats: bigint | null; preimage: string | null; failureReason: string | null } | null;
};

/** The live state of one of the worker's withdraw links and its latest payment attempt. */
export async function getWithdrawStatus(linkId: string): Promise<WithdrawStatus | null> {
  const workerId = await requireWorkerId();
  const link = await db.withdrawLink.findFirst({
    where: { id: linkId, workerId },
    select: {
      status: true,
      maxMsats: true,
      expiresAt: true,
      withdrawals: {
        orderBy: { createdAt: 'desc' },
        take: 1,
        select: { status: true, amountMsats: true, feeMsats: true, preimage: true, failureReason: true },
      },
    },
  });
  if (!link) return null;
  return { link: link.status, amountMsats: link.maxMsats, expiresAt: link.expiresAt, payout: link.withdrawals[0] ?? null };
}

/** The worker's withdrawals, newest first, for the earnings page. */
export async function listWorkerWithdrawals(take = 50) {
  const workerId = await requireWorkerId();
  return db.withdrawal.findMany({
    where: { workerId },
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, status: true, amountMsats: true, feeMsats: true, preimage: true, failureReason: true, createdAt: true },
  });
}
