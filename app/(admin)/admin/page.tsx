import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/viewer';
import { AdminNav } from '@/components/admin/overview-nav';
import { Stat } from '@/components/ui/stat';
import { listProjectQuality } from '@/lib/admin/projects';
import { getAdminOverview } from '@/lib/admin/queries';
import { formatSats } from '@/lib/ledger/money';
import { setPayoutsPausedAction } from '@/lib/payouts/actions';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminHomePage() {
  // Layout and page render in parallel: the page checks too, so a visitor is redirected rather than errored.
  await requirePageRole('ADMIN', '/admin');
  const [overview, projects] = await Promise.all([getAdminOverview(), listProjectQuality({ take: 10 })]);
  const reconciler = overview.reconciler;
  const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);
  return (
    <div className="space-y-6">
      <AdminNav current="/admin" />
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
        <Stat label="Review backlog" value={overview.pendingReviews} hint={`${overview.openAppeals} open appeals`} />
        <Link href="/admin/workers" className="contents">
          <Stat label="Flagged workers" value={overview.workersWithOpenFlags} hint="with open fraud flags" />
        </Link>
      </div>
      <h2 className="text-lg font-semibold">Money</h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Owed to workers" value={formatSats(overview.workerLiabilitiesMsats)} />
        <Stat label="Team escrow" value={formatSats(overview.escrowMsats)} />
        <Link href="/admin/payouts" className="contents">
          <Stat label="Owed to agents" value={formatSats(overview.agentRefundsOwedMsats)} hint={`refunds of closed L402 jobs · ${overview.agentRefundsGivenUp} given up`} />
        </Link>
        <Stat label="Hot wallet" value={formatSats(overview.hotWalletMsats)} />
        <Stat label="Ledger sum" value={overview.ledgerSumMsats.toString()} hint="msats; always 0" />
        <Stat
          label="Node should hold"
          value={formatSats(overview.expectedNodeMsats)}
          hint={overview.nodeReachable ? (overview.nodeBalanceMsats === null ? 'node reports no balance' : `node holds ${formatSats(overview.nodeBalanceMsats)}`) : 'node unreachable'}
        />
      </div>
      <div className="flex items-baseline justify-between">
        <h2 className="text-lg font-semibold">Payouts today</h2>
        <Link href="/admin/payouts" className="text-sm underline">Payouts in flight</Link>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {(['PAID', 'SENDING', 'UNKNOWN', 'FAILED'] as const).map((status) => (
          <Stat key={status} label={status.toLowerCase()} value={overview.payoutsToday[status]?.count ?? 0} hint={formatSats(overview.payoutsToday[status]?.msats ?? 0n)} />
        ))}
        <Stat
          label="Pending (any day)"
          value={(overview.payoutsInFlight.SENDING?.count ?? 0) + (overview.payoutsInFlight.UNKNOWN?.count ?? 0)}
          hint={formatSats((overview.payoutsInFlight.SENDING?.msats ?? 0n) + (overview.payoutsInFlight.UNKNOWN?.msats ?? 0n))}
        />
        <Stat label="Failed (24 h)" value={overview.payoutsFailed24h.count} hint={formatSats(overview.payoutsFailed24h.msats)} />
        <Stat
          label="Reconciler"
          value={reconciler.isHealthy === null ? 'unknown' : reconciler.isHealthy ? 'running' : 'stale'}
          hint={`last run ${reconciler.lastCompletedAt ? reconciler.lastCompletedAt.toISOString().slice(11, 19) + ' UTC' : 'never'} · ${reconciler.stuckPayouts} payouts to settle`}
        />
      </div>
      <form action={setPayoutsPausedAction} className="flex items-center gap-3">
        <p className="text-sm" data-testid="payouts-state">Payouts are {overview.payoutsPaused ? 'paused' : 'running'}.</p>
        <input type="hidden" name="intent" value={overview.payoutsPaused ? 'resume' : 'pause'} />
        <button type="submit" className="rounded-lg border border-zinc-300 px-4 py-2 text-sm font-semibold dark:border-zinc-700">
          {overview.payoutsPaused ? 'Resume payouts' : 'Pause all payouts'}
        </button>
      </form>
      <div className="flex items-baseline justify-between">
        <h2 className="text-lg font-semibold">Quality per project</h2>
        <Link href="/admin/projects" className="text-sm underline">All projects</Link>
      </div>
      <ScrollRegion label="Quality per project" className="overflow-x-auto rounded-2xl border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900">
            <tr>
              <th className="px-3 py-2 font-medium">Project</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 text-right font-medium">Judgments</th>
              <th className="px-3 py-2 text-right font-medium">Rejected</th>
              <th className="px-3 py-2 text-right font-medium">Gold accuracy</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="px-3 py-2">{p.title} <span className="text-zinc-500">· {p.teamName}</span></td>
                <td className="px-3 py-2">{p.status.toLowerCase()}</td>
                <td className="px-3 py-2 text-right tabular-nums">{p.judgments}</td>
                <td className="px-3 py-2 text-right tabular-nums">{pct(p.rejected, p.approved + p.rejected)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{pct(p.goldCorrect, p.goldSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
