// One judgment in the review queue: the item as the worker saw it (sanitized markdown), the answer, who and how
// fast, and the actions its state allows. Server component; the forms post to server actions.
import Link from 'next/link';
import { TaskContentView } from '@/components/tasks/task-content-view';
import { buildTaskContent } from '@/components/tasks/build-task-content';
import { approveJudgmentAction, rejectJudgmentAction, resolveAppealAction } from '@/lib/judgments/actions';
import type { ReviewQueueJudgment } from '@/lib/judgments/queries';
import { formatSats } from '@/lib/ledger/money';
import { formatDuration, formatTrust, ReviewAnswer } from './review-answer';

const input = 'min-w-0 flex-1 rounded-lg border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const statusStyle = {
  PENDING: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  APPROVED: 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  REJECTED: 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300',
} as const;

export function ReviewJudgmentCard({ judgment, returnTo }: { judgment: ReviewQueueJudgment; returnTo: string }) {
  const hidden = (
    <>
      <input type="hidden" name="judgmentId" value={judgment.id} />
      <input type="hidden" name="returnTo" value={returnTo} />
    </>
  );
  return (
    <li className="space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="review-item" data-judgment-id={judgment.id}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500">
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{judgment.project.title}</span>
        <span>· {judgment.worker.displayName} ({formatTrust(judgment.worker.trustScore)}{judgment.worker.status !== 'ACTIVE' ? `, ${judgment.worker.status.toLowerCase()}` : ''})</span>
        <span>· {formatDuration(judgment.durationMs)}</span>
        <span>· {formatSats(judgment.rewardMsats)}</span>
        <span className={`rounded-full px-2 py-0.5 text-xs ${statusStyle[judgment.status]}`}>{judgment.status.toLowerCase()}</span>
        {judgment.isGold && <span className="rounded bg-sky-100 px-1.5 text-xs text-sky-900">gold: {judgment.goldCorrect === null ? 'ungraded' : judgment.goldCorrect ? 'correct' : 'wrong'}</span>}
        {judgment.flags.map((flag) => (
          <span key={flag} className="rounded bg-amber-100 px-1.5 text-xs text-amber-900">{flag}</span>
        ))}
      </div>
      {/* Open: a reviewer judges the answer against the item, so the item is the first thing to read. */}
      <details open className="rounded-xl bg-zinc-50 p-3 dark:bg-zinc-900/50">
        <summary className="cursor-pointer text-sm font-medium">Item {judgment.item.externalId}</summary>
        <div className="mt-3">
          <TaskContentView content={buildTaskContent(judgment.item.payload)} />
        </div>
      </details>
      <ReviewAnswer taskType={judgment.project.taskType} answer={judgment.answer} />
      <Link href={`/admin/review/items/${judgment.itemId}`} className="inline-block text-sm font-medium text-bolt-700 underline">
        All answers for this item ({judgment.item.judgmentsDone}/{judgment.item.judgmentsNeeded})
      </Link>
      {judgment.reason && <p className="text-sm text-red-700 dark:text-red-300">Reason: {judgment.reason}</p>}
      {judgment.appealStatus && (
        <blockquote className="rounded-lg border-l-4 border-amber-400 bg-amber-50 p-2 text-sm dark:bg-amber-950/40" data-testid="appeal-text">
          Appeal ({judgment.appealStatus.toLowerCase()}): {judgment.appealText}
        </blockquote>
      )}
      {judgment.status === 'PENDING' && (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
          <form action={approveJudgmentAction}>
            {hidden}
            <button type="submit" className="w-full rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white sm:w-auto">Approve</button>
          </form>
          <form action={rejectJudgmentAction} className="flex flex-1 flex-wrap gap-2">
            {hidden}
            <input name="reason" required minLength={3} maxLength={500} placeholder="Reason the worker will see" aria-label="Reason" className={`${input} basis-full sm:basis-auto`} />
            <button type="submit" name="mode" value="reject" className="rounded-lg border border-red-300 px-4 py-2 text-sm font-semibold text-red-700">Reject</button>
            <button type="submit" name="mode" value="requeue" className="rounded-lg border border-red-300 px-4 py-2 text-sm font-semibold text-red-700">Reject and requeue</button>
          </form>
        </div>
      )}
      {judgment.appealStatus === 'OPEN' && judgment.status === 'REJECTED' && (
        <form action={resolveAppealAction} className="flex flex-wrap gap-2">
          {hidden}
          <input name="note" maxLength={500} placeholder="Note (shown to the worker if denied)" aria-label="Note" className={`${input} basis-full sm:basis-auto`} />
          <button type="submit" name="decision" value="UPHOLD" className="rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white">Uphold and pay</button>
          <button type="submit" name="decision" value="DENY" className="rounded-lg border border-red-300 px-4 py-2 text-sm font-semibold text-red-700">Deny</button>
        </form>
      )}
    </li>
  );
}
