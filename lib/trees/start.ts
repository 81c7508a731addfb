import 'server-only';
// Trees grown from workers' prompts (promptSource "workers"): the team sets how many (treeConfig.treesToStart), and
// publishing the project, or raising the number while it runs, starts the ones still missing. Counting and starting
// happen in the caller's transaction under the project's row lock, so a retried or concurrent publish starts none twice.
import type { Tx } from '@/lib/db';
import type { TreeConfig } from './config';
import { createTreeIn } from './engine';

export async function countWorkerPromptTrees(tx: Tx, projectId: string): Promise<number> {
  return tx.conversationTree.count({ where: { projectId, origin: 'WORKER' } });
}

/** Starts trees until the project holds `treesToStart` trees from workers' prompts; returns how many it started. */
export async function startMissingWorkerTrees(tx: Tx, projectId: string, config: TreeConfig, now = new Date()): Promise<number> {
  if (config.promptSource !== 'workers') return 0;
  const missing = config.treesToStart - (await countWorkerPromptTrees(tx, projectId));
  for (let i = 0; i < missing; i++) await createTreeIn(tx, projectId, {}, now);
  return Math.max(missing, 0);
}
