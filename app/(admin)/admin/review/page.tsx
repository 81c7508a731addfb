import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin/overview-nav';
import { ReviewBulkApprove } from '@/components/admin/review-bulk-approve';
import { ReviewFilterBar, reviewQueryOf, reviewStatusLabels } from '@/components/admin/review-filter-bar';
import { ReviewJudgmentCard } from '@/components/admin/review-judgment-card';
import { TaskPreviewProvider } from '@/components/team/task-preview-provider';
import { requirePageRole } from '@/lib/auth/viewer';
import { listReviewProjects, listReviewQueue } from '@/lib/judgments/queries';
import { reviewFilterSchema } from '@/lib/judgments/schemas';

export const metadata: Metadata = { title: 'Review' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function ReviewPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole('ADMIN', '/admin/review');
  const params = await searchParams;
  const parsed = reviewFilterSchema.safeParse({ projectId: first(params.projectId), worker: first(params.worker), status: first(params.status), flag: first(params.flag) });
  const filter = parsed.success ? parsed.data : reviewFilterSchema.parse({});
  const cursor = first(params.cursor);
  const notice = first(params.notice)?.slice(0, 300);
  const [queue, projects] = await Promise.all([listReviewQueue(filter, { cursor }), listReviewProjects()]);
  const returnTo = `/admin/review${reviewQueryOf(filter, { cursor })}`;
  const lastId = queue.data.at(-1)?.id;

  return (
    // Collapsible item content reads its strings on the client: English, like the rest of the admin UI.
    <TaskPreviewProvider>
      <div className="space-y-4">
        <AdminNav current="/admin/review" />
        <h1 className="text-2xl font-bold">Review queue</h1>
        {notice && (
          <p role="status" className="rounded-lg bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">
            {notice}
          </p>
        )}
        <ReviewFilterBar filter={filter} projects={projects} />
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm text-zinc-500" data-testid="review-total">
            {filter.status === 'APPEAL'
              ? `${queue.total} ${queue.total === 1 ? 'appeal' : 'appeals'}`
              : `${queue.total} ${reviewStatusLabels[filter.status].toLowerCase()} ${queue.total === 1 ? 'answer' : 'answers'}`}
          </p>
          {filter.status === 'PENDING' && lastId && (
            <ReviewBulkApprove filter={filter} count={queue.data.length} afterId={cursor} upToId={lastId} returnTo={returnTo} />
          )}
        </div>
        {queue.data.length === 0 && <p className="text-zinc-500">Nothing matches these filters.</p>}
        <ul className="space-y-3">
          {queue.data.map((judgment) => (
            <ReviewJudgmentCard key={judgment.id} judgment={judgment} returnTo={returnTo} />
          ))}
        </ul>
        {(cursor || queue.nextCursor) && (
          <nav className="flex justify-between text-sm font-medium" aria-label="Pages">
            {cursor ? <Link href={`/admin/review${reviewQueryOf(filter)}`} className="underline">First page</Link> : <span />}
            {queue.nextCursor && (
              <Link href={`/admin/review${reviewQueryOf(filter, { cursor: queue.nextCursor })}`} className="underline">
                Next page
              </Link>
            )}
          </nav>
        )}
      </div>
    </TaskPreviewProvider>
  );
}
