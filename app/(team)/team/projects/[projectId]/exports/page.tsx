import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ExportForm } from '@/components/team/export-form';
import { ExportList } from '@/components/team/export-list';
import { ReadOnlyNotice } from '@/components/team/read-only-notice';
import { requirePageRole } from '@/lib/auth/viewer';
import { listBatchIdsWithItems } from '@/lib/batches/queries';
import { isAppError } from '@/lib/errors';
import { formatCatalog, formatsFor } from '@/lib/exports/formats';
import { getExportsPage } from '@/lib/exports/service';
import { requireProjectMember } from '@/lib/teams/access';
import { canChangeTeamWork } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Exports' };

async function loadPage(projectId: string) {
  try {
    const actor = await requireProjectMember(projectId);
    const [page, withItems] = await Promise.all([getExportsPage(actor, projectId), listBatchIdsWithItems(actor, projectId)]);
    // The batch filter offers only batches with items: a failed upload selects nothing and only clutters the list.
    return { ...page, batches: page.batches.filter((batch) => withItems.has(batch.id)), canChange: canChangeTeamWork(actor.role) };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export default async function ProjectExportsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}/exports`);
  if (!z.uuid().safeParse(projectId).success) notFound();
  const data = await loadPage(projectId);
  if (!data) notFound();
  const formats = formatsFor(data.project.taskType, data.project.isTreeProject).map((format) => ({ value: format, ...formatCatalog[format] }));
  const labels = Object.fromEntries(formats.map((f) => [f.value, f.label]));
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <section aria-labelledby="new-export" className="space-y-3">
        <h2 id="new-export" className="text-lg font-semibold">New export</h2>
        {data.project.isTreeProject && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            A conversation-tree project exports whole trees, best-path conversations and ranked reply pairs, and the raw
            judgments of its tree tasks. Per-item formats are not offered: an item here is one tree task, not an example.
          </p>
        )}
        {data.canChange ? (
          <ExportForm projectId={data.project.id} taskType={data.project.taskType} formats={formats} batches={data.batches} defaultLicence={data.project.license ?? ''} />
        ) : (
          <ReadOnlyNotice what="start new exports (the finished ones are yours to download)" />
        )}
      </section>
      <section aria-labelledby="exports" className="space-y-3">
        <h2 id="exports" className="text-lg font-semibold">Exports</h2>
        <ExportList exports={data.exports} formatLabels={labels} />
      </section>
    </div>
  );
}
