// A real LNURL-auth round trip: the wallet simulator decodes the LNURL, signs k1 and calls our actual
// route handler over HTTP; the browser's poll then turns the login into a session.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

const server = http.createServer(async (req, res) => {
  const { GET } = await import('@/app/api/lnurl/auth/route');
  const response = await GET(new Request(`http://127.0.0.1${req.url}`, { headers: { 'x-forwarded-for': '198.51.100.7' } }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(await response.text());
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.env.BOLTWORK_PUBLIC_URL = origin;

const { db } = await import('@/lib/db');
const { createWalletLoginChallenge, pollWalletLogin } = await import('./wallet-login');
const { getViewerBySessionToken } = await import('./sessions');
const { loginWithLnurl } = await import('@/lib/wallet-sim/lnurl-auth');
const { linkingKeyFor } = await import('@/lib/wallet-sim/keys');

const seed = 'aa'.repeat(32);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('LNURL-auth (LUD-04) sign-in', () => {
  it('signs a worker in through the wallet simulator over real HTTP', async () => {
    const challenge = await createWalletLoginChallenge();
    expect(challenge.lnurl).toMatch(/^LNURL1[0-9A-Z]+$/);
    expect(await pollWalletLogin(challenge.challengeId, {})).toMatchObject({ status: 'pending' });

    const result = await loginWithLnurl({ lnurl: challenge.lnurl, seedHex: seed, allowedOrigins: [origin] });
    expect(result).toEqual({ ok: true, key: linkingKeyFor(seed, '127.0.0.1').publicKeyHex });

    const poll = await pollWalletLogin(challenge.challengeId, {});
    expect(poll.status).toBe('signed-in');
    const viewer = await getViewerBySessionToken((poll as { token: string }).token);
    expect(viewer?.roles).toEqual(['WORKER']);
    expect(viewer?.worker?.status).toBe('ACTIVE');
    // The session is handed out once: a second poll gets nothing.
    expect(await pollWalletLogin(challenge.challengeId, {})).toEqual({ status: 'expired' });
  });

  it('keeps one worker per linking key across sign-ins', async () => {
    const seedB = 'bb'.repeat(32);
    for (let i = 0; i < 2; i++) {
      const challenge = await createWalletLoginChallenge();
      expect((await loginWithLnurl({ lnurl: challenge.lnurl, seedHex: seedB })).ok).toBe(true);
    }
    expect(await db.workerProfile.count({ where: { linkingKey: linkingKeyFor(seedB, '127.0.0.1').publicKeyHex } })).toBe(1);
  });

  it('refuses a replayed k1', async () => {
    const challenge = await createWalletLoginChallenge();
    expect((await loginWithLnurl({ lnurl: challenge.lnurl, seedHex: seed })).ok).toBe(true);
    expect(await loginWithLnurl({ lnurl: challenge.lnurl, seedHex: 'cc'.repeat(32) })).toEqual({
      ok: false,
      reason: 'This login challenge was already used.',
    });
  });

  it('refuses an expired challenge', async () => {
    const challenge = await createWalletLoginChallenge();
    await db.lnurlAuthChallenge.update({ where: { id: challenge.challengeId }, data: { expiresAt: new Date(Date.now() - 1) } });
    const result = await loginWithLnurl({ lnurl: challenge.lnurl, seedHex: seed });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('expired') });
    expect(await pollWalletLogin(challenge.challengeId, {})).toEqual({ status: 'expired' });
  });

  it('answers bad signatures and malformed calls in the LNURL error shape', async () => {
    const challenge = await createWalletLoginChallenge();
    const url = new URL(challenge.url);
    const { publicKeyHex } = linkingKeyFor(seed, '127.0.0.1');
    const forged = await fetch(`${url.href}&sig=${'30'.padEnd(140, '1')}&key=${publicKeyHex}`);
    expect(await forged.json()).toEqual({ status: 'ERROR', reason: 'Invalid signature.' });
    expect(forged.headers.get('cache-control')).toBe('no-store');
    const malformed = await fetch(`${origin}/api/lnurl/auth?tag=login&k1=zz`);
    expect(await malformed.json()).toMatchObject({ status: 'ERROR' });
    expect(await pollWalletLogin(challenge.challengeId, {})).toMatchObject({ status: 'pending' });
  });

  it('accepts one of many concurrent callbacks for the same k1', async () => {
    const challenge = await createWalletLoginChallenge();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => loginWithLnurl({ lnurl: challenge.lnurl, seedHex: (i + 16).toString(16).repeat(32) })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
