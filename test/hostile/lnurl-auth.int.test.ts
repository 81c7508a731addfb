// LNURL-auth (LUD-04) under attack, through the real route handler: a replayed k1, malformed and oversized
// parameters, and the per-address rate limit (including requests whose address is unknown or spoofed).
// Already proven elsewhere and not repeated here (lib/auth/wallet-login.int.test.ts): the happy path over real
// HTTP, a forged signature, an expired challenge, and one winner among concurrent callbacks for one k1.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';

process.env.BOLTWORK_PUBLIC_URL = 'https://boltwork.example';

const { db } = await import('@/lib/db');
const { GET } = await import('@/app/api/lnurl/auth/route');
const { createWalletLoginChallenge, pollWalletLogin } = await import('@/lib/auth/wallet-login');
const { linkingKeyFor, signK1 } = await import('@/lib/wallet-sim/keys');
const { clientLimitKey, clientLimits, SHARED_BUCKET_FACTOR } = await import('@/lib/rate-limit/client-limits');
const { bucketCount, fillBucket } = await import('./buckets');

const wallet = (seed = randomBytes(32).toString('hex')) => linkingKeyFor(seed, 'boltwork.example');

async function callback(params: Record<string, string>, headers: Record<string, string> = { 'x-forwarded-for': '192.0.2.1' }) {
  const url = new URL('https://boltwork.example/api/lnurl/auth');
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  const response = await GET(new Request(url, { headers }));
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as { status: string; reason?: string };
}

async function newChallenge() {
  const challenge = await createWalletLoginChallenge();
  const k1 = new URL(challenge.url).searchParams.get('k1')!;
  return { ...challenge, k1 };
}

function signed(k1: string, key = wallet()) {
  return { tag: 'login', k1, sig: signK1(key.privateKey, k1), key: key.publicKeyHex };
}

const counts = async () => ({ users: await db.user.count(), sessions: await db.session.count(), workers: await db.workerProfile.count() });

describe('k1 replay', () => {
  it('signs in once; the same signed callback again, or another wallet with that k1, gets ERROR and no session', async () => {
    const challenge = await newChallenge();
    const first = signed(challenge.k1);
    expect(await callback(first)).toEqual({ status: 'OK' });
    const poll = await pollWalletLogin(challenge.challengeId, {});
    expect(poll.status).toBe('signed-in');
    const after = await counts();

    expect(await callback(first)).toEqual({ status: 'ERROR', reason: 'This login challenge was already used.' });
    expect(await callback(signed(challenge.k1))).toEqual({ status: 'ERROR', reason: 'This login challenge was already used.' });
    expect(await pollWalletLogin(challenge.challengeId, {})).toEqual({ status: 'expired' });
    expect(await counts()).toEqual(after);
    expect(await db.session.count({ where: { method: 'LNURL_AUTH' } })).toBe(1);
  });

  it('a replay between the signature and the poll does not hand out a second session either', async () => {
    const challenge = await newChallenge();
    const first = signed(challenge.k1);
    expect(await callback(first)).toEqual({ status: 'OK' });
    expect(await callback(first)).toMatchObject({ status: 'ERROR' });
    const polls = await Promise.all([1, 2, 3].map(() => pollWalletLogin(challenge.challengeId, {})));
    expect(polls.filter((p) => p.status === 'signed-in')).toHaveLength(1);
  });
});

