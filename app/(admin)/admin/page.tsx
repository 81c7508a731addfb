import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/viewer';
import { Stat } from '@/components/ui/stat';
import { getAdminOverview } from '@/lib/admin/queries';
import { formatSats } from '@/lib/ledger/money';
import { setPayoutsPausedAction } from '@/lib/payouts/actions';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminHomePage() {
  // Layout and page render in parallel: the page checks too, so a visitor is redirected rather than errored.
  await requirePageRole('ADMIN', '/admin');
  const overview = await getAdminOverview();
  return (
    <main className="space-y-6">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Platform overview</h1>
        <Link href="/admin/review" className="rounded-lg bg-zinc-900 px-4 py-2 text-sm font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900">
          Review queue
        </Link>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Active workers" value={overview.workersByStatus.ACTIVE ?? 0} hint={`${overview.workersByStatus.PAUSED ?? 0} paused · ${overview.workersByStatus.BANNED ?? 0} banned`} />
        <Stat label="Teams" value={overview.teams} />
        <Stat label="Active projects" value={overview.projectsByStatus.ACTIVE ?? 0} />
        <Stat label="Review backlog" value={overview.pendingReviews} />
      </div>
      <h2 className="text-lg font-semibold">Money</h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Owed to workers" value={formatSats(overview.workerLiabilitiesMsats)} />
        <Stat label="Team escrow" value={formatSats(overview.escrowMsats)} />
        <Stat label="Hot wallet" value={formatSats(overview.hotWalletMsats)} />
        <Stat label="Ledger sum" value={overview.ledgerSumMsats.toString()} hint="msats; always 0" />
        <Stat
          label="Node should hold"
          value={formatSats(overview.expectedNodeMsats)}
          hint={overview.nodeReachable ? (overview.nodeBalanceMsats === null ? 'node reports no balance' : `node holds ${formatSats(overview.nodeBalanceMsats)}`) : 'node unreachable'}
        />
      </div>
      <h2 className="text-lg font-semibold">Payouts today</h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {(['PAID', 'SENDING', 'UNKNOWN', 'FAILED'] as const).map((status) => (
          <Stat key={status} label={status.toLowerCase()} value={overview.payoutsToday[status]?.count ?? 0} hint={formatSats(overview.payoutsToday[status]?.msats ?? 0n)} />
        ))}
      </div>
      <form action={setPayoutsPausedAction} className="flex items-center gap-3">
        <p className="text-sm" data-testid="payouts-state">Payouts are {overview.payoutsPaused ? 'paused' : 'running'}.</p>
        <input type="hidden" name="intent" value={overview.payoutsPaused ? 'resume' : 'pause'} />
        <button type="submit" className="rounded-lg border border-zinc-300 px-4 py-2 text-sm font-semibold dark:border-zinc-700">
          {overview.payoutsPaused ? 'Resume payouts' : 'Pause all payouts'}
        </button>
      </form>
    </main>
  );
}
