import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { describeOpenTask, TreeMessageNode } from '@/components/team/trees/tree-message-node';
import { TreeStateBadge } from '@/components/team/trees/tree-state-badge';
import { requirePageRole } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { loadTeamProjectOrNotFound } from '@/lib/projects/queries';
import { getTreeDetail, type TreeMessageDetail } from '@/lib/trees/tree-detail';

export const metadata: Metadata = { title: 'Conversation tree' };

async function loadTree(projectId: string, treeId: string) {
  const loaded = await loadTeamProjectOrNotFound(projectId);
  if (!loaded) return null;
  try {
    return await getTreeDetail(loaded.actor, projectId, treeId);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export default async function TreePage({ params }: { params: Promise<{ projectId: string; treeId: string }> }) {
  const { projectId, treeId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}/trees/${treeId}`);
  const tree = await loadTree(projectId, treeId);
  if (!tree) notFound();
  const childrenOf = new Map<string | null, TreeMessageDetail[]>();
  for (const message of tree.messages) childrenOf.set(message.parentId, [...(childrenOf.get(message.parentId) ?? []), message]);
  const roots = childrenOf.get(null) ?? [];
  const live = tree.messages.filter((m) => m.deletedAt === null);
  const depth = live.reduce((max, m) => Math.max(max, m.depth), 0);
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href={`/team/projects/${projectId}/trees`} className="underline">← All trees</Link>
      </p>
      <section aria-labelledby="tree-heading" className="space-y-2">
        <h2 id="tree-heading" className="text-lg font-semibold wrap-anywhere">Tree {tree.externalId ?? tree.id.slice(-8)}</h2>
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <TreeStateBadge state={tree.state} />
          {tree.stateReason && <span data-testid="tree-state-reason" className="wrap-anywhere">{tree.stateReason}</span>}
        </p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {live.length} live message{live.length === 1 ? '' : 's'}, {tree.messages.length - live.length} removed · depth {live.length > 0 ? depth : '—'} ·{' '}
          {tree.skipCount} skipped repl{tree.skipCount === 1 ? 'y' : 'ies'} · id <span className="font-mono text-xs wrap-anywhere">{tree.id}</span>
        </p>
        {tree.openTasks.length > 0 && <p className="text-sm font-medium text-sky-800 dark:text-sky-300">Open: {tree.openTasks.map(describeOpenTask).join(' · ')}</p>}
      </section>
      <section aria-labelledby="conversation-heading" className="space-y-2">
        <h2 id="conversation-heading" className="text-lg font-semibold">Conversation</h2>
        {roots.length === 0 ? (
          <p className="text-sm text-zinc-500">No prompt yet: a worker is writing it.</p>
        ) : (
          <ol aria-label="Messages" className="space-y-2">
            {roots.map((message) => (
              <TreeMessageNode key={message.id} message={message} childrenOf={childrenOf} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
