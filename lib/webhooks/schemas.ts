// Webhook input and output shapes, shared by the team UI, the server actions and the team API (isomorphic).
import { z } from 'zod';

/** Events a team can subscribe to. `webhook.test` is not subscribable: "Send test" targets one webhook. */
export const webhookEvents = ['batch.completed', 'export.ready', 'budget.low'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
export const webhookEventSchema = z.enum(webhookEvents);

export const webhookEventDescriptions: Record<WebhookEvent, string> = {
  'batch.completed': 'Every item of an uploaded batch has all its judgments.',
  'export.ready': 'An export finished and can be downloaded.',
  'budget.low': "A project's escrow fell below its budget alert.",
};

/** After this many deliveries in a row fail for good, the webhook is switched off. */
export const AUTO_DISABLE_AFTER_FAILURES = 20;

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, 'The URL is too long.')
  .pipe(z.url({ protocol: /^https?$/, message: 'Enter an http:// or https:// URL.' }));

export const createWebhookInputSchema = z.object({
  url: webhookUrlSchema,
  events: z.array(webhookEventSchema).min(1, 'Pick at least one event.').transform((events) => [...new Set(events)]),
});
export type CreateWebhookInput = z.input<typeof createWebhookInputSchema>;

export const webhookIdSchema = z.uuid();
export const setWebhookActiveInputSchema = z.object({ id: webhookIdSchema, active: z.boolean() });
export const listDeliveriesInputSchema = z.object({ webhookId: webhookIdSchema, limit: z.number().int().min(1).max(100).default(20) });

export const webhookDeliveryStatusSchema = z.enum(['QUEUED', 'DELIVERED', 'FAILED']);

export const webhookDtoSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  /** Deliveries in a row that failed for good; reset by a successful one. */
  failureCount: z.int(),
  /** True when the platform switched it off after too many failures (not the team). */
  isAutoDisabled: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSentAt: z.iso.datetime().nullable(),
});
export type WebhookDto = z.infer<typeof webhookDtoSchema>;

/** Returned by create only: the signing secret is never shown again. */
export const createdWebhookDtoSchema = webhookDtoSchema.extend({ secret: z.string() });
export type CreatedWebhookDto = z.infer<typeof createdWebhookDtoSchema>;

export const webhookDeliveryDtoSchema = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  event: z.string(),
  eventKey: z.string(),
  status: webhookDeliveryStatusSchema,
  attempts: z.int(),
  responseStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
});
export type WebhookDeliveryDto = z.infer<typeof webhookDeliveryDtoSchema>;

/** The JSON body of every delivery. `id` is also sent as Boltwork-Webhook-Id and stays the same across retries. */
export const webhookEnvelopeSchema = z.object({
  id: z.string(),
  type: z.string(),
  createdAt: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;
