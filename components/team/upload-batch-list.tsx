import type { BatchDto } from '@/lib/batches/schemas';
import { ScrollRegion } from '@/components/ui/scroll-region';

const statusLabels: Record<BatchDto['status'], string> = {
  VALIDATING: 'Checking',
  IMPORTING: 'Importing',
  IMPORTED: 'Imported',
  PARTIAL: 'Partly imported',
  FAILED: 'Failed',
};

/** Earlier uploads of a project, newest first. */
export function UploadBatchList({ batches }: { batches: BatchDto[] }) {
  if (batches.length === 0) return <p className="text-sm text-zinc-500">No uploads yet.</p>;
  return (
    <ScrollRegion label="Previous uploads" className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm" data-testid="batch-list">
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">File</th>
            <th scope="col" className="px-3 py-2 font-medium">Uploaded</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Imported</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Errors</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Duplicates</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => (
            <tr key={batch.id} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="max-w-56 truncate px-3 py-2" title={batch.fileName}>
                {batch.fileName}
                {batch.isGold && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">gold</span>}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-zinc-500">
                <time dateTime={batch.createdAt}>{batch.createdAt.slice(0, 16).replace('T', ' ')} UTC</time>
              </td>
              <td className="px-3 py-2">{statusLabels[batch.status]}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {batch.importedRows.toLocaleString('en-US')} / {batch.totalRows.toLocaleString('en-US')}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{batch.errorRows.toLocaleString('en-US')}</td>
              <td className="px-3 py-2 text-right tabular-nums">{batch.duplicateRows.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
