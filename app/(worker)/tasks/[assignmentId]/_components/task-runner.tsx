'use client';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import type { TaskContent } from '@/components/tasks/content';
import { TaskWidget } from '@/components/tasks/task-widget';
import { useShortcutHelp } from '@/components/tasks/use-shortcuts';
import type { TaskType } from '@/lib/generated/prisma/enums';
import type { SkipReason } from '@/lib/assignment/types';
import type { TaskConfig } from '@/lib/tasks';
import { skipTaskAction, startProjectAction, submitAnswerAction, type ExamOutcome } from '@/lib/workers/actions';
import { ExamResult } from './exam-result';
import { isNetworkError, removePendingAnswer, savePendingAnswer } from './pending-answers';
import { SkipSheet } from './skip-sheet';
import { formatClock, useCountdown } from './use-countdown';

type Props = {
  assignmentId: string;
  projectId: string;
  type: TaskType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widget narrows it by type
  config: TaskConfig<any>;
  content: TaskContent;
  leaseExpiresAt: string;
  /** Exam questions can't be skipped, or a worker could choose which ones to answer. */
  isExam: boolean;
};

type Panel = 'none' | 'skip' | 'help';

export function TaskRunner({ assignmentId, projectId, type, config, content, leaseExpiresAt, isExam }: Props) {
  const t = useTranslations('worker.task');
  const tNone = useTranslations('worker.home.none');
  const [isPending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [offlineAnswer, setOfflineAnswer] = useState<unknown>(undefined);
  const [exam, setExam] = useState<ExamOutcome | null>(null);
  const [panel, setPanel] = useState<Panel>('none');
  const secondsLeft = useCountdown(leaseExpiresAt);
  const isExpired = secondsLeft === 0;
  const shortcutHelp = useShortcutHelp(type, config, { responseCount: content.responses?.length });

  // A second tap before `disabled` re-renders is dropped here; the server also records one judgment per task.
  const inFlight = useRef(false);
  const send = useCallback(
    (answer: unknown) => {
      if (inFlight.current) return;
      inFlight.current = true;
      startTransition(async () => {
        setMessage(null);
        try {
          // On success with a next task the action redirects, so this page is replaced in the same round trip.
          const outcome = await submitAnswerAction({ assignmentId, answer });
          removePendingAnswer(assignmentId);
          setOfflineAnswer(undefined);
          if (!outcome) return; // redirected to the next task
          if (outcome.kind === 'saved') setExam(outcome.exam);
          else if (outcome.kind === 'none') setMessage(tNone(outcome.reason));
          else setMessage(outcome.message);
        } catch (error) {
          if (!isNetworkError(error)) throw error;
          savePendingAnswer({ assignmentId, projectId, answer, savedAt: Date.now() });
          setOfflineAnswer(answer);
        } finally {
          inFlight.current = false;
        }
      });
    },
    [assignmentId, projectId, tNone],
  );

  // Back online with an answer kept on the phone: send it, then carry on to the next task.
  useEffect(() => {
    if (offlineAnswer === undefined) return;
    const retry = () => send(offlineAnswer);
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [offlineAnswer, send]);

  const skip = (reason: SkipReason) =>
    startTransition(async () => {
      const outcome = await skipTaskAction({ assignmentId, reason });
      setPanel('none');
      if (!outcome) return;
      setMessage(outcome.kind === 'none' ? tNone(outcome.reason) : outcome.message);
    });

  const nextTask = () =>
    startTransition(async () => {
      const outcome = await startProjectAction(projectId);
      if (!outcome) return;
      setMessage(outcome.kind === 'none' ? tNone(outcome.reason) : outcome.message);
    });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]') || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === 's' && !isExam) setPanel('skip');
      else if (event.key === '?') setPanel('help');
      else if (event.key === 'Escape') setPanel('none');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [isExam]);

  if (exam) return <ExamResult exam={exam} type={type} onContinue={nextTask} disabled={isPending} />;

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between text-sm">
        <span className={isExpired ? 'font-semibold text-red-600' : 'tabular-nums text-zinc-500'} data-testid="lease-countdown">
          {isExpired ? t('expired') : t('timeLeft', { time: formatClock(secondsLeft) })}
        </span>
        <span className="flex gap-1">
          <button type="button" onClick={() => setPanel('help')} className="hidden rounded-lg px-3 py-2 text-zinc-500 md:inline-block">
            {t('help')}
          </button>
          {!isExam && (
            <button type="button" onClick={() => setPanel('skip')} disabled={isPending} className="rounded-lg px-3 py-2 font-medium text-zinc-600 dark:text-zinc-300">
              {t('skip')}
            </button>
          )}
        </span>
      </div>

      {offlineAnswer !== undefined && (
        <p role="status" className="rounded-xl bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {t('savedOffline')}
        </p>
      )}
      {message && (
        <p role="alert" className="rounded-xl bg-zinc-100 p-3 text-sm dark:bg-zinc-800">
          {message}
        </p>
      )}

      {isExpired ? (
        <button type="button" onClick={nextTask} disabled={isPending} className="w-full rounded-xl bg-bolt-500 px-5 py-4 font-semibold text-white">
          {t('anotherTask')}
        </button>
      ) : (
        <TaskWidget
          key={assignmentId}
          type={type}
          config={config}
          content={content}
          disabled={isPending || offlineAnswer !== undefined}
          onSubmit={send}
          keyboardShortcuts={panel === 'none'}
        />
      )}
      {isPending && <p className="text-center text-sm text-zinc-500" aria-live="polite">{t('sending')}</p>}

      {panel === 'skip' && <SkipSheet onPick={skip} onClose={() => setPanel('none')} disabled={isPending} />}
      {panel === 'help' && (
        <div role="dialog" aria-modal="true" aria-label={t('helpTitle')} className="fixed inset-0 z-30 flex items-end bg-black/40" onClick={() => setPanel('none')}>
          <div className="w-full rounded-t-3xl bg-white p-4 dark:bg-zinc-900" onClick={(e) => e.stopPropagation()}>
            <h2 className="mb-3 text-lg font-semibold">{t('helpTitle')}</h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              {[...shortcutHelp, { keys: 's', label: t('skipShortcut') }, { keys: '?', label: t('helpShortcut') }].map((s) => (
                <div key={s.keys + s.label} className="contents">
                  <dt><kbd className="rounded border border-zinc-300 px-1.5 font-mono dark:border-zinc-700">{s.keys}</kbd></dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
            <button type="button" onClick={() => setPanel('none')} className="mt-4 w-full rounded-xl border border-zinc-300 py-3 font-medium dark:border-zinc-700">
              {t('close')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
