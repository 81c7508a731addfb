import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { UploadBatchList } from '@/components/team/upload-batch-list';
import { UploadPanel } from '@/components/team/upload-panel';
import { ReadOnlyNotice } from '@/components/team/read-only-notice';
import { requirePageRole } from '@/lib/auth/viewer';
import { exampleFileName, hasGoldExamples } from '@/lib/batches/example-files';
import { loadProjectForMember } from '@/lib/batches/page-data';
import { listBatches } from '@/lib/batches/queries';
import { taskTypeLabels } from '@/lib/tasks';
import { canChangeTeamWork } from '@/lib/teams/roles';
import { TreeUploadSection } from '@/components/team/trees/tree-upload-section';
import { loadGoldReviewSummary } from '@/lib/trees/gold-store';
import { isTreeProject } from '@/lib/trees/project-kind';

export const metadata: Metadata = { title: 'Upload items' };

export default async function UploadPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}/upload`);
  const loaded = await loadProjectForMember(projectId);
  if (!loaded) notFound();
  const { actor, project } = loaded;
  // A tree project's items are made by the tree engine: the team uploads prompts and replies instead.
  if (await isTreeProject(project.id)) {
    if (!canChangeTeamWork(actor.role)) return <ReadOnlyNotice what="upload seeds" />;
    return <TreeUploadSection projectId={project.id} isClosed={project.status === 'DONE'} gold={await loadGoldReviewSummary(project.id)} />;
  }
  const batches = await listBatches(actor, project.id, { limit: 20 });
  const canGold = hasGoldExamples(project.taskType);
  const examples = [
    { label: 'JSONL', file: exampleFileName(project.taskType, 'jsonl', false) },
    { label: 'CSV', file: exampleFileName(project.taskType, 'csv', false) },
    ...(canGold
      ? [
          { label: 'gold JSONL', file: exampleFileName(project.taskType, 'jsonl', true) },
          { label: 'gold CSV', file: exampleFileName(project.taskType, 'csv', true) },
        ]
      : []),
  ];
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Upload items</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          One item per line (JSONL) or per row (CSV with a header row). Every row is checked against this project&rsquo;s{' '}
          {taskTypeLabels[project.taskType].toLowerCase()} settings; if any row has a problem, nothing is imported and each
          problem is listed with its line number. Ids must be unique in the project.
        </p>
        <p className="text-sm">
          Example files:{' '}
          {examples.map((example, index) => (
            <span key={example.file}>
              {index > 0 && ' · '}
              <a href={`/examples/${example.file}`} download className="underline">
                {example.label}
              </a>
            </span>
          ))}
        </p>
      </section>
      {canChangeTeamWork(actor.role) ? <UploadPanel projectId={project.id} canGold={canGold} isClosed={project.status === 'DONE'} /> : <ReadOnlyNotice what="upload items" />}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Previous uploads</h2>
        <UploadBatchList batches={batches} />
      </section>
    </div>
  );
}
