import 'server-only';
import { db, type Tx } from '@/lib/db';
import { getAccountBalance } from '@/lib/ledger/accounts';
import { judgmentCostMsats } from '@/lib/ledger/money';
import { logError } from '@/lib/log';
import { emitWebhookEvent } from './emit';

// Business events that become webhooks. Each is detected by a guarded UPDATE (finishedAt / budgetAlertedAt), so it
// fires once however many code paths, retries or concurrent transactions see the condition.

type FinishedBatch = { id: string; projectId: string; teamId: string; finishedAt: Date };

/**
 * Marks finished every batch, among those of `itemIds` (or `batchIds`), whose import is done and whose non-gold items
 * are all DONE or CANCELLED, and emits `batch.completed` for each, in `tx`. Gold-only batches never finish: gold
 * items are shared and never become DONE. Only DONE items are looked at, so a judgment that completes nothing costs
 * one index lookup.
 */
export async function onItemsCompleted(tx: Tx, target: { itemIds: string[] } | { batchIds: string[] }): Promise<number> {
  const candidates =
    'itemIds' in target
      ? await tx.$queryRaw<{ id: string }[]>`
          SELECT DISTINCT "batchId"::text AS id FROM "Item"
          WHERE id = ANY(${target.itemIds}::uuid[]) AND status = 'DONE' AND "batchId" IS NOT NULL`
      : target.batchIds.map((id) => ({ id }));
  if (candidates.length === 0) return 0;
  const finished = await tx.$queryRaw<FinishedBatch[]>`
    UPDATE "Batch" b SET "finishedAt" = now()
    FROM "Project" p
    WHERE b.id = ANY(${candidates.map((c) => c.id)}::uuid[]) AND p.id = b."projectId"
      AND b."finishedAt" IS NULL AND b."completedAt" IS NOT NULL AND b.status IN ('IMPORTED', 'PARTIAL')
      AND EXISTS (SELECT 1 FROM "Item" i WHERE i."batchId" = b.id AND NOT i."isGold")
      -- Phrased with projectId + status first so the (projectId, status, ...) index can answer it.
      AND NOT EXISTS (SELECT 1 FROM "Item" i WHERE i."projectId" = b."projectId" AND i.status = 'OPEN' AND NOT i."isGold" AND i."batchId" = b.id)
    RETURNING b.id::text AS id, b."projectId"::text AS "projectId", p."teamId"::text AS "teamId", b."finishedAt"`;
  for (const batch of finished) {
    const [counts] = await tx.$queryRaw<{ items: number; judgments: number }[]>`
      SELECT (SELECT count(*)::int FROM "Item" WHERE "batchId" = ${batch.id}::uuid AND status = 'DONE') AS items,
             (SELECT count(*)::int FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId"
               WHERE i."batchId" = ${batch.id}::uuid AND NOT j."isExam") AS judgments`;
    await emitWebhookEvent(tx, {
      teamId: batch.teamId,
      event: 'batch.completed',
      // Per finishing: a batch reopened by a late rejection or an extra judgment finishes, and is announced, again.
      eventKey: `batch.completed:${batch.id}:${batch.finishedAt.getTime()}`,
      data: { batchId: batch.id, projectId: batch.projectId, items: counts.items, judgments: counts.judgments, finishedAt: batch.finishedAt.toISOString() },
    });
  }
  return finished.length;
}

/**
 * For code outside a transaction (the worker's submit): checks the items' batches and never throws, since the
 * caller's work is already committed; the `webhook.sweep-batches` job catches up on a miss. Called on every regular
 * submit, so it first asks with one plain statement whether any batch can have finished, and opens a transaction
 * (a pooled connection held for several round trips) only for the submit that finished one.
 */
