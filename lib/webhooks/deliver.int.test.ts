// Delivery against a real HTTP receiver on 127.0.0.1: signatures, retries the way pg-boss drives them, final
// failure, auto-disable, idempotency and the SSRF guard.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createTestTeam } from '@/lib/assignment/test-fixtures';
import { getBoss, stopBoss } from '@/lib/jobs/boss';
import { deliverWebhook } from './deliver';
import { emitWebhookEvent } from './emit';
import { WEBHOOK_MAX_ATTEMPTS } from './retry-policy';
import { AUTO_DISABLE_AFTER_FAILURES } from './schemas';
import { startTestReceiver, type TestReceiver } from './test-receiver';
import { postWebhook } from './transport';

const secret = 'whsec_test-secret-for-the-local-receiver';
let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await startTestReceiver(() => secret);
});
afterAll(async () => {
  await receiver.close();
  await stopBoss();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.respondWith();
});

async function newWebhook(overrides: { events?: string[]; active?: boolean; failureCount?: number; url?: string } = {}) {
  const teamId = await createTestTeam();
  const webhook = await db.webhook.create({
    data: { teamId, url: overrides.url ?? receiver.url, secret, events: overrides.events ?? ['batch.completed'], active: overrides.active ?? true, failureCount: overrides.failureCount ?? 0 },
  });
  return { teamId, webhookId: webhook.id };
}

async function emitOne(teamId: string, key = `batch.completed:${crypto.randomUUID()}`): Promise<string> {
  const [deliveryId] = await db.$transaction((tx) => emitWebhookEvent(tx, { teamId, event: 'batch.completed', eventKey: key, data: { batchId: 'b1', amountMsats: 5n } }));
  return deliveryId;
}

const deliveryOf = (id: string) => db.webhookDelivery.findUniqueOrThrow({ where: { id } });

