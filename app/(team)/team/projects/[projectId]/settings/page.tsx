import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { buildExampleContents } from '@/components/team/example-contents';
import { projectFormValuesFrom } from '@/components/team/project-form-values';
import { ProjectForm } from '@/components/team/project-form';
import { ReadOnlyNotice } from '@/components/team/read-only-notice';
import { TaskPreviewProvider } from '@/components/team/task-preview-provider';
import { requirePageRole } from '@/lib/auth/viewer';
import { getProjectSettingsPage } from '@/lib/projects/queries';
import { canChangeTeamWork } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Project settings' };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}/settings`);
  const data = await getProjectSettingsPage(projectId);
  if (!data) notFound();
  const { project, locks, role } = data;
  if (!canChangeTeamWork(role)) return <ReadOnlyNotice what="change project settings" />;
  if (project.status === 'DONE') {
    return <p className="text-zinc-500">This project is closed; its settings can no longer change.</p>;
  }
  return (
    <TaskPreviewProvider>
      <ProjectForm
        mode="edit"
        projectId={project.id}
        initialValues={projectFormValuesFrom(project)}
        examples={buildExampleContents()}
        taskTypeLocked={locks.taskTypeLocked}
        typeConfigLocked={locks.typeConfigLocked}
        treeShapeLocked={locks.treeShapeLocked}
      />
    </TaskPreviewProvider>
  );
}
