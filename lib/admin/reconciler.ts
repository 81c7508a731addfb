import 'server-only';
import { db } from '@/lib/db';
import { logError } from '@/lib/log';

export type ReconcilerStatus = {
  lastCompletedAt: Date | null;
  lastFailedAt: Date | null;
  /** Payouts the reconciler still has to settle (UNKNOWN, or SENDING for over 10 minutes). */
  stuckPayouts: number;
  /** null when the job table could not be read (pg-boss not installed yet). */
  isHealthy: boolean | null;
};

const STALE_AFTER_MS = 5 * 60_000;

/**
 * When `payout.reconcile` (cron, every minute) last finished, read from pg-boss's job table (read only: the queue's
 * tables are never written to). Healthy means it completed within 5 minutes.
 */
export async function getReconcilerStatus(): Promise<ReconcilerStatus> {
  const stuckPayouts = await db.withdrawal.count({
    where: { OR: [{ status: 'UNKNOWN' }, { status: 'SENDING', updatedAt: { lt: new Date(Date.now() - 10 * 60_000) } }] },
  });
  try {
    const [row] = await db.$queryRaw<{ lastCompletedAt: Date | null; lastFailedAt: Date | null }[]>`
      SELECT max(completed_on) FILTER (WHERE state = 'completed') AS "lastCompletedAt",
             max(completed_on) FILTER (WHERE state = 'failed') AS "lastFailedAt"
      FROM pgboss.job WHERE name = 'payout.reconcile'`;
    const lastCompletedAt = row?.lastCompletedAt ?? null;
    return { lastCompletedAt, lastFailedAt: row?.lastFailedAt ?? null, stuckPayouts, isHealthy: lastCompletedAt !== null && Date.now() - lastCompletedAt.getTime() < STALE_AFTER_MS };
  } catch (error) {
    // 42P01: pg-boss has not created its schema yet (worker never started): unknown, not broken.
    if (!String(error).includes('42P01') && !String(error).includes('does not exist')) logError('reconciler status unreadable', error);
    return { lastCompletedAt: null, lastFailedAt: null, stuckPayouts, isHealthy: null };
  }
}