describe('emitWebhookEvent', () => {
  it('creates one delivery per active subscribed webhook, once per event key, and queues a job for each', async () => {
    const { teamId, webhookId } = await newWebhook();
    await db.webhook.createMany({
      data: [
        { teamId, url: receiver.url, secret, events: ['budget.low'] }, // not subscribed
        { teamId, url: receiver.url, secret, events: ['batch.completed'], active: false }, // off
      ],
    });
    const other = await newWebhook(); // another team's
    const key = 'batch.completed:fixed';
    const first = await db.$transaction((tx) => emitWebhookEvent(tx, { teamId, event: 'batch.completed', eventKey: key, data: { batchId: 'b1' } }));
    const again = await db.$transaction((tx) => emitWebhookEvent(tx, { teamId, event: 'batch.completed', eventKey: key, data: { batchId: 'b1' } }));
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    const rows = await db.webhookDelivery.findMany({ where: { webhook: { teamId } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ webhookId, event: 'batch.completed', eventKey: key, status: 'QUEUED', attempts: 0 });
    expect(rows[0].payload).toMatchObject({ id: rows[0].id, type: 'batch.completed', data: { batchId: 'b1' } });
    expect(await db.webhookDelivery.count({ where: { webhookId: other.webhookId } })).toBe(0);
    const jobs = await (await getBoss()).findJobs('webhook.deliver', { data: { deliveryId: rows[0].id } });
    expect(jobs).toHaveLength(1);
  });

  it('queues nothing when the caller rolls back', async () => {
    const { teamId, webhookId } = await newWebhook();
    await expect(
      db.$transaction(async (tx) => {
        await emitWebhookEvent(tx, { teamId, event: 'batch.completed', eventKey: 'k', data: {} });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.webhookDelivery.count({ where: { webhookId } })).toBe(0);
  });
});

describe('deliverWebhook', () => {
  it('POSTs the stored payload with a valid signature and marks it DELIVERED', async () => {
    const { teamId, webhookId } = await newWebhook();
    const deliveryId = await emitOne(teamId);
    expect(await deliverWebhook(deliveryId)).toBe('DELIVERED');
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.isSignatureValid).toBe(true);
    expect(request.headers['boltwork-webhook-id']).toBe(deliveryId);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toMatchObject({ id: deliveryId, type: 'batch.completed', data: { batchId: 'b1', amountMsats: '5' } });
    expect(await deliveryOf(deliveryId)).toMatchObject({ status: 'DELIVERED', attempts: 1, responseStatus: 200, lastError: null });
    expect((await deliveryOf(deliveryId)).deliveredAt).toBeInstanceOf(Date);
    expect((await db.webhook.findUniqueOrThrow({ where: { id: webhookId } })).lastSentAt).toBeInstanceOf(Date);
    // Idempotent: a second run (a duplicate job) sends nothing.
    expect(await deliverWebhook(deliveryId)).toBe('SKIPPED');
    expect(receiver.received).toHaveLength(1);
  });

  it('throws on a failure so pg-boss retries, then succeeds on the retry with the same id and body', async () => {
    const { teamId, webhookId } = await newWebhook({ failureCount: 3 });
    const deliveryId = await emitOne(teamId);
    receiver.respondWith(500);
    await expect(deliverWebhook(deliveryId)).rejects.toThrow(/HTTP 500/);
    expect(await deliveryOf(deliveryId)).toMatchObject({ status: 'QUEUED', attempts: 1, responseStatus: 500, lastError: 'HTTP 500' });
    expect(await deliverWebhook(deliveryId)).toBe('DELIVERED');
    expect(await deliveryOf(deliveryId)).toMatchObject({ status: 'DELIVERED', attempts: 2, responseStatus: 200, lastError: null });
    expect(receiver.received.map((r) => r.isSignatureValid)).toEqual([true, true]);
    expect(receiver.received[0].body).toBe(receiver.received[1].body);
    expect(receiver.received[0].headers['boltwork-webhook-id']).toBe(receiver.received[1].headers['boltwork-webhook-id']);
    expect((await db.webhook.findUniqueOrThrow({ where: { id: webhookId } })).failureCount).toBe(0);
  });

  it('does not follow redirects', async () => {
    const { teamId } = await newWebhook();
    const deliveryId = await emitOne(teamId);
    receiver.respondWith(302);
    await expect(deliverWebhook(deliveryId)).rejects.toThrow(/HTTP 302/);
    expect(receiver.received).toHaveLength(1);
  });

  it('marks the delivery FAILED after the last attempt and counts a failure; 20 in a row switch the webhook off', async () => {
    const { teamId, webhookId } = await newWebhook({ failureCount: AUTO_DISABLE_AFTER_FAILURES - 2 });
    const deliveries = [await emitOne(teamId), await emitOne(teamId)];
    for (const deliveryId of deliveries) {
      receiver.respondWith(...Array<number>(WEBHOOK_MAX_ATTEMPTS).fill(503));
      for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) await expect(deliverWebhook(deliveryId)).rejects.toThrow(/HTTP 503/);
      expect(await deliveryOf(deliveryId)).toMatchObject({ status: 'FAILED', attempts: WEBHOOK_MAX_ATTEMPTS, responseStatus: 503 });
      expect(await deliverWebhook(deliveryId)).toBe('SKIPPED');
    }
    expect(await db.webhook.findUniqueOrThrow({ where: { id: webhookId } })).toMatchObject({ failureCount: AUTO_DISABLE_AFTER_FAILURES, active: false });
    // Nothing more goes to a disabled webhook.
    const late = await db.webhookDelivery.create({ data: { webhookId, event: 'batch.completed', eventKey: 'late', payload: { id: 'late', type: 'batch.completed', createdAt: new Date().toISOString(), data: {} } } });
    const before = receiver.received.length;
    expect(await deliverWebhook(late.id)).toBe('SKIPPED');
    expect(receiver.received).toHaveLength(before);
    expect(await deliveryOf(late.id)).toMatchObject({ status: 'FAILED', lastError: 'The webhook is disabled.' });
  });

  it('refuses loopback targets when private targets are not allowed, without retrying', async () => {
    const { teamId, webhookId } = await newWebhook();
    const deliveryId = await emitOne(teamId);
    expect(await deliverWebhook(deliveryId, { allowPrivateTargets: false })).toBe('FAILED');
    expect(receiver.received).toHaveLength(0);
    expect(await deliveryOf(deliveryId)).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/Private/) });
    expect((await db.webhook.findUniqueOrThrow({ where: { id: webhookId } })).failureCount).toBe(1);
  });

  it('checks the address the socket connects to: a name resolving to loopback is refused', async () => {
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    const result = await postWebhook(url, '{}', {}, { allowPrivate: false });
    expect(result).toMatchObject({ ok: false, isTargetRefused: true });
    expect(receiver.received).toHaveLength(0);
  });

  it('gives up on a receiver that does not answer', async () => {
    receiver.respondWith(0);
    const result = await postWebhook(receiver.url, '{}', {}, { allowPrivate: true, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, status: null, isTargetRefused: false, error: expect.stringMatching(/No answer/) });
  });
});
