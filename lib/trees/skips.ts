import 'server-only';
import type { Tx } from '@/lib/db';
import { parseTreeConfig } from './config';
import { lockTreeRow } from './prune';

/**
 * A worker skipped a reply task of the tree (lib/assignment/skip.ts calls this in the skipping transaction): the
 * tree counts it, and halts once haltAfterSkips workers passed on it (OpenAssistant's "halted by skips"), with its
 * open tasks cancelled. A tree that is no longer growing only counts.
 */
export async function countTreeSkip(tx: Tx, treeId: string, now = new Date()): Promise<void> {
  await lockTreeRow(tx, treeId);
  const [tree] = await tx.$queryRaw<{ skipCount: number; state: string; treeConfig: unknown }[]>`
    UPDATE "ConversationTree" t SET "skipCount" = t."skipCount" + 1, "updatedAt" = ${now}
    FROM "Project" p WHERE t.id = ${treeId}::uuid AND p.id = t."projectId"
    RETURNING t."skipCount", t.state::text AS state, p."treeConfig"`;
  if (!tree || (tree.state !== 'GROWING' && tree.state !== 'RANKING')) return;
  const config = parseTreeConfig(tree.treeConfig);
  if (tree.skipCount < config.haltAfterSkips) return;
  await tx.$executeRaw`
    UPDATE "ConversationTree" SET state = 'HALTED', "stateReason" = ${`halted: ${tree.skipCount} workers skipped replying`}, "stateChangedAt" = ${now}
    WHERE id = ${treeId}::uuid`;
  await tx.$executeRaw`UPDATE "Item" SET status = 'CANCELLED', "openSlots" = 0 WHERE "treeId" = ${treeId}::uuid AND status = 'OPEN'`;
}
