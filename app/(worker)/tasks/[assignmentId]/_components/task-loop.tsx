'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Suspense, useEffect, useState, useTransition, type ReactNode } from 'react';
import { widgetShowsResponses } from '@/components/tasks/content';
import type { TaskCard } from '@/components/tasks/task-card';
import { TaskContentView } from '@/components/tasks/task-content-view';
import { TaskWidget } from '@/components/tasks/task-widget';
import { OfflineNote } from '@/components/tasks/widgets/offline-note';
import { fromChunk } from '@/components/ui/from-chunk';
import { NavLink } from '@/components/ui/nav-link';
import { formatSats } from '@/lib/ledger/money';
import { startProjectAction } from '@/lib/workers/actions';
import type { EarningsStrip } from '@/lib/workers/queries';
import { formatClock, useCountdown } from './use-countdown';
import { useTaskLoop, type LoopNotice } from './use-task-loop';

type Props = {
  projectTitle: string;
  /** The project's instructions, rendered on the server (markdown). */
  instructions: ReactNode;
  current: TaskCard;
  ahead: TaskCard | null;
  strip: EarningsStrip;
};

type Panel = 'none' | 'skip' | 'help';

// What a tap may open but the first screen never shows loads after the page is up, out of its first-load JS.
const ExamResult = fromChunk(() => import('./exam-result').then((m) => m.ExamResult));
const SkipSheet = fromChunk(() => import('./skip-sheet').then((m) => m.SkipSheet));
const HelpSheet = fromChunk(() => import('./help-sheet').then((m) => m.HelpSheet));

/** The task page's live part: the task on screen, its lease, its answer area, and the moves to the next one. */
export function TaskLoop({ projectTitle, instructions, current: first, ahead, strip: initialStrip }: Props) {
  const t = useTranslations('worker.task');
  const tHome = useTranslations('worker.home');
  const locale = useLocale();
  const loop = useTaskLoop({ current: first, ahead, strip: initialStrip });
  const { current, strip } = loop;
  const [panel, setPanel] = useState<Panel>('none');
  const [isStarting, startTransition] = useTransition();
  const secondsLeft = useCountdown(loop.expiresAt, Math.ceil(first.leaseLeftMs / 1000));
  const isExpired = secondsLeft === 0;
  const isExam = current.exam !== null;

  useEffect(() => {
    // A second after the page is up, when hydration is long done (Safari has no requestIdleCallback).
    const timer = setTimeout(() => [ExamResult, SkipSheet, HelpSheet].forEach((part) => void part.preload()), 1000);
    return () => clearTimeout(timer);
  }, []);

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

  const restart = () => startTransition(async () => void (await startProjectAction(current.projectId)));
  if (loop.exam) {
    return (
      <Suspense fallback={null}>
        <ExamResult exam={loop.exam} type={current.taskType} onContinue={restart} disabled={isStarting} />
      </Suspense>
    );
  }

  return (
    <div className="space-y-4" data-task-type={current.taskType} data-tree-task={current.tree?.kind} data-assignment-id={current.assignmentId}>
      <header className="space-y-1">
        <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">
          {current.exam ? t('exam', { current: current.exam.answered + 1, total: current.exam.total }) : t('reward', { amount: formatSats(current.rewardMsats, locale) })}
        </p>
        <h1 className="text-lg font-bold leading-snug">{projectTitle}</h1>
        <p className="flex flex-wrap gap-x-3 text-xs text-zinc-500" data-testid="earnings-strip">
          <span>{tHome('pending')}: {formatSats(strip.pendingMsats, locale)}</span>
          <span>{tHome('available')}: {formatSats(strip.availableMsats, locale)}</span>
          <span>{tHome('today')}: {formatSats(strip.todayMsats, locale)}</span>
          {strip.hourlyMsats !== null && <span>{tHome('hourly', { amount: formatSats(strip.hourlyMsats, locale) })}</span>}
        </p>
      </header>
      {instructions}
      {loop.finished && loop.notice && <Notice notice={loop.notice} />}
      {!loop.finished && (
        <div key={current.assignmentId} className="space-y-4" onClickCapture={loop.guardDoubleTap}>
          <TaskContentView content={current.content} hideResponses={current.tree ? true : widgetShowsResponses(current.taskType)} />
          <div className="flex items-center justify-between text-sm">
            <span className={isExpired ? 'font-semibold text-red-600' : 'tabular-nums text-zinc-500'} data-testid="lease-countdown">
              {isExpired ? t('expired') : t('timeLeft', { time: formatClock(secondsLeft) })}
            </span>
            <span className="flex gap-1">
              <button type="button" onClick={() => setPanel('help')} className="hidden min-h-11 rounded-lg px-3 py-2 text-zinc-500 md:inline-block">
                {t('help')}
              </button>
              {!isExam && (
                <button type="button" onClick={() => setPanel('skip')} disabled={loop.waiting} className="min-h-11 rounded-lg px-3 py-2 font-medium text-zinc-600 dark:text-zinc-300">
                  {t('skip')}
                </button>
              )}
            </span>
          </div>
          {/* Offline, the answer area shows the note itself, where the fixed action bar cannot cover it. */}
          {loop.notice && (loop.notice.kind !== 'offline' || isExpired) && <Notice notice={loop.notice} />}
          {isExpired ? (
            <button type="button" onClick={restart} disabled={isStarting} className="w-full rounded-xl bg-bolt-700 px-5 py-4 font-semibold text-white">
              {t('anotherTask')}
            </button>
          ) : (
            <OfflineNote.Provider value={loop.notice?.kind === 'offline' ? t('savedOffline') : null}>
              <TaskWidget
                type={current.taskType}
                tree={current.tree}
                config={current.config}
                content={current.content}
                disabled={loop.waiting}
                onSubmit={loop.answer}
                keyboardShortcuts={panel === 'none'}
              />
            </OfflineNote.Provider>
          )}
          {loop.waiting && loop.notice?.kind !== 'offline' && (
            <p className="text-center text-sm text-zinc-500" aria-live="polite">
              {t('sending')}
            </p>
          )}
        </div>
      )}

      <Suspense fallback={null}>
        {panel === 'skip' && (
          <SkipSheet
            onPick={(reason) => {
              setPanel('none');
              loop.skip(reason);
            }}
            onClose={() => setPanel('none')}
            disabled={loop.waiting}
          />
        )}
        {panel === 'help' && <HelpSheet task={current} onClose={() => setPanel('none')} />}
      </Suspense>
    </div>
  );
}

function Notice({ notice }: { notice: LoopNotice }) {
  const t = useTranslations('worker.task');
  const tNone = useTranslations('worker.home.none');
  if (notice.kind === 'offline') {
    return (
      <p role="status" className="rounded-xl bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
        {t('savedOffline')}
      </p>
    );
  }
  const text = notice.kind === 'none' ? tNone(notice.reason) : notice.kind === 'notSaved' ? t('notSaved', { message: notice.message }) : notice.message;
  return (
    <div role="alert" className="space-y-2 rounded-xl bg-zinc-100 p-3 text-sm dark:bg-zinc-800">
      <p>{text}</p>
      {notice.kind === 'none' && (
        <NavLink href="/tasks" className="inline-block font-semibold text-bolt-700 underline dark:text-bolt-400">
          {t('backToProjects')}
        </NavLink>
      )}
    </div>
  );
}
