import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { recordAudit } from '@/lib/audit/record';
import { db, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { auditActorOf, type TeamActor } from '@/lib/teams/actor';
import { isPrivateTargetAllowed } from './deliver';
import { insertDelivery } from './emit';
import {
  AUTO_DISABLE_AFTER_FAILURES,
  createWebhookInputSchema,
  webhookIdSchema,
  type CreatedWebhookDto,
  type CreateWebhookInput,
  type WebhookDeliveryDto,
  type WebhookDto,
} from './schemas';
import { checkWebhookUrl } from './target-guard';

/** Enough for a team's environments and tools; a cap keeps one team from fanning every event out without end. */
export const MAX_WEBHOOKS_PER_TEAM = 10;

const webhookSelect = { id: true, url: true, events: true, active: true, failureCount: true, createdAt: true, lastSentAt: true } as const;
type WebhookRow = { id: string; url: string; events: string[]; active: boolean; failureCount: number; createdAt: Date; lastSentAt: Date | null };

function toWebhookDto(row: WebhookRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    active: row.active,
    failureCount: row.failureCount,
    isAutoDisabled: !row.active && row.failureCount >= AUTO_DISABLE_AFTER_FAILURES,
    createdAt: row.createdAt.toISOString(),
    lastSentAt: row.lastSentAt?.toISOString() ?? null,
  };
}

/** `whsec_` + 32 random bytes, base64url. Used as-is (the whole string) as the HMAC key. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

async function getOwnWebhookOrThrow(actor: TeamActor, id: string, tx: Db = db): Promise<WebhookRow> {
  const parsed = webhookIdSchema.safeParse(id);
  const webhook = parsed.success ? await tx.webhook.findFirst({ where: { id: parsed.data, teamId: actor.teamId }, select: webhookSelect }) : null;
  if (!webhook) throw new AppError('NOT_FOUND', 'Webhook not found.');
  return webhook;
}

/** Registers a webhook for the actor's team. The result carries the signing secret: the only time it is shown. */
export async function createWebhook(actor: TeamActor, input: CreateWebhookInput): Promise<CreatedWebhookDto> {
  const parsed = createWebhookInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid webhook.');
  const refusal = checkWebhookUrl(parsed.data.url, { allowPrivate: isPrivateTargetAllowed() });
  if (refusal) throw new AppError('INVALID_INPUT', refusal);
  const secret = generateWebhookSecret();
  return db.$transaction(async (tx) => {
    // Serialize creates per team so two concurrent ones cannot both slip under the cap.
    await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${actor.teamId}::uuid FOR UPDATE`;
    if ((await tx.webhook.count({ where: { teamId: actor.teamId } })) >= MAX_WEBHOOKS_PER_TEAM) {
      throw new AppError('CONFLICT', `A team can have at most ${MAX_WEBHOOKS_PER_TEAM} webhooks. Delete one first.`);
    }
    const webhook = await tx.webhook.create({ data: { teamId: actor.teamId, url: parsed.data.url, events: parsed.data.events, secret }, select: webhookSelect });
    await recordAudit({ actor: auditActorOf(actor), action: 'webhook.create', targetType: 'Webhook', targetId: webhook.id, after: { url: webhook.url, events: webhook.events } }, tx);
    return { ...toWebhookDto(webhook), secret };
  });
}

export async function listWebhooks(actor: TeamActor): Promise<WebhookDto[]> {
  const rows = await db.webhook.findMany({ where: { teamId: actor.teamId }, select: webhookSelect, orderBy: { createdAt: 'asc' } });
  return rows.map(toWebhookDto);
}

export async function getWebhook(actor: TeamActor, id: string): Promise<WebhookDto> {
  return toWebhookDto(await getOwnWebhookOrThrow(actor, id));
}

/** Deletes the webhook and its delivery history; queued jobs then find nothing to send. */
export async function deleteWebhook(actor: TeamActor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const webhook = await getOwnWebhookOrThrow(actor, id, tx);
    await tx.webhook.delete({ where: { id: webhook.id } });
    await recordAudit({ actor: auditActorOf(actor), action: 'webhook.delete', targetType: 'Webhook', targetId: webhook.id, before: { url: webhook.url, events: webhook.events } }, tx);
  });
}

/** Switches a webhook on or off. Switching on starts the failure count afresh (the team says the receiver is fixed). */
export async function setWebhookActive(actor: TeamActor, id: string, active: boolean): Promise<WebhookDto> {
  return db.$transaction(async (tx) => {
    const webhook = await getOwnWebhookOrThrow(actor, id, tx);
    const updated = await tx.webhook.update({ where: { id: webhook.id }, data: active ? { active, failureCount: 0 } : { active }, select: webhookSelect });
    await recordAudit({ actor: auditActorOf(actor), action: active ? 'webhook.enable' : 'webhook.disable', targetType: 'Webhook', targetId: webhook.id, before: { active: webhook.active }, after: { active } }, tx);
    return toWebhookDto(updated);
  });
}

/** Queues a `webhook.test` delivery to this one webhook, subscribed or not, active or not. */
export async function sendTestEvent(actor: TeamActor, id: string): Promise<{ deliveryId: string }> {
  return db.$transaction(async (tx) => {
    const webhook = await getOwnWebhookOrThrow(actor, id, tx);
    const deliveryId = await insertDelivery(tx, webhook.id, 'webhook.test', `webhook.test:${randomUUID()}`, {
      webhookId: webhook.id,
      message: 'This is a test event from Boltwork. Verify the signature, then answer with any 2xx status.',
    });
    if (!deliveryId) throw new AppError('CONFLICT', 'Could not queue the test event. Please try again.');
    return { deliveryId };
  });
}

/** The webhook's most recent deliveries, newest first (limit clamped to 1..100). */
export async function listDeliveries(actor: TeamActor, webhookId: string, limit = 20): Promise<WebhookDeliveryDto[]> {
  const webhook = await getOwnWebhookOrThrow(actor, webhookId);
  const rows = await db.webhookDelivery.findMany({
    where: { webhookId: webhook.id },
    orderBy: { createdAt: 'desc' },
    take: Math.min(Math.max(Math.trunc(limit) || 1, 1), 100),
    select: { id: true, webhookId: true, event: true, eventKey: true, status: true, attempts: true, responseStatus: true, lastError: true, createdAt: true, deliveredAt: true },
  });
  return rows.map((row) => ({
    ...row,
    status: row.status === 'DELIVERED' || row.status === 'FAILED' ? row.status : 'QUEUED',
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  }));
}
