import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { buildTaskCard } from '@/components/tasks/build-task-card';
import { Collapsible } from '@/components/tasks/collapsible';
import { Markdown } from '@/components/tasks/markdown';
import { NavLink } from '@/components/ui/nav-link';
import { PendingSync } from '@/components/worker/pending-sync';
import { getAheadForWorker, getAssignmentForWorker, getUnavailableReason } from '@/lib/assignment';
import { requirePageRole } from '@/lib/auth/viewer';
import { getWorkerEarningsStrip } from '@/lib/workers/queries';
import { TaskLoop } from './_components/task-loop';

export const metadata: Metadata = { title: 'Task' };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The first task of a run, rendered on the server; from there the task loop (TaskLoop) moves on without loading
 * pages: the next task is leased ahead, already rendered, and shown on the tap.
 */
export default async function TaskPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params;
  const viewer = await requirePageRole('WORKER', `/tasks/${assignmentId}`);
  const workerId = viewer.worker?.id;
  const [t, view, strip] = await Promise.all([
    getTranslations('worker.task'),
    uuid.test(assignmentId) && workerId ? getAssignmentForWorker(workerId, assignmentId) : null,
    getWorkerEarningsStrip(),
  ]);
  if (!view || !workerId) {
    const reason = workerId && uuid.test(assignmentId) ? await getUnavailableReason(workerId, assignmentId) : 'unknown';
    return (
      <div className="space-y-4 py-8 text-center">
        <PendingSync />
        <p data-testid="task-unavailable">{t(`unavailable.${reason}`)}</p>
        <NavLink href="/tasks" className="inline-block rounded-xl bg-bolt-700 px-5 py-3 font-semibold text-white">
          {t('backToProjects')}
        </NavLink>
      </div>
    );
  }
  const ahead = await getAheadForWorker(workerId, view);
  const instructions = view.instructions.trim() ? (
    <details className="rounded-2xl bg-zinc-50 px-3 py-0.5 dark:bg-zinc-900" open={Boolean(view.exam && view.exam.answered === 0)}>
      {/* The whole 44 px row is the toggle, not only its line of text (WCAG 2.5.8; the look is unchanged). */}
      <summary className="cursor-pointer py-2.5 font-medium">{t('instructions')}</summary>
      <div className="pb-2.5">
        <Collapsible>
          <Markdown>{view.instructions}</Markdown>
        </Collapsible>
      </div>
    </details>
  ) : null;
  return (
    <div className="space-y-4">
      <PendingSync />
      <TaskLoop projectTitle={view.projectTitle} instructions={instructions} current={buildTaskCard(view)} ahead={ahead && buildTaskCard(ahead)} strip={strip} />
    </div>
  );
}
