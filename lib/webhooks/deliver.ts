import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { logWarn } from '@/lib/log';
import { WEBHOOK_MAX_ATTEMPTS } from './retry-policy';
import { AUTO_DISABLE_AFTER_FAILURES } from './schemas';
import { signWebhook } from './sign';
import { checkWebhookUrl } from './target-guard';
import { postWebhook } from './transport';

export type DeliveryOutcome = 'DELIVERED' | 'FAILED' | 'SKIPPED';

/**
 * Private and loopback targets are refused in production. Demo mode (everything on one machine) and tests post to
 * 127.0.0.1. `npm run worker` does not set NODE_ENV, so "not production" alone would switch the guard off there.
 */
export function isPrivateTargetAllowed(): boolean {
  const env = getEnv();
  return env.isDemoMode || env.NODE_ENV === 'test';
}

export class WebhookDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

/**
 * The `webhook.deliver` job: one attempt at POSTing a delivery's stored payload, signed. A 2xx marks it DELIVERED.
 * Anything else records the error and THROWS, so pg-boss retries with backoff; the attempt that reaches
 * WEBHOOK_MAX_ATTEMPTS marks it FAILED and counts a failure on the webhook, which is switched off after
 * AUTO_DISABLE_AFTER_FAILURES in a row. Idempotent: a delivery that is no longer QUEUED is left alone.
 */
export async function deliverWebhook(deliveryId: string, options: { allowPrivateTargets?: boolean } = {}): Promise<DeliveryOutcome> {
  // Counting the attempt before sending means a crash mid-request still uses one up.
  const [claimed] = await db.$queryRaw<{ attempts: number; event: string; payload: unknown; webhookId: string; url: string; secret: string; active: boolean }[]>`
    UPDATE "WebhookDelivery" d SET attempts = d.attempts + 1
    FROM "Webhook" w
    WHERE d.id = ${deliveryId}::uuid AND d.status = 'QUEUED' AND w.id = d."webhookId"
    RETURNING d.attempts, d.event, d.payload, w.id::text AS "webhookId", w.url, w.secret, w.active`;
  if (!claimed) return 'SKIPPED';
  // A webhook the team (or the auto-disable) switched off sends nothing more; a test may still go to one.
  if (!claimed.active && claimed.event !== 'webhook.test') {
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'FAILED', lastError: 'The webhook is disabled.' } });
    return 'SKIPPED';
  }

  const allowPrivate = options.allowPrivateTargets ?? isPrivateTargetAllowed();
  const payload = claimed.payload as { id?: unknown };
  const body = JSON.stringify(claimed.payload);
  const refusal = checkWebhookUrl(claimed.url, { allowPrivate });
  const result = refusal
    ? ({ ok: false, status: null, error: refusal, isTargetRefused: true } as const)
    : await postWebhook(claimed.url, body, signWebhook(claimed.secret, String(payload.id ?? deliveryId), body), { allowPrivate });

  if (result.ok) {
    const now = new Date();
    await db.$transaction([
      db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'DELIVERED', deliveredAt: now, responseStatus: result.status, lastError: null } }),
      db.webhook.update({ where: { id: claimed.webhookId }, data: { lastSentAt: now, failureCount: 0 } }),
    ]);
    return 'DELIVERED';
  }

  // A refused target will not become acceptable by waiting: fail it now instead of retrying for 40 minutes.
  const isFinal = result.isTargetRefused || claimed.attempts >= WEBHOOK_MAX_ATTEMPTS;
  await db.$transaction(async (tx) => {
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: isFinal ? 'FAILED' : 'QUEUED', lastError: result.error, responseStatus: result.status },
    });
    if (!isFinal) return;
    const webhook = await tx.webhook.update({ where: { id: claimed.webhookId }, data: { failureCount: { increment: 1 } }, select: { failureCount: true, active: true } });
    if (webhook.active && webhook.failureCount >= AUTO_DISABLE_AFTER_FAILURES) {
      await tx.webhook.update({ where: { id: claimed.webhookId }, data: { active: false } });
      logWarn('webhook disabled after repeated failures', { webhookId: claimed.webhookId, failureCount: webhook.failureCount });
    }
  });
  if (result.isTargetRefused) return 'FAILED';
  // Throwing is what makes pg-boss retry (or record the job as failed after the last attempt).
  throw new WebhookDeliveryError(`Webhook delivery ${deliveryId} failed (attempt ${claimed.attempts}): ${result.error}`);
}
