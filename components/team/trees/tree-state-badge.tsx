import type { TreeStateName } from '@/lib/trees/lifecycle';

export const treeStateLabels: Record<TreeStateName, string> = {
  GROWING: 'Growing',
  RANKING: 'Ranking',
  READY: 'Ready',
  ABORTED: 'Aborted',
  HALTED: 'Halted',
};

const styles: Record<TreeStateName, string> = {
  GROWING: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  RANKING: 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200',
  READY: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200',
  ABORTED: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
  HALTED: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};

export function TreeStateBadge({ state }: { state: TreeStateName }) {
  return (
    <span data-testid="tree-state" data-state={state} className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${styles[state]}`}>
      {treeStateLabels[state]}
    </span>
  );
}
