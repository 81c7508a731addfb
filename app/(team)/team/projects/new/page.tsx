import type { Metadata } from 'next';
import { buildExampleContents } from '@/components/team/example-contents';
import { emptyProjectFormValues } from '@/components/team/project-form-values';
import { ProjectForm } from '@/components/team/project-form';
import { ReadOnlyNotice } from '@/components/team/read-only-notice';
import { TaskPreviewProvider } from '@/components/team/task-preview-provider';
import { requirePageRole } from '@/lib/auth/viewer';
import { getViewerTeamRole } from '@/lib/teams/queries';
import { canChangeTeamWork } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'New project' };

export default async function NewProjectPage() {
  await requirePageRole('REQUESTER', '/team/projects/new');
  const role = await getViewerTeamRole();
  if (role !== null && !canChangeTeamWork(role)) return <ReadOnlyNotice what="create projects" />;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">New project</h1>
        <p className="text-sm text-zinc-500">The project starts as a draft: upload items and fund it, then publish.</p>
      </div>
      <TaskPreviewProvider>
        <ProjectForm mode="create" initialValues={emptyProjectFormValues()} examples={buildExampleContents()} />
      </TaskPreviewProvider>
    </div>
  );
}
