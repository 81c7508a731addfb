import 'server-only';
// The `agent.sweep` job, every minute: ends finished and overdue agent jobs, refunds what later reviews freed,
// settles refunds the node has decided, and queues refund retries whose backoff is over.
import { db } from '@/lib/db';
import { enqueueJob } from '@/lib/jobs/enqueue';
import type { LightningBackend } from '@/lib/lightning/backend';
import { logError } from '@/lib/log';
import { arePayoutsPaused } from '@/lib/payouts/switch';
import { closeAgentJob, releaseLateLeftovers, type AgentJobOutcome } from './close';
import { listDueRefunds } from './refund-ledger';
import { reconcileAgentRefunds } from './refunds';

const BATCH = 200;

async function closeEach(ids: string[], outcome: AgentJobOutcome, now: Date): Promise<number> {
  let closed = 0;
  for (const id of ids) {
    try {
      if ((await closeAgentJob(id, outcome, { now })).closed) closed++;
    } catch (error) {
      logError('closing an agent job failed; next sweep retries', error, { agentJobId: id, outcome });
    }
  }
  return closed;
}

/**
 * One pass. Finished is checked before overdue, so a job that got all its work done is DONE even if the sweep
 * only sees it after its deadline. An item counts as finished when it is no longer OPEN (DONE or CANCELLED);
 * gold items never finish a job by themselves.
 */
export async function sweepAgentJobs(now = new Date(), options: { backend?: LightningBackend } = {}) {
  const finished = await db.$queryRaw<{ id: string }[]>`
    SELECT j.id FROM "AgentJob" j
    WHERE j.status = 'ACTIVE'
      AND EXISTS (SELECT 1 FROM "Item" i WHERE i."projectId" = j."projectId" AND NOT i."isGold")
      AND NOT EXISTS (SELECT 1 FROM "Item" i WHERE i."projectId" = j."projectId" AND NOT i."isGold" AND i.status = 'OPEN')
    ORDER BY j."createdAt" LIMIT ${BATCH}`;
  const done = await closeEach(finished.map((job) => job.id), 'DONE', now);
  const overdue = await db.agentJob.findMany({ where: { status: 'ACTIVE', deadlineAt: { lte: now } }, select: { id: true }, orderBy: { deadlineAt: 'asc' }, take: BATCH });
  const expired = await closeEach(overdue.map((job) => job.id), 'EXPIRED', now);
  const late = await releaseLateLeftovers();
  const reconciled = await reconcileAgentRefunds({ backend: options.backend, now });
  let retried = 0;
  if (!(await arePayoutsPaused())) {
    for (const refundId of await listDueRefunds(now)) {
      try {
        await enqueueJob('agent.refund', { refundId }, { singletonKey: refundId });
        retried++;
      } catch (error) {
        logError('queueing an agent refund failed; next sweep retries', error, { agentRefundId: refundId });
      }
    }
  }
  return { done, expired, lateReleases: late.released, reconciled, retried };
}
