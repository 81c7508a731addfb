import 'server-only';
import { Prisma, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';

/**
 * What the worker has been paid today (UTC), as SQL for the worker's own statement. Payouts in flight count: only a
 * definite failure gives the room back.
 */
export function paidTodaySql(workerId: string, now = new Date()): Prisma.Sql {
  const startOfDay = new Date(now);
  startOfDay.setUTCHours(0, 0, 0, 0);
  return Prisma.sql`(SELECT COALESCE(sum("amountMsats"), 0)::bigint FROM "Withdrawal"
    WHERE "workerId" = ${workerId}::uuid AND "createdAt" >= ${startOfDay} AND status <> 'FAILED')`;
}

/** The room left under a daily cap, in whole sats (0 when the cap is reached). */
export function capRoomMsats(capMsats: bigint, paidTodayMsats: bigint): bigint {
  const remaining = capMsats - paidTodayMsats;
  return remaining > 0n ? (remaining / 1000n) * 1000n : 0n;
}

/** What a worker may still be paid today (UTC) under their daily payout cap, which the trust rules raise. */
export async function remainingDailyPayoutMsats(tx: Db, workerId: string, now = new Date()): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ capMsats: bigint; paidMsats: bigint }[]>`
    SELECT "dailyPayoutCapMsats" AS "capMsats", ${paidTodaySql(workerId, now)} AS "paidMsats" FROM "WorkerProfile" WHERE id = ${workerId}::uuid`;
  if (!row) throw new AppError('NOT_FOUND', 'No such worker.');
  return capRoomMsats(row.capMsats, row.paidMsats);
}
