import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { FraudFlagList } from '@/components/admin/fraud-flag-list';
import { FraudWorkerActions } from '@/components/admin/fraud-worker-actions';
import { AdminNav } from '@/components/admin/overview-nav';
import { Stat } from '@/components/ui/stat';
import { requirePageRole } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { getWorkerForAdminOrThrow } from '@/lib/fraud/queries';
import { formatSats } from '@/lib/ledger/money';
import { ScrollPre } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'Worker' };

export default async function AdminWorkerPage({ params }: { params: Promise<{ workerId: string }> }) {
  const { workerId } = await params;
  await requirePageRole('ADMIN', `/admin/workers/${workerId}`);
  const worker = await getWorkerForAdminOrThrow(workerId).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const goldAccuracy = worker.goldSeen === 0 ? '—' : `${Math.round((100 * worker.goldCorrect) / worker.goldSeen)}%`;
  return (
    <div className="space-y-6">
      <AdminNav current="/admin/workers" />
      <div>
        <h1 className="text-2xl font-bold">{worker.displayName}</h1>
        <p className="text-sm text-zinc-500">
          {worker.status.toLowerCase()}
          {worker.statusReason && ` · ${worker.statusReason}`} · joined {worker.createdAt.toISOString().slice(0, 10)}
          {worker.signupIp && ` from ${worker.signupIp}`}
          {worker.lightningAddress && ` · pays out to ${worker.lightningAddress}`}
        </p>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Trust" value={worker.trustScore.toFixed(2)} />
        <Stat label="Gold accuracy" value={goldAccuracy} hint={`${worker.goldCorrect} of ${worker.goldSeen}`} />
        <Stat label="Approved / rejected" value={`${worker.judgmentsApproved} / ${worker.judgmentsRejected}`} />
        <Stat label="Balance" value={formatSats(worker.availableMsats)} hint={`${formatSats(worker.reservedMsats)} reserved · ${formatSats(worker.pendingMsats)} pending in ${worker.pendingJudgments} judgments · cap ${formatSats(worker.dailyPayoutCapMsats)}/day`} />
      </div>
      <FraudWorkerActions workerId={worker.id} status={worker.status} hasOpenFlags={worker.flags.some((f) => f.status === 'OPEN')} />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Flags</h2>
        {worker.flags.length === 0 ? <p className="text-sm text-zinc-500">None.</p> : <FraudFlagList flags={worker.flags} workerId={worker.id} />}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Trust history</h2>
        {worker.trustHistory.length === 0 && <p className="text-sm text-zinc-500">No snapshots yet.</p>}
        <ul className="space-y-1 text-sm">
          {worker.trustHistory.map((snapshot) => (
            <li key={snapshot.id} className="flex flex-wrap gap-x-3">
              <span className="tabular-nums text-zinc-500">{snapshot.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</span>
              <span className="font-semibold tabular-nums">{snapshot.score.toFixed(2)}</span>
              <span>{snapshot.reason}</span>
              <details className="w-full text-xs text-zinc-500"><summary className="cursor-pointer">inputs</summary><ScrollPre className="overflow-auto">{JSON.stringify(snapshot.inputs, null, 2)}</ScrollPre></details>
            </li>
          ))}
        </ul>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Recent sign-ins</h2>
        <ul className="space-y-1 text-sm">
          {worker.sessions.map((s, i) => (
            <li key={i} className="break-all"><span className="tabular-nums text-zinc-500">{s.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</span> {s.ip ?? '?'} · {s.userAgent ?? '?'}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
