import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav, buttonClass } from '@/components/admin/overview-nav';
import { retryAgentRefundAction } from '@/lib/admin/actions';
import { listMoneyInFlight } from '@/lib/admin/payouts';
import { requirePageRole } from '@/lib/auth/viewer';
import { formatSats } from '@/lib/ledger/money';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Payouts' };

function age(since: Date, now: number): string {
  const minutes = Math.max(0, Math.floor((now - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} d`;
}

export default async function AdminPayoutsPage() {
  await requirePageRole('ADMIN', '/admin/payouts');
  const now = Date.now();
  const { payouts, refunds } = await listMoneyInFlight(new Date(now));
  return (
    <div className="space-y-6">
      <AdminNav current="/admin/payouts" />
      <h1 className="text-2xl font-bold">Payouts in flight</h1>
      <p className="text-sm text-zinc-500">
        Oldest first. A payment the node reports in flight is never resent or refunded: the reconciler settles it as soon as the node answers
        (docs/payments.md).
      </p>

      <section className="space-y-2" aria-labelledby="worker-payouts">
        <h2 id="worker-payouts" className="text-lg font-semibold">Worker payouts not settled, and failures of the last 7 days</h2>
        {payouts.length === 0 ? (
          <p className="text-zinc-500">None.</p>
        ) : (
          <ScrollRegion label="Worker payouts" className="overflow-x-auto rounded-2xl border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-left text-sm">
              <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900">
                <tr>
                  <th className="px-3 py-2 font-medium">Age</th>
                  <th className="px-3 py-2 font-medium">Status</th>
                  <th className="px-3 py-2 font-medium">Worker</th>
                  <th className="px-3 py-2 text-right font-medium">Amount</th>
                  <th className="px-3 py-2 font-medium">How</th>
                  <th className="px-3 py-2 font-medium">Why</th>
                </tr>
              </thead>
              <tbody>
                {payouts.map((p) => (
                  <tr key={p.id} className="border-t border-zinc-200 dark:border-zinc-800" data-testid="payout-row">
                    <td className="px-3 py-2 tabular-nums">{age(p.createdAt, now)}</td>
                    <td className="px-3 py-2">{p.status.toLowerCase()}{p.attempts > 1 ? ` · ${p.attempts} tries` : ''}</td>
                    <td className="px-3 py-2"><Link className="underline" href={`/admin/workers/${p.workerId}`}>{p.workerName}</Link></td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatSats(p.amountMsats)}</td>
                    <td className="px-3 py-2">{p.kind === 'LIGHTNING_ADDRESS' ? `Lightning Address${p.destination ? ` · ${p.destination}` : ''}` : 'LNURL-withdraw'}</td>
                    <td className="px-3 py-2 break-words text-zinc-500">{p.failureReason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="space-y-2" aria-labelledby="agent-refunds">
        <h2 id="agent-refunds" className="text-lg font-semibold">Owed to agents (refunds of closed L402 jobs)</h2>
        {refunds.length === 0 ? (
          <p className="text-zinc-500">None.</p>
        ) : (
          <ul className="space-y-2">
            {refunds.map((r) => (
              <li key={r.jobId} className="flex flex-wrap items-center justify-between gap-3 rounded-2xl border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="agent-refund-row">
                <div className="min-w-0 space-y-0.5">
                  <p className="font-medium break-words">{formatSats(r.owedMsats)} to {r.refundTarget}</p>
                  <p className="text-zinc-500 break-words">
                    {r.projectTitle} · {r.givenUp ? 'given up' : r.status.toLowerCase()} for {age(r.since, now)}
                    {r.failureReason ? ` · ${r.failureReason}` : ''}
                  </p>
                </div>
                {r.givenUp && (
                  <form action={retryAgentRefundAction}>
                    <input type="hidden" name="jobId" value={r.jobId} />
                    <button type="submit" className={buttonClass}>Try again now</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
