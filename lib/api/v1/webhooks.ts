import 'server-only';
// Webhook subscriptions of the team (lib/webhooks/service). The signing secret is returned once, on create.
import { z } from 'zod';
import { createWebhookInputSchema, createdWebhookDtoSchema, webhookDtoSchema } from '@/lib/webhooks/schemas';
import { createWebhook, deleteWebhook, listWebhooks } from '@/lib/webhooks/service';
import { apiRoute } from '../handler';
import { webhookParams } from './params';

export const listWebhooksRoute = apiRoute(
  {
    method: 'GET', path: '/webhooks', operationId: 'listWebhooks', tag: 'Webhooks', summary: 'List the team’s webhooks',
    response: { description: 'The webhooks', schema: z.object({ data: z.array(webhookDtoSchema) }), name: 'WebhookList' },
  },
  async ({ actor }) => ({ data: await listWebhooks(actor) }),
);

export const createWebhookRoute = apiRoute(
  {
    method: 'POST', path: '/webhooks', operationId: 'createWebhook', tag: 'Webhooks',
    summary: 'Subscribe a URL to events', description: 'Deliveries are signed with HMAC-SHA256 using `secret`, which is shown only in this answer.',
    body: createWebhookInputSchema, idempotent: true,
    response: { status: 201, description: 'The webhook with its signing secret', schema: createdWebhookDtoSchema, name: 'CreatedWebhook' },
    errors: ['VALIDATION_FAILED', 'INVALID_INPUT', 'CONFLICT', 'MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'],
  },
  async ({ actor, body }) => createWebhook(actor, body),
);

export const deleteWebhookRoute = apiRoute(
  {
    method: 'DELETE', path: '/webhooks/{webhookId}', operationId: 'deleteWebhook', tag: 'Webhooks', summary: 'Delete a webhook',
    params: webhookParams, response: { status: 204, description: 'Deleted' }, errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => {
    await deleteWebhook(actor, params.webhookId);
    return null;
  },
);
