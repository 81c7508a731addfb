import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ItemDetail } from '@/components/team/item-detail';
import { requirePageRole } from '@/lib/auth/viewer';
import { getItemDetail } from '@/lib/batches/item-detail';
import { loadProjectForMember } from '@/lib/batches/page-data';
import { isAppError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Item' };

export default async function ItemPage({ params }: { params: Promise<{ projectId: string; itemId: string }> }) {
  const { projectId, itemId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}/items/${itemId}`);
  const loaded = await loadProjectForMember(projectId);
  if (!loaded) notFound();
  const item = await getItemDetail(loaded.actor, projectId, itemId).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  if (!item) notFound();
  return (
    <div className="space-y-4">
      <Link href={`/team/projects/${projectId}/items`} className="text-sm underline">← All items</Link>
      <ItemDetail item={item} />
    </div>
  );
}
