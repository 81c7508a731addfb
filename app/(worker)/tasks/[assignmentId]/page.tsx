import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Collapsible } from '@/components/tasks/collapsible';
import { Markdown } from '@/components/tasks/markdown';
import { widgetShowsResponses } from '@/components/tasks/content';
import { TaskContentView } from '@/components/tasks/task-content-view';
import { PendingSync } from '@/components/worker/pending-sync';
import { getAssignmentForWorker } from '@/lib/assignment';
import { requirePageRole } from '@/lib/auth/viewer';
import { formatSats } from '@/lib/ledger/money';
import { getWorkerEarningsStrip } from '@/lib/workers/queries';
import type { TaskConfig } from '@/lib/tasks';
import { buildTaskContent } from '@/components/tasks/build-task-content';
import { TaskRunner } from './_components/task-runner';

export const metadata: Metadata = { title: 'Task' };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function TaskPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params;
  const viewer = await requirePageRole('WORKER', `/tasks/${assignmentId}`);
  const [t, tHome, view, strip] = await Promise.all([
    getTranslations('worker.task'),
    getTranslations('worker.home'),
    uuid.test(assignmentId) && viewer.worker ? getAssignmentForWorker(viewer.worker.id, assignmentId) : null,
    getWorkerEarningsStrip(),
  ]);
  if (!view) {
    return (
      <main className="space-y-4 py-8 text-center">
        <PendingSync />
        <p>{t('expired')}</p>
        <Link href="/tasks" className="inline-block rounded-xl bg-bolt-500 px-5 py-3 font-semibold text-white">
          {t('backToProjects')}
        </Link>
      </main>
    );
  }
  const content = buildTaskContent(view.payload, view.config);
  return (
    <main className="space-y-4" data-task-type={view.taskType}>
      <PendingSync />
      <header className="space-y-1">
        <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">
          {view.exam ? t('exam', { current: view.exam.answered + 1, total: view.exam.total }) : t('reward', { amount: formatSats(view.rewardMsats) })}
        </p>
        <h1 className="text-lg font-bold leading-snug">{view.projectTitle}</h1>
        <p className="flex flex-wrap gap-x-3 text-xs text-zinc-500" data-testid="earnings-strip">
          <span>{tHome('pending')}: {formatSats(strip.pendingMsats)}</span>
          <span>{tHome('available')}: {formatSats(strip.availableMsats)}</span>
          <span>{tHome('today')}: {formatSats(strip.todayMsats)}</span>
          {strip.hourlyMsats !== null && <span>{tHome('hourly', { amount: formatSats(strip.hourlyMsats) })}</span>}
        </p>
      </header>
      {view.instructions.trim() && (
        <details className="rounded-2xl bg-zinc-50 p-3 dark:bg-zinc-900" open={Boolean(view.exam && view.exam.answered === 0)}>
          <summary className="cursor-pointer font-medium">{t('instructions')}</summary>
          <div className="mt-2">
            <Collapsible>
              <Markdown>{view.instructions}</Markdown>
            </Collapsible>
          </div>
        </details>
      )}
      <TaskContentView content={content} hideResponses={widgetShowsResponses(view.taskType)} />
      <TaskRunner
        assignmentId={view.assignmentId}
        projectId={view.projectId}
        type={view.taskType}
        config={view.config as TaskConfig<any>} // eslint-disable-line @typescript-eslint/no-explicit-any
        content={content}
        leaseExpiresAt={view.leaseExpiresAt.toISOString()}
        isExam={view.exam !== null}
      />
    </main>
  );
}
