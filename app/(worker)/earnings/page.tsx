import type { Metadata } from 'next';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { buildTaskContent } from '@/components/tasks/build-task-content';
import { describeAnswer } from '@/components/tasks/describe-answer';
import { TaskContentView } from '@/components/tasks/task-content-view';
import { Stat } from '@/components/ui/stat';
import { EarningsAppeal } from '@/components/worker/earnings-appeal';
import { requirePageRole } from '@/lib/auth/viewer';
import { listOwnAppealStates } from '@/lib/judgments/queries';
import { formatSats } from '@/lib/ledger/money';
import { getRejectedTaskDetails, getWorkerEarnings, type RejectedTaskDetail } from '@/lib/workers/queries';

export const metadata: Metadata = { title: 'Earnings' };

const statusStyle = {
  PENDING: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  APPROVED: 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  REJECTED: 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300',
} as const;

/** A rejected task's content and the worker's own answer, folded: what they need to appeal knowingly. */
function RejectedTask({ detail, summary, answerLabel }: { detail: RejectedTaskDetail; summary: string; answerLabel: (answer: string) => string }) {
  return (
    <details className="mt-2 rounded-xl bg-zinc-50 px-2 py-0.5 dark:bg-zinc-900" data-testid="rejected-task">
      <summary className="cursor-pointer py-3 text-sm font-medium">{summary}</summary>
      <div className="mb-2 space-y-3">
        <TaskContentView content={buildTaskContent(detail.payload, detail.typeConfig)} />
        <p dir="auto" className="whitespace-pre-wrap break-words text-sm font-medium">
          {answerLabel(describeAnswer(detail.taskType, detail.answer))}
        </p>
      </div>
    </details>
  );
}

export default async function EarningsPage() {
  await requirePageRole('WORKER', '/earnings');
  const [earnings, t, format, locale] = await Promise.all([getWorkerEarnings(), getTranslations('worker.earnings'), getFormatter(), getLocale()]);
  // Appeals are asked for only on rejected rows; the list itself comes from lib/workers.
  const [appeals, rejected] = await Promise.all([
    listOwnAppealStates(earnings.judgments.filter((j) => j.status !== 'PENDING').map((j) => j.id)),
    getRejectedTaskDetails(earnings.worker.id, earnings.judgments.filter((j) => j.status === 'REJECTED').map((j) => j.id)),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-bold">{t('title')}</h1>
      <div className="grid grid-cols-2 gap-3">
        <Stat label={t('available')} value={formatSats(earnings.availableMsats, locale)} />
        <Stat label={t('pending')} value={formatSats(earnings.pendingMsats, locale)} />
        <Stat label={t('today')} value={formatSats(earnings.todayMsats, locale)} />
        <Stat label={t('hourly')} value={earnings.hourlyMsats !== null ? formatSats(earnings.hourlyMsats, locale) : '—'} hint={earnings.hourlyMsats === null ? t('hourlyNone') : undefined} />
      </div>
      <section className="space-y-3">
        <h2 className="font-semibold">{t('list')}</h2>
        {earnings.judgments.length === 0 ? (
          <p className="text-zinc-500">{t('empty')}</p>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-2xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {earnings.judgments.map((judgment) => (
              <li key={judgment.id} className="flex items-start justify-between gap-3 p-3" data-testid="earning-row">
                <div className="min-w-0">
                  <p className="truncate font-medium">{judgment.project.title}</p>
                  <p className="text-xs text-zinc-500">
                    {format.dateTime(judgment.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                    {judgment.isExam ? ` · ${t('exam')}` : ''}
                  </p>
                  {judgment.status === 'REJECTED' && judgment.reason && (
                    <p className="mt-1 whitespace-pre-line text-sm text-red-700 dark:text-red-300">{t('reason', { reason: judgment.reason })}</p>
                  )}
                  {rejected.has(judgment.id) && (
                    <RejectedTask detail={rejected.get(judgment.id)!} summary={t('rejectedTask')} answerLabel={(answer) => t('yourAnswer', { answer })} />
                  )}
                  {appeals.get(judgment.id)?.appealStatus && (
                    <p className="mt-1 text-sm font-medium" data-testid="appeal-status">{t(`appealStatus.${appeals.get(judgment.id)!.appealStatus!}`)}</p>
                  )}
                  {appeals.get(judgment.id)?.canAppeal && <EarningsAppeal judgmentId={judgment.id} />}
                </div>
                <div className="shrink-0 text-right">
                  <p className="font-semibold tabular-nums">{formatSats(judgment.rewardMsats, locale)}</p>
                  <span className={`inline-block rounded-full px-2 py-0.5 text-xs ${statusStyle[judgment.status]}`}>
                    {t(`status.${judgment.status}`)}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
