import 'server-only';
import type { Db } from '@/lib/db';

/**
 * What a worker may still be paid today (UTC) under their daily payout cap, which the trust rules raise.
 * Payouts in flight count: only a definite failure gives the room back.
 */
export async function remainingDailyPayoutMsats(tx: Db, workerId: string, now = new Date()): Promise<bigint> {
  const startOfDay = new Date(now);
  startOfDay.setUTCHours(0, 0, 0, 0);
  const [worker, used] = await Promise.all([
    tx.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { dailyPayoutCapMsats: true } }),
    tx.withdrawal.aggregate({ where: { workerId, createdAt: { gte: startOfDay }, status: { not: 'FAILED' } }, _sum: { amountMsats: true } }),
  ]);
  const remaining = worker.dailyPayoutCapMsats - (used._sum.amountMsats ?? 0n);
  return remaining > 0n ? (remaining / 1000n) * 1000n : 0n;
}
