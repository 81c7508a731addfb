import 'server-only';
import type { Tx } from '@/lib/db';
import { createUuidV7 } from '@/lib/assignment/ids';
import { enqueueJob } from '@/lib/jobs/enqueue';
import type { WebhookEnvelope, WebhookEvent } from './schemas';

export type WebhookEventInput = {
  teamId: string;
  event: WebhookEvent;
  /** One delivery per webhook and key: emitting the same occurrence twice (a retried job, a race) sends it once. */
  eventKey: string;
  data: object;
};

/** bigint is not JSON: amounts travel as decimal strings (style M2). */
const toJson = (value: unknown): string => JSON.stringify(value, (_key, inner) => (typeof inner === 'bigint' ? inner.toString() : inner));

/**
 * In the caller's transaction: one QUEUED delivery per active webhook of the team subscribed to `event`, and one
 * `webhook.deliver` job per delivery actually inserted (transactional outbox: both exist only if the caller commits).
 * Returns the ids of the new deliveries.
 */
export async function emitWebhookEvent(tx: Tx, input: WebhookEventInput): Promise<string[]> {
  const webhooks = await tx.webhook.findMany({
    where: { teamId: input.teamId, active: true, events: { has: input.event } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const created: string[] = [];
  for (const webhook of webhooks) {
    const id = await insertDelivery(tx, webhook.id, input.event, input.eventKey, input.data);
    if (id) created.push(id);
  }
  return created;
}

/** Inserts one delivery unless the webhook already has one for `eventKey`, and queues it. Null when it existed. */
export async function insertDelivery(tx: Tx, webhookId: string, event: string, eventKey: string, data: object): Promise<string | null> {
  const id = createUuidV7();
  const createdAt = new Date();
  const envelope: WebhookEnvelope = { id, type: event, createdAt: createdAt.toISOString(), data: data as Record<string, unknown> };
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "WebhookDelivery" (id, "webhookId", event, "eventKey", payload, status, attempts, "createdAt")
    VALUES (${id}::uuid, ${webhookId}::uuid, ${event}, ${eventKey}, ${toJson(envelope)}::jsonb, 'QUEUED', 0, ${createdAt})
    ON CONFLICT ("webhookId", "eventKey") DO NOTHING
    RETURNING id::text AS id`;
  if (!inserted[0]) return null;
  await enqueueJob('webhook.deliver', { deliveryId: id }, { tx });
  return id;
}
