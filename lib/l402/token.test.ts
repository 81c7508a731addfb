import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { formatL402Authorization } from './header';
import { encodeIdentifier } from './identifier';
import { addFirstPartyCaveat, mintMacaroon, parseMacaroon, serializeMacaroon, type Macaroon } from './macaroon';
import { encodeMacaroonBinary } from './macaroon-binary';
import { issueToken, verifyToken } from './token';

const ROOT_KEY = Buffer.alloc(32, 0x11);
const PREIMAGE = Buffer.alloc(32, 0x22);
const PAYMENT_HASH = createHash('sha256').update(PREIMAGE).digest('hex');
const ENDPOINT = 'POST /api/agent/v1/jobs';
const EXPIRES_AT = new Date('2030-01-01T00:00:00Z');
const NOW = new Date('2029-12-31T23:00:00Z');
const CAVEATS = { endpoint: ENDPOINT, maxJudgments: 30, expiresAt: EXPIRES_AT };

function issue() {
  return issueToken({ rootKey: ROOT_KEY, paymentHash: PAYMENT_HASH, caveats: CAVEATS });
}

type VerifyOverrides = { preimage?: Buffer; now?: Date; endpoint?: string; judgments?: number; rootKey?: Buffer };

function verify(macaroon: string, overrides: VerifyOverrides = {}) {
  return verifyToken({
    rootKey: overrides.rootKey ?? ROOT_KEY,
    authorizationHeader: formatL402Authorization({ macaroon, preimage: overrides.preimage ?? PREIMAGE }),
    now: overrides.now ?? NOW,
    expected: { endpoint: overrides.endpoint ?? ENDPOINT, judgments: overrides.judgments ?? 30 },
  });
}

