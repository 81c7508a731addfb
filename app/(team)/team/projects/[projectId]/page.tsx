import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PositionBiasPanel } from '@/components/team/position-bias-panel';
import { ProgressBar } from '@/components/team/progress-bar';
import { ThroughputChart } from '@/components/team/throughput-chart';
import { Stat } from '@/components/ui/stat';
import { requirePageRole } from '@/lib/auth/viewer';
import { formatSats } from '@/lib/ledger/money';
import { getProjectDashboard } from '@/lib/projects/queries';
import { AGREEMENT_ITEM_CAP } from '@/lib/projects/stats';

export const metadata: Metadata = { title: 'Project overview' };

const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const num = (value: number) => value.toLocaleString('en-US');

function formatEta(hours: number | null, workItems: number): string {
  // An empty draft has nothing left because it has nothing yet: "Done" would be untrue.
  if (workItems === 0) return 'No items yet';
  if (hours === null) return '—';
  if (hours === 0) return 'Done';
  if (hours < 1) return `~${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `~${Math.round(hours)} h`;
  return `~${Math.round(hours / 24)} days`;
}

const methodNote: Record<string, string> = {
  label: 'Nominal, on the chosen label (“not sure” left out).',
  choice: 'Nominal, on the A / B / tie / both-bad choice.',
  'first-criterion': 'Ordinal, on the first criterion’s score.',
  'per-label': 'Nominal, each label’s yes/no per item.',
  'ranked-pairs': 'Nominal, which of each pair of responses ranks higher.',
  none: 'Not measured for free-text writing tasks.',
};

function Figure({ testId, children }: { testId: string; children: React.ReactNode }) {
  return <span data-testid={testId}>{children}</span>;
}

export default async function ProjectOverviewPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}`);
  const data = await getProjectDashboard(projectId);
  if (!data) notFound();
  const { project, stats } = data;
  const { items, judgments, money, throughput, agreement, gold } = stats;
  const base = `/team/projects/${project.id}`;
  const workItems = items.done + items.inProgress + items.waiting;

  return (
    <div className="space-y-6">
      {items.total === 0 && (
        <p className="rounded-2xl bg-bolt-50 p-4 text-sm dark:bg-bolt-700/20">
          Next: <Link href={`${base}/upload`} className="font-semibold underline">upload items</Link>, <Link href={`${base}/fund`} className="font-semibold underline">fund the project</Link>, then publish.
        </p>
      )}

      <section aria-labelledby="progress-heading" className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="progress-heading" className="font-semibold">Progress</h2>
          <p className="text-sm text-zinc-500">
            <Figure testId="stat-items-total">{num(workItems)}</Figure> items · {num(items.gold)} gold · {num(stats.remainingJudgments)} judgments to go
          </p>
        </div>
        <ProgressBar
          label="Items"
          parts={[
            { label: 'Done', value: items.done, className: 'bg-green-500', testId: 'stat-items-done' },
            { label: 'In progress', value: items.inProgress, className: 'bg-bolt-400', testId: 'stat-items-in-progress' },
            { label: 'Waiting', value: items.waiting, className: 'bg-zinc-300 dark:bg-zinc-600', testId: 'stat-items-waiting' },
          ]}
        />
      </section>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Judgments" value={<Figure testId="stat-judgments">{num(judgments.total)}</Figure>} hint={`${num(judgments.PENDING)} pending · ${num(judgments.APPROVED)} approved · ${num(judgments.REJECTED)} rejected`} />
        <Stat label="Per hour (24h)" value={<Figure testId="stat-throughput">{throughput.perHour.toFixed(1)}</Figure>} hint={`${num(throughput.last24h)} in the last 24 hours`} />
        <Stat label="ETA" value={<Figure testId="stat-eta">{formatEta(stats.etaHours, workItems)}</Figure>} hint="At the last 24 hours’ pace." />
        <Stat label="Gold accuracy" value={<Figure testId="stat-gold-accuracy">{pct(gold.accuracy)}</Figure>} hint={`${num(gold.correct)} of ${num(gold.judged)} gold answers right`} />
      </div>

      <div className="grid gap-3 md:grid-cols-2">
        <section aria-labelledby="money-heading" className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="money-heading" className="font-semibold">Spend vs escrow</h2>
          <div className="grid grid-cols-2 gap-3">
            <Stat label="Spent" value={<Figure testId="stat-spent">{formatSats(money.spentMsats)}</Figure>} hint="Rewards and fees of approved work." />
            <Stat label="Escrow" value={<Figure testId="stat-escrow">{formatSats(money.escrowMsats)}</Figure>} hint={`${formatSats(money.pendingCostMsats)} held for pending reviews.`} />
          </div>
          <ProgressBar
            label="Budget"
            parts={[
              { label: 'Spent', value: Number(money.spentMsats / 1000n), className: 'bg-bolt-500' },
              { label: 'Left in escrow', value: Number(money.escrowMsats / 1000n), className: 'bg-zinc-300 dark:bg-zinc-600' },
            ]}
          />
          <Link href={`${base}/fund`} className="inline-block text-sm font-medium underline">Add funds</Link>
        </section>

        <section aria-labelledby="agreement-heading" className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="agreement-heading" className="font-semibold">Agreement</h2>
          <div className="grid grid-cols-2 gap-3">
            <Stat label="Krippendorff’s α" value={<Figure testId="stat-agreement-alpha">{agreement.alpha === null ? '—' : agreement.alpha.toFixed(2)}</Figure>} />
            <Stat label="Percent agreement" value={<Figure testId="stat-agreement-percent">{pct(agreement.percent)}</Figure>} />
          </div>
          <p className="text-xs text-zinc-500">
            {methodNote[agreement.method]}{' '}
            {agreement.method !== 'none' &&
              `Over ${num(agreement.itemsUsed)} items with two or more answers (rejected work left out)${agreement.capped ? `, limited to the ${num(AGREEMENT_ITEM_CAP)} most recently answered items` : ''}.`}
          </p>
        </section>
      </div>

      {stats.positionBias && <PositionBiasPanel bias={stats.positionBias} />}

      <section aria-labelledby="throughput-heading" className="space-y-2 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 id="throughput-heading" className="font-semibold">Throughput</h2>
        <ThroughputChart buckets={throughput.buckets} />
      </section>

      <section aria-labelledby="judgments-heading" className="space-y-2 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 id="judgments-heading" className="font-semibold">Judgments by status</h2>
        <ProgressBar
          label="Judgments"
          parts={[
            { label: 'Pending', value: judgments.PENDING, className: 'bg-bolt-400', testId: 'stat-judgments-pending' },
            { label: 'Approved', value: judgments.APPROVED, className: 'bg-green-500', testId: 'stat-judgments-approved' },
            { label: 'Rejected', value: judgments.REJECTED, className: 'bg-red-500', testId: 'stat-judgments-rejected' },
          ]}
        />
      </section>
    </div>
  );
}
