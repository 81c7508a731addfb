import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDuration, formatTrust, ReviewAnswer } from '@/components/admin/review-answer';
import { TaskContentView } from '@/components/tasks/task-content-view';
import { buildTaskContent } from '@/components/tasks/build-task-content';
import { TaskPreviewProvider } from '@/components/team/task-preview-provider';
import { requirePageRole } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { getItemReviewOrThrow } from '@/lib/judgments/queries';

export const metadata: Metadata = { title: 'Item review' };

export default async function ItemReviewPage({ params }: { params: Promise<{ itemId: string }> }) {
  const { itemId } = await params;
  await requirePageRole('ADMIN', `/admin/review/items/${itemId}`);
  const item = await getItemReviewOrThrow(itemId).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { consensus } = item;
  return (
    // Collapsible item content reads its strings on the client: English, like the rest of the admin UI.
    <TaskPreviewProvider>
      <div className="space-y-4">
        <Link href={`/admin/review?projectId=${item.project.id}`} className="text-sm underline">
          ← Review queue
        </Link>
        <h1 className="text-2xl font-bold">
          {item.project.title} · item {item.externalId}
        </h1>
        <p className="text-sm text-zinc-500">
          {item.status.toLowerCase()} · {item.judgmentsDone}/{item.judgmentsNeeded} judgments · {item.openSlots} open slots
        </p>
        <section className="rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
          <TaskContentView content={buildTaskContent(item.payload)} />
        </section>
        <section className="grid gap-3 sm:grid-cols-2" aria-label="Gold and consensus">
          <div className="rounded-2xl border border-sky-200 p-3 dark:border-sky-900" data-testid="gold-answer">
            <h2 className="text-sm font-semibold">Gold answer</h2>
            {item.goldAnswer !== null ? <ReviewAnswer taskType={item.project.taskType} answer={item.goldAnswer} /> : <p className="text-sm text-zinc-500">No gold answer.</p>}
          </div>
          <div className="rounded-2xl border border-emerald-200 p-3 dark:border-emerald-900" data-testid="consensus">
            <h2 className="text-sm font-semibold">Consensus (majority of non-rejected answers)</h2>
            {consensus ? (
              <p className="text-sm">
                <span className="font-semibold">{consensus.label}</span> · {Math.round(consensus.confidence * 100)}% of {consensus.votes} ·{' '}
                {Object.entries(consensus.counts)
                  .map(([label, n]) => `${label}: ${n}`)
                  .join(', ')}
              </p>
            ) : (
              <p className="text-sm text-zinc-500">No comparable answers yet.</p>
            )}
          </div>
        </section>
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Answers">
          {item.judgments.map((j) => (
            <li key={j.id} className="space-y-2 rounded-2xl border border-zinc-200 p-3 dark:border-zinc-800">
              <p className="text-sm text-zinc-500">
                {j.worker.displayName} ({formatTrust(j.worker.trustScore)}) · {formatDuration(j.durationMs)} · {j.status.toLowerCase()}
                {j.goldCorrect !== null && ` · gold ${j.goldCorrect ? 'correct' : 'wrong'}`}
              </p>
              {j.flags.length > 0 && <p className="text-xs text-amber-800">{j.flags.join(', ')}</p>}
              <ReviewAnswer taskType={item.project.taskType} answer={j.answer} />
              {j.reason && <p className="text-sm text-red-700">Reason: {j.reason}</p>}
              {j.appealStatus && <p className="text-sm">Appeal ({j.appealStatus.toLowerCase()}): {j.appealText}</p>}
              <Link href={`/admin/review?status=${j.appealStatus === 'OPEN' ? 'APPEAL' : j.status}&worker=${j.worker.id}`} className="text-xs underline">
                Act on this judgment
              </Link>
            </li>
          ))}
        </ul>
        {item.judgments.length === 0 && <p className="text-zinc-500">No answers yet.</p>}
      </div>
    </TaskPreviewProvider>
  );
}
