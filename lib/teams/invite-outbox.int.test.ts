// Demo mode without SMTP_URL: an invite mail lands in the outbox table (shown at /dev/outbox), and its link works.
import { afterAll, describe, expect, it } from 'vitest';

const saved = { demo: process.env.BOLTWORK_DEMO, smtp: process.env.SMTP_URL, url: process.env.BOLTWORK_PUBLIC_URL };
process.env.BOLTWORK_DEMO = '1';
delete process.env.SMTP_URL;
process.env.BOLTWORK_PUBLIC_URL = 'http://127.0.0.1:3000';
afterAll(() => {
  for (const [key, value] of [['BOLTWORK_DEMO', saved.demo], ['SMTP_URL', saved.smtp], ['BOLTWORK_PUBLIC_URL', saved.url]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const { db } = await import('@/lib/db');
const { createTeam } = await import('./create-team');
const { acceptInviteWithNewAccount } = await import('./accept');

describe('an invite in demo mode', () => {
  it('goes to the outbox with a link that makes the owner', async () => {
    const admin = await db.user.create({ data: { email: 'admin@demo.example', roles: ['ADMIN'] }, select: { id: true } });
    const { teamId } = await createTeam(admin.id, { name: 'Outbox Team', ownerEmail: 'owner@outbox.example' });
    const mail = await db.outboxMail.findFirstOrThrow({ where: { to: 'owner@outbox.example' } });
    expect(mail.subject).toBe('You are invited to Outbox Team on Boltwork');
    const token = /http:\/\/127\.0\.0\.1:3000\/invite\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    await acceptInviteWithNewAccount({ token, name: 'Otto', password: 'a long enough password', confirm: 'a long enough password' }, {});
    expect(await db.teamMember.findFirst({ where: { teamId }, select: { role: true, user: { select: { email: true } } } })).toEqual({ role: 'OWNER', user: { email: 'owner@outbox.example' } });
  });
});
