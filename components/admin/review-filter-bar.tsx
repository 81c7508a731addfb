// The review queue's filters as a plain GET form: the URL is the state, so a filtered view can be shared and reloaded.
import Link from 'next/link';
import type { ReviewFilter, ReviewStatus } from '@/lib/judgments/schemas';

export const reviewStatusLabels: Record<ReviewStatus, string> = {
  PENDING: 'Pending',
  REJECTED: 'Rejected',
  APPROVED: 'Approved',
  APPEAL: 'Appeals',
};

/** Query string for a filter (+ optional cursor); empty fields are left out. */
export function reviewQueryOf(filter: ReviewFilter, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...extra })) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}

const field = 'min-w-0 rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900';

export function ReviewFilterBar({ filter, projects }: { filter: ReviewFilter; projects: { id: string; title: string }[] }) {
  return (
    <div className="space-y-3">
      <nav aria-label="Review status" className="flex flex-wrap gap-2">
        {(Object.keys(reviewStatusLabels) as ReviewStatus[]).map((status) => (
          <Link
            key={status}
            href={`/admin/review${reviewQueryOf({ ...filter, status })}`}
            aria-current={filter.status === status ? 'page' : undefined}
            className={`rounded-full px-3 py-1.5 text-sm font-medium ${filter.status === status ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'}`}
          >
            {reviewStatusLabels[status]}
          </Link>
        ))}
      </nav>
      <form method="get" action="/admin/review" className="grid grid-cols-1 gap-2 sm:grid-cols-5" aria-label="Filters">
        <input type="hidden" name="status" value={filter.status} />
        <select name="projectId" defaultValue={filter.projectId ?? ''} aria-label="Project" className={`${field} sm:col-span-2`}>
          <option value="">All projects</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
        <input name="worker" defaultValue={filter.worker ?? ''} placeholder="Worker name or id" aria-label="Worker" className={field} />
        <input name="flag" defaultValue={filter.flag ?? ''} placeholder="Flag, e.g. too_fast" aria-label="Flag" className={field} />
        <button type="submit" className="rounded-lg bg-zinc-900 px-4 py-2 text-sm font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900">
          Filter
        </button>
      </form>
    </div>
  );
}
