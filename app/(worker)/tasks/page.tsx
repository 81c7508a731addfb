import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/viewer';
import { Stat } from '@/components/ui/stat';
import { taskTypeLabel } from '@/components/tasks/task-type-label';
import { formatSats } from '@/lib/ledger/money';
import { getWorkerHome } from '@/lib/workers/queries';

export const metadata: Metadata = { title: 'Tasks' };

export default async function TasksPage() {
  // Layout and page render in parallel: the page checks too, so a visitor is redirected rather than errored.
  await requirePageRole('WORKER', '/tasks');
  const home = await getWorkerHome();
  return (
    <main className="space-y-6">
      {home.worker.status !== 'ACTIVE' && (
        <p role="alert" className="rounded-xl bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          Your account is {home.worker.status.toLowerCase()}
          {home.worker.statusReason ? `: ${home.worker.statusReason}` : '.'}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3">
        <Stat label="Available" value={formatSats(home.availableMsats)} />
        <Stat label="Pending review" value={formatSats(home.pendingMsats)} hint={`${home.pendingCount} task(s)`} />
      </div>
      <section className="space-y-3">
        <h1 className="text-xl font-bold">Open projects</h1>
        {home.projects.length === 0 ? (
          <p className="text-zinc-500">No work right now. New projects appear here as ML teams fund them.</p>
        ) : (
          <ul className="space-y-3">
            {home.projects.map((project) => (
              <li key={project.id} className="rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
                <p className="font-semibold">{project.title}</p>
                <p className="text-sm text-zinc-500">
                  {taskTypeLabel[project.taskType]} · {formatSats(project.rewardMsats)} per task · ~{project.estimatedSeconds}s ·{' '}
                  {project.openItems} open
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
