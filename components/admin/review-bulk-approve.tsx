'use client';
// "Approve all N shown": asks first, because it pays N workers at once and cannot be undone.
import { bulkApproveAction } from '@/lib/judgments/actions';
import type { ReviewFilter } from '@/lib/judgments/schemas';

type Props = { filter: ReviewFilter; count: number; afterId?: string; upToId: string; returnTo: string };

export function ReviewBulkApprove({ filter, count, afterId, upToId, returnTo }: Props) {
  return (
    <form
      action={bulkApproveAction}
      onSubmit={(event) => {
        if (!window.confirm(`Approve and pay all ${count} judgments shown on this page?`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="returnTo" value={returnTo} />
      <input type="hidden" name="projectId" value={filter.projectId ?? ''} />
      <input type="hidden" name="worker" value={filter.worker ?? ''} />
      <input type="hidden" name="flag" value={filter.flag ?? ''} />
      <input type="hidden" name="max" value={count} />
      {afterId && <input type="hidden" name="afterId" value={afterId} />}
      <input type="hidden" name="upToId" value={upToId} />
      <button type="submit" className="rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white">
        Approve all {count} shown
      </button>
    </form>
  );
}
