import { notFound } from 'next/navigation';
import { ProjectStatusBadge } from '@/components/team/project-status-badge';
import { ProjectStatusButtons } from '@/components/team/project-status-buttons';
import { ProjectTabs } from '@/components/team/project-tabs';
import { requirePageRole } from '@/lib/auth/viewer';
import { isAdminPaused } from '@/lib/projects/admin-pause';
import { loadTeamProjectOrNotFound } from '@/lib/projects/queries';
import { projectTypeLabel } from '@/lib/projects/type-label';
import { canChangeTeamWork } from '@/lib/teams/roles';
import { isTreeProject } from '@/lib/trees/project-kind';

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}`);
  const loaded = await loadTeamProjectOrNotFound(projectId);
  if (!loaded) notFound();
  const { project } = loaded;
  const canChange = canChangeTeamWork(loaded.actor.role);
  const adminPaused = isAdminPaused(project);
  const isTree = await isTreeProject(project.id);
  return (
    <div className="space-y-6">
      <div className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 space-y-1">
            <p className="text-sm text-zinc-500">
              {projectTypeLabel(project)} · <ProjectStatusBadge status={project.status} />
            </p>
            <h1 className="text-2xl font-bold break-words" data-testid="project-title">{project.title}</h1>
          </div>
          {canChange && <ProjectStatusButtons projectId={project.id} status={project.status} adminPaused={adminPaused} />}
        </div>
        {project.status !== 'DONE' && project.goldRatio > 0 && project.items.gold === 0 && (
          // Without gold items the gold ratio does nothing: no worker is checked. Said before publishing, not after.
          <p role="note" data-testid="gold-missing-warning" className="rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            The gold ratio is {Math.round(project.goldRatio * 1000) / 10} %, but this project has no gold items, so no answer will be checked.{' '}
            {isTree ? 'Upload gold reviews (Upload, “Gold reviews”)' : 'Upload a gold file (Upload, “Gold items”)'} or set the gold ratio to 0 in Settings.
          </p>
        )}
        {adminPaused && (
          // Every member sees why work stopped; the reason is plain text (React escapes it).
          <div role="status" data-testid="admin-pause-notice" className="rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p className="font-semibold">Paused by an admin</p>
            <p className="break-words whitespace-pre-line">Reason: {project.statusReason}</p>
            <p className="mt-1 text-xs">Only an admin can resume this project. Contact support if the reason no longer applies.</p>
          </div>
        )}
        <ProjectTabs projectId={project.id} canChange={canChange} isTree={isTree} />
      </div>
      {children}
    </div>
  );
}
