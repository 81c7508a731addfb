import { notFound } from 'next/navigation';
import { ProjectStatusBadge } from '@/components/team/project-status-badge';
import { ProjectStatusButtons } from '@/components/team/project-status-buttons';
import { ProjectTabs } from '@/components/team/project-tabs';
import { requirePageRole } from '@/lib/auth/viewer';
import { loadTeamProjectOrNotFound } from '@/lib/projects/queries';
import { taskTypeLabels } from '@/lib/tasks';
import { canChangeTeamWork } from '@/lib/teams/roles';

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}`);
  const loaded = await loadTeamProjectOrNotFound(projectId);
  if (!loaded) notFound();
  const { project } = loaded;
  const canChange = canChangeTeamWork(loaded.actor.role);
  return (
    <div className="space-y-6">
      <header className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 space-y-1">
            <p className="text-sm text-zinc-500">
              {taskTypeLabels[project.taskType]} · <ProjectStatusBadge status={project.status} />
            </p>
            <h1 className="text-2xl font-bold break-words" data-testid="project-title">{project.title}</h1>
          </div>
          {canChange && <ProjectStatusButtons projectId={project.id} status={project.status} />}
        </div>
        <ProjectTabs projectId={project.id} canChange={canChange} />
      </header>
      {children}
    </div>
  );
}
