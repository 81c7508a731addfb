import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { UploadItemTable } from '@/components/team/upload-item-table';
import { requirePageRole } from '@/lib/auth/viewer';
import { listItems } from '@/lib/batches/items';
import { loadProjectForMember } from '@/lib/batches/page-data';

export const metadata: Metadata = { title: 'Items' };

const PAGE_SIZE = 50;
const searchSchema = z.object({ cursor: z.uuid().optional().catch(undefined), status: z.enum(['OPEN', 'DONE', 'CANCELLED']).optional().catch(undefined) });

export default async function ItemsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { projectId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}/items`);
  const loaded = await loadProjectForMember(projectId);
  if (!loaded) notFound();
  const { cursor, status } = searchSchema.parse(await searchParams);
  const page = await listItems(loaded.actor, projectId, { cursor, status, limit: PAGE_SIZE });
  const base = `/team/projects/${projectId}/items`;
  const withStatus = (extra: Record<string, string>) => `${base}?${new URLSearchParams({ ...(status && { status }), ...extra })}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">Items</h2>
        <nav aria-label="Item status" className="flex gap-2 text-sm">
          {[undefined, 'OPEN', 'DONE', 'CANCELLED'].map((value) => (
            <Link
              key={value ?? 'all'}
              href={value ? `${base}?status=${value}` : base}
              aria-current={value === status ? 'page' : undefined}
              className={`rounded-full px-3 py-1 ${value === status ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'border border-zinc-300 dark:border-zinc-700'}`}
            >
              {value ? value.toLowerCase() : 'all'}
            </Link>
          ))}
        </nav>
      </div>
      {page.data.length === 0 ? (
        <p className="text-sm text-zinc-500">
          No items {cursor ? 'on this page' : 'yet'}. <Link href={`/team/projects/${projectId}/upload`} className="underline">Upload a file</Link>.
        </p>
      ) : (
        <UploadItemTable items={page.data} projectId={projectId} />
      )}
      <div className="flex gap-4 text-sm">
        {cursor && (
          <Link href={withStatus({})} className="underline">
            ← First page
          </Link>
        )}
        {page.nextCursor && (
          <Link href={withStatus({ cursor: page.nextCursor })} className="underline">
            Next page →
          </Link>
        )}
      </div>
    </div>
  );
}
