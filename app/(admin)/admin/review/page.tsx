import type { Metadata } from 'next';
import { taskTypeLabel } from '@/components/tasks/task-type-label';
import { requirePageRole } from '@/lib/auth/viewer';
import { approveJudgmentAction, rejectJudgmentAction } from '@/lib/judgments/actions';
import { listPendingJudgments } from '@/lib/judgments/queries';
import { formatSats } from '@/lib/ledger/money';

export const metadata: Metadata = { title: 'Review' };

export default async function ReviewPage() {
  await requirePageRole('ADMIN', '/admin/review');
  const pending = await listPendingJudgments();
  return (
    <main className="space-y-4">
      <h1 className="text-2xl font-bold">Review queue</h1>
      {pending.length === 0 && <p className="text-zinc-500">Nothing waits for review.</p>}
      <ul className="space-y-3">
        {pending.map((judgment) => (
          <li key={judgment.id} className="space-y-2 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="review-item">
            <p className="text-sm text-zinc-500">
              {judgment.project.title} · {taskTypeLabel[judgment.project.taskType]} · {judgment.worker.displayName} ·{' '}
              {(judgment.durationMs / 1000).toFixed(1)} s · {formatSats(judgment.rewardMsats)}
              {judgment.flags.length > 0 && <span className="ml-2 rounded bg-amber-100 px-1.5 text-amber-900">{judgment.flags.join(', ')}</span>}
            </p>
            <pre className="max-h-40 overflow-auto rounded-lg bg-zinc-50 p-2 text-xs dark:bg-zinc-900">{JSON.stringify(judgment.answer, null, 2)}</pre>
            <div className="flex flex-wrap items-start gap-2">
              <form action={approveJudgmentAction}>
                <input type="hidden" name="judgmentId" value={judgment.id} />
                <button type="submit" className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white">Approve</button>
              </form>
              <form action={rejectJudgmentAction} className="flex flex-1 gap-2">
                <input type="hidden" name="judgmentId" value={judgment.id} />
                <input name="reason" required minLength={3} maxLength={500} placeholder="Reason the worker will see" aria-label="Reason" className="min-w-0 flex-1 rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
                <button type="submit" className="rounded-lg border border-red-300 px-4 py-2 text-sm font-semibold text-red-700">Reject</button>
              </form>
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
