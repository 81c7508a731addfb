import type { Metadata } from 'next';
import Link from 'next/link';
import { FraudFlagList } from '@/components/admin/fraud-flag-list';
import { FraudWorkerActions } from '@/components/admin/fraud-worker-actions';
import { AdminNav } from '@/components/admin/overview-nav';
import { requirePageRole } from '@/lib/auth/viewer';
import { listFlaggedWorkers } from '@/lib/fraud/queries';
import { flagListFilterSchema } from '@/lib/fraud/schemas';
import { formatSats } from '@/lib/ledger/money';

export const metadata: Metadata = { title: 'Flagged workers' };

const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);

export default async function FlaggedWorkersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole('ADMIN', '/admin/workers');
  const status = flagListFilterSchema.parse((await searchParams).status);
  const workers = await listFlaggedWorkers({ status });
  return (
    <div className="space-y-4">
      <AdminNav current="/admin/workers" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold">Flagged workers</h1>
        <nav className="flex gap-2 text-sm" aria-label="Flag status">
          {(['OPEN', 'ACTIONED', 'CLEARED'] as const).map((s) => (
            <Link key={s} href={`/admin/workers?status=${s}`} aria-current={s === status ? 'page' : undefined} className="rounded px-2 py-1 aria-[current=page]:bg-zinc-200 dark:aria-[current=page]:bg-zinc-800">
              {s.toLowerCase()}
            </Link>
          ))}
        </nav>
      </div>
      <p className="text-sm text-zinc-500">Ranked by the highest flag score. Signals are rescanned every 5 minutes; a cleared flag comes back only if it grows stronger.</p>
      {workers.length === 0 && <p className="text-zinc-500">No {status.toLowerCase()} flags.</p>}
      <ul className="space-y-3">
        {workers.map((w) => (
          <li key={w.id} className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="flagged-worker">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <Link href={`/admin/workers/${w.id}`} className="text-lg font-semibold underline-offset-2 hover:underline">{w.displayName}</Link>
              <span className="text-sm">
                <span className="rounded bg-zinc-100 px-1.5 dark:bg-zinc-800">{w.status.toLowerCase()}</span>
                {w.statusReason && <span className="ml-2 text-zinc-500">{w.statusReason}</span>}
              </span>
            </div>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
              <div><dt className="text-zinc-500">Trust</dt><dd className="tabular-nums">{w.trustScore.toFixed(2)}</dd></div>
              <div><dt className="text-zinc-500">Gold accuracy</dt><dd className="tabular-nums">{pct(w.goldCorrect, w.goldSeen)} of {w.goldSeen}</dd></div>
              <div><dt className="text-zinc-500">Approved / rejected</dt><dd className="tabular-nums">{w.judgmentsApproved} / {w.judgmentsRejected}</dd></div>
              <div><dt className="text-zinc-500">Balance · pending</dt><dd className="tabular-nums">{formatSats(w.availableMsats)} · {formatSats(w.pendingMsats)} ({w.pendingJudgments})</dd></div>
            </dl>
            <FraudFlagList flags={w.flags} workerId={w.id} />
            <FraudWorkerActions workerId={w.id} status={w.status} hasOpenFlags={status === 'OPEN' && w.flags.length > 0} />
          </li>
        ))}
      </ul>
    </div>
  );
}