describe('malformed parameters', () => {
  it('answer a clear LNURL ERROR and change nothing', async () => {
    const challenge = await newChallenge();
    const good = signed(challenge.k1);
    const other = wallet();
    const otherK1 = randomBytes(32).toString('hex');
    const huge = 'a'.repeat(100_000);
    const uncompressed = `04${'11'.repeat(64)}`;
    const cases: [string, Record<string, string>][] = [
      ['no parameters', {}],
      ['no tag', { ...good, tag: '' }],
      ['wrong tag', { ...good, tag: 'withdrawRequest' }],
      ['no k1', { tag: 'login', sig: good.sig, key: good.key }],
      ['k1 not hex', { ...good, k1: 'z'.repeat(64) }],
      ['k1 too short', { ...good, k1: challenge.k1.slice(2) }],
      ['k1 too long', { ...good, k1: `${challenge.k1}00` }],
      ['k1 absurdly long', { ...good, k1: huge }],
      ['no sig', { tag: 'login', k1: challenge.k1, key: good.key }],
      ['sig not hex', { ...good, sig: 'not-a-signature' }],
      ['sig not DER', { ...good, sig: '00'.repeat(64) }],
      ['sig absurdly long', { ...good, sig: huge }],
      ['sig of another k1', { ...good, sig: signK1(wallet().privateKey, otherK1) }],
      ['sig by another key', { ...good, sig: signK1(other.privateKey, challenge.k1) }],
      ['no key', { tag: 'login', k1: challenge.k1, sig: good.sig }],
      ['uncompressed key', { ...good, key: uncompressed }],
      ['key not on the curve', { ...good, key: `02${'ff'.repeat(32)}` }],
      ['key absurdly long', { ...good, key: `02${huge}` }],
      ['unknown action', { ...good, action: 'pay' }],
      ['unknown k1, validly signed', signed(otherK1)],
      ['non-ASCII', { ...good, k1: 'ｋ'.repeat(64) }],
    ];
    const before = await counts();
    for (const [name, params] of cases) {
      const reply = await callback(params);
      expect(reply.status, name).toBe('ERROR');
      expect(reply.reason, name).toMatch(/^(Malformed login request|Invalid signature|Unknown login challenge)/);
      expect(reply.reason!.length, name).toBeLessThan(120);
    }
    expect(await counts()).toEqual(before);
    expect(await db.lnurlAuthChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId } })).toMatchObject({ status: 'PENDING', userId: null });
    // The untouched challenge still works: the refusals above were about the input, not a broken setup.
    expect(await callback(good)).toEqual({ status: 'OK' });
  });

  it('a duplicated k1 parameter is read once, never as a list', async () => {
    const challenge = await newChallenge();
    const good = signed(challenge.k1);
    const url = new URL('https://boltwork.example/api/lnurl/auth');
    for (const [name, value] of Object.entries(good)) url.searchParams.append(name, value);
    url.searchParams.append('k1', randomBytes(32).toString('hex'));
    const reply = await (await GET(new Request(url, { headers: { 'x-forwarded-for': '192.0.2.1' } }))).json();
    expect(reply.status).toBe('ERROR');
    expect((await db.lnurlAuthChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId } })).status).toBe('PENDING');
  });
});

describe('rate limit', () => {
  it('refuses an address past its limit, even with a valid signature, and creates nothing', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < clientLimits.lnurlAuth.limit; i++) {
      expect((await callback({ tag: 'login' }, { 'x-forwarded-for': ip })).reason).toMatch(/^Malformed/);
    }
    const challenge = await newChallenge();
    const before = await counts();
    expect(await callback(signed(challenge.k1), { 'x-forwarded-for': ip })).toEqual({ status: 'ERROR', reason: 'Too many requests. Try again in a minute.' });
    expect((await db.lnurlAuthChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId } })).status).toBe('PENDING');
    expect(await counts()).toEqual(before);
    // Another address is not affected.
    expect(await callback(signed(challenge.k1), { 'x-forwarded-for': '203.0.113.51' })).toEqual({ status: 'OK' });
  });

  it('counts requests without a usable address in one shared bucket instead of skipping the limit', async () => {
    const unknownKey = clientLimitKey('lnurlAuth', null);
    expect(unknownKey).toBe('lnurl-auth:ip:unknown');
    await callback({ tag: 'login' }, {});
    // At 0 trusted hops a list was written by the client (Next writes one entry): not trusted either.
    await callback({ tag: 'login' }, { 'x-forwarded-for': '10.9.8.7, 192.0.2.99' });
    expect(await bucketCount(unknownKey)).toBe(2);
    expect(await bucketCount('lnurl-auth:ip:192.0.2.99')).toBeNull();
    expect(await bucketCount('lnurl-auth:ip:10.9.8.7')).toBeNull();

    await fillBucket(unknownKey, clientLimits.lnurlAuth.limit * SHARED_BUCKET_FACTOR);
    const challenge = await newChallenge();
    expect(await callback(signed(challenge.k1), {})).toEqual({ status: 'ERROR', reason: 'Too many requests. Try again in a minute.' });
    expect((await db.lnurlAuthChallenge.findUniqueOrThrow({ where: { id: challenge.challengeId } })).status).toBe('PENDING');
  });
});
