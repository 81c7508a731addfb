// The team-facing webhook service: secret shown once, team scoping, audit, test events.
import { afterAll, describe, expect, it, vi } from 'vitest';

// lib/teams/access reads the session through Next; these tests build actors directly.
vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { createTestTeam } = await import('@/lib/assignment/test-fixtures');
const { stopBoss } = await import('@/lib/jobs/boss');
const service = await import('./service');
type TeamActor = import('@/lib/teams/actor').TeamActor;

afterAll(() => stopBoss());

async function newActor(): Promise<TeamActor> {
  const teamId = await createTestTeam();
  const user = await db.user.create({ data: { roles: ['REQUESTER'], email: `w-${crypto.randomUUID()}@example.test` } });
  await db.teamMember.create({ data: { teamId, userId: user.id, role: 'OWNER' } });
  return { kind: 'USER', teamId, userId: user.id, apiKeyId: null };
}

describe('webhook service', () => {
  it('creates a webhook, shows its secret once and audits create and delete', async () => {
    const actor = await newActor();
    const created = await service.createWebhook(actor, { url: ' http://127.0.0.1:4000/hooks ', events: ['batch.completed', 'batch.completed', 'budget.low'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ url: 'http://127.0.0.1:4000/hooks', events: ['batch.completed', 'budget.low'], active: true, failureCount: 0, isAutoDisabled: false });
    const listed = await service.listWebhooks(actor);
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('secret');
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    await service.deleteWebhook(actor, created.id);
    expect(await service.listWebhooks(actor)).toEqual([]);
    const audit = await db.auditLog.findMany({ where: { targetId: created.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.delete']);
    expect(JSON.stringify(audit)).not.toContain(created.secret);
  });

  it('validates the URL and events', async () => {
    const actor = await newActor();
    await expect(service.createWebhook(actor, { url: 'ftp://example.com', events: ['budget.low'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(service.createWebhook(actor, { url: 'https://example.com', events: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(service.createWebhook(actor, { url: 'https://example.com', events: ['nope' as 'budget.low'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps teams apart: another team sees NOT_FOUND', async () => {
    const owner = await newActor();
    const stranger = await newActor();
    const { id } = await service.createWebhook(owner, { url: 'https://example.com/h', events: ['export.ready'] });
    for (const call of [
      () => service.deleteWebhook(stranger, id),
      () => service.setWebhookActive(stranger, id, false),
      () => service.sendTestEvent(stranger, id),
      () => service.listDeliveries(stranger, id),
      () => service.getWebhook(stranger, 'not-a-uuid'),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await service.listWebhooks(stranger)).toEqual([]);
  });

  it('queues a test event to one webhook and lists it; re-enabling resets the failure count', async () => {
    const actor = await newActor();
    const { id } = await service.createWebhook(actor, { url: 'https://example.com/h', events: ['export.ready'] });
    const { deliveryId } = await service.sendTestEvent(actor, id);
    const deliveries = await service.listDeliveries(actor, id, 5);
    expect(deliveries).toEqual([expect.objectContaining({ id: deliveryId, event: 'webhook.test', status: 'QUEUED', attempts: 0 })]);

    await db.webhook.update({ where: { id }, data: { active: false, failureCount: 20 } });
    expect(await service.getWebhook(actor, id)).toMatchObject({ active: false, isAutoDisabled: true });
    expect(await service.setWebhookActive(actor, id, true)).toMatchObject({ active: true, failureCount: 0, isAutoDisabled: false });
  });

  it('caps the number of webhooks per team', async () => {
    const actor = await newActor();
    for (let i = 0; i < service.MAX_WEBHOOKS_PER_TEAM; i++) await service.createWebhook(actor, { url: `https://example.com/${i}`, events: ['budget.low'] });
    await expect(service.createWebhook(actor, { url: 'https://example.com/x', events: ['budget.low'] })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