export async function notifyItemsCompleted(itemIds: string[]): Promise<void> {
  try {
    const finishable = await db.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT b.id::text AS id FROM "Item" i JOIN "Batch" b ON b.id = i."batchId"
      WHERE i.id = ANY(${itemIds}::uuid[]) AND i.status = 'DONE'
        AND b."finishedAt" IS NULL AND b."completedAt" IS NOT NULL AND b.status IN ('IMPORTED', 'PARTIAL')
        AND NOT EXISTS (SELECT 1 FROM "Item" o WHERE o."projectId" = b."projectId" AND o.status = 'OPEN' AND NOT o."isGold" AND o."batchId" = b.id)`;
    if (finishable.length === 0) return;
    await db.$transaction((tx) => onItemsCompleted(tx, { batchIds: finishable.map((b) => b.id) }));
  } catch (error) {
    logError('batch.completed check failed', error, { itemIds });
  }
}

/**
 * The `webhook.sweep-batches` job: finishes batches no hook saw finish (e.g. the import ended after the last
 * judgment). Selects only batches that can finish now, so old batches with open items never crowd out the rest.
 */
export async function sweepFinishedBatches(limit = 200): Promise<{ finished: number }> {
  const finishable = await db.$queryRaw<{ id: string }[]>`
    SELECT b.id::text AS id FROM "Batch" b
    WHERE b."finishedAt" IS NULL AND b."completedAt" IS NOT NULL AND b.status IN ('IMPORTED', 'PARTIAL') AND NOT b."isGold"
      AND NOT EXISTS (SELECT 1 FROM "Item" o WHERE o."projectId" = b."projectId" AND o.status = 'OPEN' AND NOT o."isGold" AND o."batchId" = b.id)
    ORDER BY b."createdAt" LIMIT ${limit}`;
  if (finishable.length === 0) return { finished: 0 };
  return { finished: await db.$transaction((tx) => onItemsCompleted(tx, { batchIds: finishable.map((b) => b.id) })) };
}

type BudgetProject = { teamId: string; status: string; rewardMsats: bigint; feeBps: number; budgetAlertMsats: bigint | null; budgetAlertedAt: Date | null };

/** Judgments the default alert leaves room for when the team set no threshold. */
export const DEFAULT_BUDGET_ALERT_JUDGMENTS = 10n;

/**
 * The escrow level under which `budget.low` fires: the project's budgetAlertMsats, or, when unset, the cost of
 * DEFAULT_BUDGET_ALERT_JUDGMENTS judgments (reward plus platform fee). A threshold of 0 never fires.
 */
export function getBudgetAlertThresholdMsats(project: Pick<BudgetProject, 'rewardMsats' | 'feeBps' | 'budgetAlertMsats'>): bigint {
  if (project.budgetAlertMsats !== null) return project.budgetAlertMsats;
  const perJudgment = judgmentCostMsats(project.rewardMsats, project.feeBps);
  return perJudgment * DEFAULT_BUDGET_ALERT_JUDGMENTS;
}

async function readBudget(tx: Tx, projectId: string): Promise<{ project: BudgetProject; escrowMsats: bigint; thresholdMsats: bigint } | null> {
  const project = await tx.project.findUnique({
    where: { id: projectId },
    select: { teamId: true, status: true, rewardMsats: true, feeBps: true, budgetAlertMsats: true, budgetAlertedAt: true },
  });
  if (!project) return null;
  const escrowMsats = await getAccountBalance(tx, { kind: 'PROJECT_ESCROW', teamId: project.teamId, projectId });
  return { project, escrowMsats, thresholdMsats: getBudgetAlertThresholdMsats(project) };
}

/**
 * After money left the project's escrow: when it is now below the threshold and the alert is armed, disarms it
 * (sets budgetAlertedAt) and emits `budget.low`. The key carries the alert time, so each arming sends once.
 */
export async function checkBudgetLow(tx: Tx, projectId: string): Promise<boolean> {
  const budget = await readBudget(tx, projectId);
  if (!budget || budget.project.budgetAlertedAt || budget.project.status === 'DONE') return false;
  if (budget.escrowMsats >= budget.thresholdMsats) return false;
  const alertedAt = new Date();
  const disarmed = await tx.project.updateMany({ where: { id: projectId, budgetAlertedAt: null }, data: { budgetAlertedAt: alertedAt } });
  if (disarmed.count !== 1) return false;
  await emitWebhookEvent(tx, {
    teamId: budget.project.teamId,
    event: 'budget.low',
    eventKey: `budget.low:${projectId}:${alertedAt.getTime()}`,
    data: { projectId, escrowMsats: budget.escrowMsats.toString(), thresholdMsats: budget.thresholdMsats.toString(), alertedAt: alertedAt.toISOString() },
  });
  return true;
}

/** After a deposit credited the escrow: re-arms the alert once the balance is back at or above the threshold. */
export async function rearmBudgetAlert(tx: Tx, projectId: string | null): Promise<boolean> {
  if (!projectId) return false;
  const budget = await readBudget(tx, projectId);
  if (!budget?.project.budgetAlertedAt || budget.escrowMsats < budget.thresholdMsats) return false;
  const rearmed = await tx.project.updateMany({ where: { id: projectId, budgetAlertedAt: { not: null } }, data: { budgetAlertedAt: null } });
  return rearmed.count === 1;
}
