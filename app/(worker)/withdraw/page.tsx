import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Stat } from '@/components/ui/stat';
import { requirePageRole } from '@/lib/auth/viewer';
import { isDemoMode } from '@/lib/demo/accounts';
import { formatSats, msatsToSats } from '@/lib/ledger/money';
import { MIN_WITHDRAWAL_MSATS, maxWithdrawable, reserveFor } from '@/lib/payouts/policy';
import { listWorkerWithdrawals } from '@/lib/payouts/queries';
import { getWorkerEarningsStrip } from '@/lib/workers/queries';
import { WithdrawPanel } from './_components/withdraw-panel';

export const metadata: Metadata = { title: 'Withdraw' };

export default async function WithdrawPage() {
  await requirePageRole('WORKER', '/withdraw');
  const [t, strip, withdrawals, format, locale] = await Promise.all([
    getTranslations('worker.withdraw'),
    getWorkerEarningsStrip(),
    listWorkerWithdrawals(),
    getFormatter(),
    getLocale(),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-bold">{t('title')}</h1>
      <Stat label={t('available')} value={formatSats(strip.availableMsats, locale)} />
      <WithdrawPanel
        availableSats={msatsToSats(strip.availableMsats).toString()}
        maxSats={msatsToSats(maxWithdrawable(strip.availableMsats)).toString()}
        minimumLabel={formatSats(reserveFor(MIN_WITHDRAWAL_MSATS), locale)}
        isDemo={isDemoMode()}
      />
      <Link href="/settings" className="flex min-h-11 items-center justify-center text-sm font-medium text-bolt-700 underline dark:text-bolt-400">
        {t('autoLink')}
      </Link>
      <section className="space-y-2">
        <h2 className="font-semibold">{t('history')}</h2>
        {withdrawals.length === 0 ? (
          <p className="text-sm text-zinc-500">{t('historyEmpty')}</p>
        ) : (
          <ul data-testid="withdraw-history" className="divide-y divide-zinc-200 rounded-2xl border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
            {withdrawals.map((w) => (
              <li key={w.id} className="flex justify-between gap-3 p-3">
                <span>{format.dateTime(w.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</span>
                <span className="font-medium tabular-nums">{formatSats(w.amountMsats, locale)} · {t(`historyStatus.${w.status}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
