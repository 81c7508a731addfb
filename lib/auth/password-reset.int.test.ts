// "Forgot your password?" end to end: the mail goes through a real SMTP server on 127.0.0.1 (smtp-server), the link
// in it resets the password once, and the account's sessions end.
import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpReceiver } from '@/test/smtp-receiver';

const smtp = await startSmtpReceiver();
const received = smtp.received;
process.env.SMTP_URL = smtp.url;
process.env.BOLTWORK_PUBLIC_URL = 'https://work.example.com';
afterAll(() => smtp.close());

const { db } = await import('@/lib/db');
const { hashPassword } = await import('./password');
const { requestPasswordReset, resetPassword } = await import('./password-reset');
const { signInWithPassword } = await import('./staff-login');
const { getViewerBySessionToken } = await import('./sessions');

/** The token of the reset link in the newest mail to `email`. */
const linkTokenFor = (email: string) => smtp.lastMatch(email, /https:\/\/work\.example\.com\/login\/email\/reset\?token=([A-Za-z0-9_-]{43})/)[1];

describe('password reset', () => {
  it('mails a link that sets a new password once and ends the old sessions', async () => {
    await db.user.create({ data: { email: 'lead@team.example', roles: ['REQUESTER'], passwordHash: await hashPassword('the old password') } });
    const old = await signInWithPassword({ email: 'lead@team.example', password: 'the old password' }, { ip: '198.51.100.50' });
    await requestPasswordReset({ email: 'Lead@Team.example' }, { ip: '198.51.100.50' });
    const token = linkTokenFor('lead@team.example');
    expect(received.at(-1)!.raw).toMatch(/Subject: Reset your Boltwork password/);

    await resetPassword({ token, password: 'a brand new password', confirm: 'a brand new password' }, { ip: '198.51.100.50' });
    expect(await getViewerBySessionToken(old.token)).toBeNull();
    await expect(signInWithPassword({ email: 'lead@team.example', password: 'the old password' }, { ip: '198.51.100.51' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(signInWithPassword({ email: 'lead@team.example', password: 'a brand new password' }, { ip: '198.51.100.51' })).resolves.toMatchObject({ roles: ['REQUESTER'] });

    // Once only, and twice at once only once.
    await expect(resetPassword({ token, password: 'yet another password', confirm: 'yet another password' }, {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await requestPasswordReset({ email: 'lead@team.example' }, { ip: '198.51.100.52' });
    const again = linkTokenFor('lead@team.example');
    const both = await Promise.allSettled([0, 1].map((i) => resetPassword({ token: again, password: `racing password ${i}`, confirm: `racing password ${i}` }, {})));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses an expired link, mismatched or short passwords, and a made-up token', async () => {
    await db.user.create({ data: { email: 'admin@ops.example', roles: ['ADMIN'], passwordHash: await hashPassword('the old password') } });
    await requestPasswordReset({ email: 'admin@ops.example' }, { ip: '198.51.100.60' });
    const token = linkTokenFor('admin@ops.example');
    await expect(resetPassword({ token, password: 'a brand new password', confirm: 'a different password' }, {})).rejects.toThrow(/differ/);
    await expect(resetPassword({ token, password: 'short', confirm: 'short' }, {})).rejects.toThrow(/at least 10/);
    await expect(resetPassword({ token: 'x'.repeat(43), password: 'a brand new password', confirm: 'a brand new password' }, {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await db.passwordReset.updateMany({ where: { user: { email: 'admin@ops.example' } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resetPassword({ token, password: 'a brand new password', confirm: 'a brand new password' }, {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('answers the same for unknown addresses and workers, sends them nothing, and limits asking', async () => {
    const before = received.length;
    await requestPasswordReset({ email: 'nobody@nowhere.example' }, { ip: '198.51.100.70' });
    await db.user.create({ data: { email: 'worker@x.example', roles: ['WORKER'] } });
    await requestPasswordReset({ email: 'worker@x.example' }, { ip: '198.51.100.70' });
    expect(received.length).toBe(before);
    for (let i = 0; i < 3; i++) await requestPasswordReset({ email: 'target@x.example' }, { ip: `198.51.100.${80 + i}` });
    await expect(requestPasswordReset({ email: 'target@x.example' }, { ip: '198.51.100.90' })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
