// Every way to sign in is rate-limited per client address (and the password per account too), through the server
// actions the pages call. A refused attempt answers a clear error and creates no session and sets no cookie.
// Paths: email + password (signInWithPasswordAction), LNURL-auth (startWalletLoginAction makes the challenge; the
// wallet's callback is covered in lnurl-auth.int.test.ts), and in demo mode the one-tap dev sign-in and the in-page
// wallet simulator. The per-address and per-account password limits themselves are counted out in
// lib/auth/staff-login.int.test.ts; here the action path, and the unknown-address bucket that used to be skipped.
import { describe, expect, it, vi } from 'vitest';

process.env.BOLTWORK_PUBLIC_URL = 'http://127.0.0.1:3999';
process.env.BOLTWORK_DEMO = '1';
vi.mock('next/headers', () => import('./fake-next'));
vi.mock('next/navigation', () => import('./fake-next'));

const { fakeRequest, resetFakeRequest, NavigationSignal } = await import('./fake-next');
const { db } = await import('@/lib/db');
const { hashPassword } = await import('@/lib/auth/password');
const actions = await import('@/lib/auth/actions');
const { clientLimitKey, clientLimits, SHARED_BUCKET_FACTOR } = await import('@/lib/rate-limit/client-limits');
const { fillBucket } = await import('./buckets');

const passwordForm = (email: string, password: string) => {
  const form = new FormData();
  form.set('email', email);
  form.set('password', password);
  return form;
};
const sessionsOf = (email: string) => db.session.count({ where: { user: { email } } });

describe('email and password', () => {
  it('answers a clear error past the per-address limit, even with the right password, and opens no session', async () => {
    await db.user.create({ data: { roles: ['ADMIN'], email: 'limited@team.example', passwordHash: await hashPassword('right password') } });
    await fillBucket(clientLimitKey('passwordSignIn', '198.51.100.30'), clientLimits.passwordSignIn.limit, 900);
    resetFakeRequest({ 'x-forwarded-for': '198.51.100.30' });
    const refused = await actions.signInWithPasswordAction({}, passwordForm('limited@team.example', 'right password'));
    expect(refused).toEqual({ error: 'Too many sign-in attempts. Wait a few minutes and try again.', email: 'limited@team.example' });
    expect(fakeRequest.setCookies).toEqual([]);
    expect(await sessionsOf('limited@team.example')).toBe(0);

    // From another address the same form signs in (so the refusal was the limit).
    resetFakeRequest({ 'x-forwarded-for': '198.51.100.31' });
    await expect(actions.signInWithPasswordAction({}, passwordForm('limited@team.example', 'right password'))).rejects.toBeInstanceOf(NavigationSignal);
    expect(await sessionsOf('limited@team.example')).toBe(1);
  });

  it('limits attempts without a usable address in the shared bucket instead of skipping the limit', async () => {
    await db.user.create({ data: { roles: ['ADMIN'], email: 'noip@team.example', passwordHash: await hashPassword('right password') } });
    await fillBucket(clientLimitKey('passwordSignIn', null), clientLimits.passwordSignIn.limit * SHARED_BUCKET_FACTOR, 900);
    const unusable: Record<string, string>[] = [{}, { 'x-forwarded-for': '203.0.113.1, 203.0.113.2' }, { 'x-forwarded-for': 'garbage' }];
    for (const headers of unusable) {
      resetFakeRequest(headers);
      expect(await actions.signInWithPasswordAction({}, passwordForm('noip@team.example', 'right password'))).toMatchObject({ error: expect.stringContaining('Too many') });
    }
    expect(await sessionsOf('noip@team.example')).toBe(0);
  });
});

describe('LNURL-auth challenges', () => {
  it('are limited per address: past the limit no challenge row and no cookie', async () => {
    const before = await db.lnurlAuthChallenge.count();
    for (let i = 0; i < clientLimits.walletLoginStart.limit; i++) {
      resetFakeRequest({ 'x-forwarded-for': '198.51.100.40' });
      expect(await actions.startWalletLoginAction()).toHaveProperty('lnurl');
    }
    resetFakeRequest({ 'x-forwarded-for': '198.51.100.40' });
    expect(await actions.startWalletLoginAction()).toEqual({ error: 'Too many sign-in attempts. Wait a minute and try again.' });
    expect(fakeRequest.setCookies).toEqual([]);
    expect(await db.lnurlAuthChallenge.count()).toBe(before + clientLimits.walletLoginStart.limit);
  });
});

describe('demo mode sign-in', () => {
  it('one-tap sign-in is limited per address and sends the browser back to the sign-in page', async () => {
    const ip = { 'x-forwarded-for': '198.51.100.50' };
    for (let i = 0; i < clientLimits.demoSignIn.limit; i++) {
      resetFakeRequest(ip);
      const form = new FormData();
      form.set('role', 'WORKER');
      await expect(actions.devSignInAction(form)).rejects.toMatchObject({ target: '/tasks' });
    }
    const sessions = await db.session.count({ where: { method: 'DEV' } });
    expect(sessions).toBe(clientLimits.demoSignIn.limit);
    resetFakeRequest(ip);
    const form = new FormData();
    form.set('role', 'WORKER');
    await expect(actions.devSignInAction(form)).rejects.toMatchObject({ target: '/login?limited=1' });
    expect(fakeRequest.setCookies).toEqual([]);
    expect(await db.session.count({ where: { method: 'DEV' } })).toBe(sessions);
  });

  it('the in-page wallet simulator is limited before it signs anything', async () => {
    await fillBucket(clientLimitKey('demoSignIn', '198.51.100.60'), clientLimits.demoSignIn.limit);
    resetFakeRequest({ 'x-forwarded-for': '198.51.100.60' });
    const challenges = await db.lnurlAuthChallenge.count({ where: { status: { not: 'PENDING' } } });
    expect(await actions.signInWithDemoWalletAction('LNURL1DP68GURN8GHJ7CTSDYHXGEF0D3H82UNVWQHKZURF9AMRZTMVDE6HYMP0')).toEqual({
      ok: false,
      reason: 'Too many demo sign-ins. Wait a minute and try again.',
    });
    expect(await db.lnurlAuthChallenge.count({ where: { status: { not: 'PENDING' } } })).toBe(challenges);
  });
});
