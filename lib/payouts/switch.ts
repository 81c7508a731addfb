import 'server-only';
import { db, Prisma, type Db } from '@/lib/db';

const KEY = 'payouts.paused';

/** The admin's switch that stops every payout at once; every app server reads it from PostgreSQL. */
export async function arePayoutsPaused(tx: Db = db): Promise<boolean> {
  const setting = await tx.platformSetting.findUnique({ where: { key: KEY } });
  return setting?.value === true;
}

/** The same switch as a SQL boolean, so a payout's guarded update can check it in its own statement. */
export const payoutsPausedSql = Prisma.sql`EXISTS (SELECT 1 FROM "PlatformSetting" WHERE key = ${KEY} AND value = 'true'::jsonb)`;

export async function setPayoutsPaused(paused: boolean, tx: Db = db): Promise<void> {
  await tx.platformSetting.upsert({ where: { key: KEY }, create: { key: KEY, value: paused }, update: { value: paused } });
}

/** What a worker sees when a link is asked for, or a wallet calls back, while payouts are paused. */
export const PAYOUTS_PAUSED_MESSAGE = 'Payouts are paused for maintenance. Your balance is safe; try again later.';
