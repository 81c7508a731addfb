import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { TreeStateBadge, treeStateLabels } from '@/components/team/trees/tree-state-badge';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { requirePageRole } from '@/lib/auth/viewer';
import { loadTeamProjectOrNotFound } from '@/lib/projects/queries';
import type { TreeStateName } from '@/lib/trees/lifecycle';
import { isTreeProject } from '@/lib/trees/project-kind';
import { countProjectTreesByState, listProjectTrees } from '@/lib/trees/read';

export const metadata: Metadata = { title: 'Trees' };

const PAGE_SIZE = 50;
const states = ['GROWING', 'RANKING', 'READY', 'ABORTED', 'HALTED'] as const satisfies readonly TreeStateName[];
const searchSchema = z.object({
  state: z.enum(states).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

const originLabels: Record<string, string> = { TEAM: 'team seed', WORKER: 'worker prompt', IMPORT: 'oasst import' };

export default async function TreesPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  await requirePageRole('REQUESTER', `/team/projects/${projectId}/trees`);
  const loaded = await loadTeamProjectOrNotFound(projectId);
  if (!loaded || !(await isTreeProject(projectId))) notFound();
  const { state, page } = searchSchema.parse(await searchParams);
  const [trees, counts] = await Promise.all([
    listProjectTrees(loaded.actor, projectId, { state, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
    countProjectTreesByState(loaded.actor, projectId),
  ]);
  const hasNext = trees.length > PAGE_SIZE;
  const base = `/team/projects/${projectId}/trees`;
  const hrefOf = (query: { state?: string; page?: number }) => {
    const search = new URLSearchParams({ ...(query.state && { state: query.state }), ...(query.page && query.page > 1 && { page: String(query.page) }) }).toString();
    return search ? `${base}?${search}` : base;
  };
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">Conversation trees</h2>
        <nav aria-label="Tree state" className="flex flex-wrap gap-2 text-sm">
          {[undefined, ...states].map((value) => (
            <Link
              key={value ?? 'all'}
              href={hrefOf({ state: value })}
              aria-current={value === state ? 'page' : undefined}
              className={`rounded-full px-3 py-1 ${value === state ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'border border-zinc-300 dark:border-zinc-700'}`}
            >
              {value ? treeStateLabels[value].toLowerCase() : 'all'} ({(value ? counts[value] : total).toLocaleString('en-US')})
            </Link>
          ))}
        </nav>
      </div>
      {trees.length === 0 ? (
        <p className="text-sm text-zinc-500">
          No trees {state ? `are ${treeStateLabels[state].toLowerCase()}` : 'yet'}. <Link href={`/team/projects/${projectId}/upload`} className="underline">Upload seed prompts</Link>.
        </p>
      ) : (
        <ScrollRegion label="Trees" className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm" data-testid="tree-table">
            <thead className="bg-zinc-50 dark:bg-zinc-900">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Tree</th>
                <th scope="col" className="px-3 py-2 font-medium">State and why</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Messages</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Depth</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Open tasks</th>
              </tr>
            </thead>
            <tbody>
              {trees.slice(0, PAGE_SIZE).map((tree) => (
                <tr key={tree.id} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                  <td className="min-w-28 max-w-48 px-3 py-2">
                    <Link href={`${base}/${tree.id}`} className="font-mono text-xs underline underline-offset-2 wrap-anywhere" aria-label={`Tree ${tree.externalId ?? tree.id.slice(-8)}: its conversation`}>
                      {tree.externalId ?? tree.id.slice(-8)}
                    </Link>
                    <p className="text-xs text-zinc-500">{originLabels[tree.origin] ?? tree.origin}</p>
                  </td>
                  <td className="min-w-56 px-3 py-2">
                    <TreeStateBadge state={tree.state} />
                    {tree.stateReason && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400 wrap-anywhere">{tree.stateReason}</p>}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {tree.liveMessages}
                    {tree.prunedMessages > 0 && <span className="block text-xs text-zinc-500">{tree.prunedMessages} removed</span>}
                    {tree.pendingReviews > 0 && <span className="block text-xs text-zinc-500">{tree.pendingReviews} in review</span>}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{tree.maxDepth ?? '—'}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{tree.openTasks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {(page > 1 || hasNext) && (
        <nav aria-label="Pages" className="flex gap-4 text-sm">
          {page > 1 && <Link href={hrefOf({ state, page: page - 1 })} className="underline">← Newer trees</Link>}
          {hasNext && <Link href={hrefOf({ state, page: page + 1 })} className="underline">Older trees →</Link>}
        </nav>
      )}
    </div>
  );
}