function parseOrThrow(text: string): Macaroon {
  const parsed = parseMacaroon(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.macaroon;
}

/** What a token holder can do without our key: append caveats, which extends the chain legitimately. */
function appendCaveats(macaroon: string, ...caveats: string[]): string {
  return serializeMacaroon(caveats.reduce(addFirstPartyCaveat, parseOrThrow(macaroon)));
}

describe('issue then verify', () => {
  it('accepts a paid token and returns what it is bound to', () => {
    const token = issue();
    expect(verify(token.macaroon)).toEqual({
      ok: true,
      paymentHash: PAYMENT_HASH,
      tokenId: token.tokenId,
      caveats: CAVEATS,
    });
  });

  it('accepts the legacy LSAT scheme', () => {
    const { macaroon } = issue();
    const result = verifyToken({
      rootKey: ROOT_KEY,
      authorizationHeader: `LSAT ${macaroon}:${PREIMAGE.toString('hex')}`,
      now: NOW,
      expected: { endpoint: ENDPOINT, judgments: 1 },
    });
    expect(result.ok).toBe(true);
  });

  it('gives each token its own id, even for the same invoice', () => {
    expect(issue().tokenId).not.toBe(issue().tokenId);
    expect(issue().tokenId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to issue for a payment hash that is not 64 lowercase hex digits', () => {
    for (const paymentHash of ['', PAYMENT_HASH.slice(1), PAYMENT_HASH.toUpperCase()]) {
      expect(() => issueToken({ rootKey: ROOT_KEY, paymentHash, caveats: CAVEATS })).toThrow(RangeError);
    }
  });
});

describe('refusals', () => {
  it('wrong root key → bad_signature', () => {
    expect(verify(issue().macaroon, { rootKey: Buffer.alloc(32, 0x12) })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('wrong preimage → wrong_preimage', () => {
    expect(verify(issue().macaroon, { preimage: Buffer.alloc(32, 0x23) })).toEqual({ ok: false, reason: 'wrong_preimage' });
  });

  it('at or after the expiry → expired; one second before → ok', () => {
    const { macaroon } = issue();
    expect(verify(macaroon, { now: EXPIRES_AT })).toEqual({ ok: false, reason: 'expired' });
    expect(verify(macaroon, { now: new Date(EXPIRES_AT.getTime() + 86_400_000) })).toEqual({ ok: false, reason: 'expired' });
    expect(verify(macaroon, { now: new Date(EXPIRES_AT.getTime() - 1000) }).ok).toBe(true);
  });

  it('more judgments than the caveat allows → caveat_exceeded', () => {
    expect(verify(issue().macaroon, { judgments: 31 })).toEqual({ ok: false, reason: 'caveat_exceeded' });
  });

  it('another endpoint → wrong_endpoint', () => {
    expect(verify(issue().macaroon, { endpoint: 'GET /api/agent/v1/jobs' })).toEqual({ ok: false, reason: 'wrong_endpoint' });
  });

  it('garbage headers → malformed', () => {
    for (const authorizationHeader of [null, '', 'Bearer abc', 'L402 !!!', `L402 AAAA:${'00'.repeat(32)}`]) {
      const result = verifyToken({
        rootKey: ROOT_KEY,
        authorizationHeader,
        now: NOW,
        expected: { endpoint: ENDPOINT, judgments: 1 },
      });
      expect(result).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('a properly signed macaroon whose identifier is not an L402 identifier → malformed', () => {
    const macaroon = serializeMacaroon(mintMacaroon({ rootKey: ROOT_KEY, identifier: Buffer.from('not-l402') }));
    expect(verify(macaroon)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a properly signed token missing a required caveat → malformed', () => {
    const identifier = encodeIdentifier({ paymentHash: Buffer.from(PAYMENT_HASH, 'hex'), tokenId: Buffer.alloc(32) });
    const bare = mintMacaroon({ rootKey: ROOT_KEY, identifier });
    const macaroon = serializeMacaroon(addFirstPartyCaveat(bare, `endpoint=${ENDPOINT}`));
    expect(verify(macaroon)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('tampering', () => {
  it('any changed byte of the token fails', () => {
    const bytes = encodeMacaroonBinary(parseOrThrow(issue().macaroon));
    for (let index = 0; index < bytes.length; index++) {
      const tampered = Buffer.from(bytes);
      tampered[index] ^= 0x01;
      expect(verify(tampered.toString('base64')).ok, `byte ${index}`).toBe(false);
    }
  });

  it('a caveat added without extending the chain → bad_signature', () => {
    const macaroon = parseOrThrow(issue().macaroon);
    const forged = serializeMacaroon({ ...macaroon, caveats: [...macaroon.caveats, 'max_judgments=1000'] });
    expect(verify(forged)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a caveat rewritten in place (a larger max) → bad_signature', () => {
    const macaroon = parseOrThrow(issue().macaroon);
    const widened = macaroon.caveats.map((caveat) => (caveat === 'max_judgments=30' ? 'max_judgments=99' : caveat));
    expect(verify(serializeMacaroon({ ...macaroon, caveats: widened }), { judgments: 99 })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});

describe('caveats appended by the holder only narrow', () => {
  it('a smaller max wins', () => {
    const narrowed = appendCaveats(issue().macaroon, 'max_judgments=2');
    expect(verify(narrowed, { judgments: 3 })).toEqual({ ok: false, reason: 'caveat_exceeded' });
    const result = verify(narrowed, { judgments: 2 });
    expect(result.ok && result.caveats.maxJudgments).toBe(2);
  });

  it('a larger max does not widen', () => {
    const widened = appendCaveats(issue().macaroon, 'max_judgments=1000');
    expect(verify(widened, { judgments: 31 })).toEqual({ ok: false, reason: 'caveat_exceeded' });
    const result = verify(widened, { judgments: 30 });
    expect(result.ok && result.caveats.maxJudgments).toBe(30);
  });

  it('every expiry must hold: a later one does not extend, an earlier one shortens', () => {
    const later = appendCaveats(issue().macaroon, `expires_at=${EXPIRES_AT.getTime() / 1000 + 3600}`);
    expect(verify(later, { now: EXPIRES_AT })).toEqual({ ok: false, reason: 'expired' });
    const earlier = appendCaveats(issue().macaroon, `expires_at=${NOW.getTime() / 1000}`);
    expect(verify(earlier)).toEqual({ ok: false, reason: 'expired' });
  });

  it('a second, different endpoint → wrong_endpoint', () => {
    const other = appendCaveats(issue().macaroon, 'endpoint=GET /api/agent/v1/jobs');
    expect(verify(other)).toEqual({ ok: false, reason: 'wrong_endpoint' });
  });

  it('an unknown caveat → unknown_caveat', () => {
    expect(verify(appendCaveats(issue().macaroon, 'ip=127.0.0.1'))).toEqual({ ok: false, reason: 'unknown_caveat' });
  });

  it('a known caveat with an unreadable value → malformed', () => {
    expect(verify(appendCaveats(issue().macaroon, 'max_judgments=lots'))).toEqual({ ok: false, reason: 'malformed' });
  });
});
