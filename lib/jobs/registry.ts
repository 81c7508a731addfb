import 'server-only';
import type { Queue, WorkOptions } from 'pg-boss';
import { z } from 'zod';
import { purgeExpiredAuthState } from './maintenance';
import { WEBHOOK_RETRY_LIMIT } from '@/lib/webhooks/retry-policy';

export type JobDefinition<S extends z.ZodType> = {
  schema: S;
  handle: (data: z.infer<S>) => Promise<unknown>;
  queue: Omit<Queue, 'name'>;
  /** How this process works the queue; by default one job at a time, polled every 2 s. */
  work?: Pick<WorkOptions, 'localConcurrency' | 'pollingIntervalSeconds' | 'batchSize' | 'burstWhenBatchFull'>;
  /** Cron expression (UTC) for jobs that run on a schedule. */
  cron?: string;
};

function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** Every queue, its payload schema, handler and retry policy (style J1). Handlers are idempotent. */
export const jobs = {
  'maintenance.purge-auth': defineJob({
    schema: z.object({}).passthrough(),
    handle: () => purgeExpiredAuthState(),
    queue: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
    cron: '*/15 * * * *',
  }),
  'assignment.expire-leases': defineJob({
    schema: z.object({}).passthrough(),
    handle: async () => (await import('@/lib/assignment/leases')).expireLeases(),
    queue: { retryLimit: 2, retryDelay: 10, expireInSeconds: 120 },
    cron: '* * * * *',
  }),
  'payout.send': defineJob({
    schema: z.object({ withdrawalId: z.uuid() }),
    handle: async ({ withdrawalId }) => (await import('@/lib/payouts/send')).sendPayout(withdrawalId),
    // A payment is never retried blindly: a failed job leaves the payout to the reconciler.
    // The process that creates a payout pays it at once; this job, queued with it and due a few seconds later
    // (PAYOUT_FALLBACK_DELAY_SECONDS), pays it only if that process died first, and otherwise finds it settled.
    // No NOTIFY (a job not yet due would wake the workers for nothing): polled, in batches while the queue is full.
    queue: { retryLimit: 0, expireInSeconds: 300, notify: false },
    work: { localConcurrency: 2, pollingIntervalSeconds: 1, batchSize: 20, burstWhenBatchFull: true },
  }),
  'payout.lightning-address': defineJob({
    schema: z.object({ workerId: z.uuid() }),
    handle: async ({ workerId }) => (await import('@/lib/payouts/lightning-address')).payLightningAddressNow(workerId),
    // Safe to retry: it re-reads the balance and reserves under a lock; a retry never pays twice.
    queue: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 120, notify: true },
    work: { localConcurrency: 4, pollingIntervalSeconds: 0.5 },
  }),
  'payout.reconcile': defineJob({
    schema: z.object({}).passthrough(),
    handle: async () => {
      const [{ reconcilePayouts }, { expireWithdrawLinks }] = await Promise.all([import('@/lib/payouts/send'), import('@/lib/payouts/links')]);
      return { payouts: await reconcilePayouts(), expiredLinks: await expireWithdrawLinks() };
    },
    queue: { retryLimit: 1, retryDelay: 30, expireInSeconds: 300 },
    cron: '* * * * *',
  }),
  'judgment.auto-approve': defineJob({
    schema: z.object({}).passthrough(),
    handle: async () => (await import('@/lib/judgments/review')).autoApproveDueJudgments(),
    queue: { retryLimit: 1, retryDelay: 30, expireInSeconds: 300 },
    cron: '* * * * *',
  }),
  'deposit.watch': defineJob({
    schema: z.object({}).passthrough(),
    handle: async () => (await import('@/lib/funding/deposits')).watchPendingDeposits(),
    queue: { retryLimit: 1, retryDelay: 30, expireInSeconds: 300 },
    cron: '* * * * *',
  }),
  // --- webhooks (lib/webhooks) ---
  'webhook.deliver': defineJob({
    schema: z.object({ deliveryId: z.uuid() }),
    handle: async ({ deliveryId }) => (await import('@/lib/webhooks/deliver')).deliverWebhook(deliveryId),
    // Throws on a non-2xx answer so pg-boss retries: 10-20 s, 20-40 s, ... (jittered doubling), 9 attempts over ~45-85 min.
    queue: { retryLimit: WEBHOOK_RETRY_LIMIT, retryDelay: 10, retryBackoff: true, expireInSeconds: 60, notify: true },
    work: { localConcurrency: 4 },
  }),
  'webhook.sweep-batches': defineJob({
    schema: z.object({}).passthrough(),
    // Safety net for batch.completed: catches batches finished while a hook was skipped (crash, import finished last).
    handle: async () => (await import('@/lib/webhooks/events')).sweepFinishedBatches(),
    queue: { retryLimit: 1, retryDelay: 30, expireInSeconds: 300 },
    cron: '*/5 * * * *',
  }),
  // --- end webhooks ---
  // --- exports (lib/exports) ---
  'export.run': defineJob({
    schema: z.object({ exportId: z.uuid() }),
    handle: async ({ exportId }) => (await import('@/lib/exports/run')).runExport(exportId),
    // Safe to retry: a re-run deletes the export's chunks and starts over; a READY export is left alone.
    queue: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 },
  }),
  'export.expire': defineJob({
    schema: z.object({}).passthrough(),
    handle: async () => (await import('@/lib/exports/expire')).expireExports(),
    queue: { retryLimit: 1, retryDelay: 60, expireInSeconds: 600 },
    cron: '17 * * * *',
  }),
  // --- end exports ---
  // --- team API (lib/api) ---
  'api.purge-idempotency': defineJob({
    schema: z.object({}).passthrough(),
    // Idempotency-Key records count for 24 h; a lookup ignores older ones anyway, this only keeps the table small.
    handle: async () => (await import('@/lib/api/idempotency')).purgeExpiredIdempotencyRecords(),
    queue: { retryLimit: 1, retryDelay: 60, expireInSeconds: 300 },
    cron: '41 * * * *',
  }),
  // --- end team API ---
  // --- fraud (lib/fraud) ---
  'fraud.scan': defineJob({
    schema: z.object({}).passthrough(),
    // Idempotent: each detector upserts one flag per (worker, kind); a cleared flag reopens only on a stronger signal.
    handle: async () => (await import('@/lib/fraud/signals')).scanFraudSignals(),
    queue: { retryLimit: 1, retryDelay: 60, expireInSeconds: 300 },
    cron: '*/5 * * * *',
  }),
  // --- end fraud ---
  // --- agents (lib/agents) ---
  'agent.refund': defineJob({
    schema: z.object({ refundId: z.uuid() }),
    handle: async ({ refundId }) => (await import('@/lib/agents/refunds')).sendAgentRefund(refundId),
    // Like payout.send, never retried blindly: a refund that may have left is settled by the sweep's reconcile.
    queue: { retryLimit: 0, expireInSeconds: 300, notify: true },
    work: { localConcurrency: 4, pollingIntervalSeconds: 0.5 },
  }),
  'agent.sweep': defineJob({
    schema: z.object({}).passthrough(),
    // Idempotent: closes finished and overdue jobs, releases late leftovers, reconciles and re-queues refunds.
    handle: async () => (await import('@/lib/agents/sweep')).sweepAgentJobs(),
    queue: { retryLimit: 1, retryDelay: 30, expireInSeconds: 300 },
    cron: '* * * * *',
  }),
  // --- end agents ---
} as const;

export type JobName = keyof typeof jobs;
export type JobData<N extends JobName> = z.infer<(typeof jobs)[N]['schema']>;
