// Interop with the maintained reference implementation, js-macaroon (`macaroon` on npm, a port of go-macaroon):
// what we issue it verifies, and what it issues we verify, in both directions and with caveats appended by the
// other side. Our own module stays the one in production: it is node:crypto only (js-macaroon pulls in sjcl and
// tweetnacl for third-party caveats L402 does not use), and js-macaroon 3.0.4 cannot export a v2 macaroon with
// four or more caveats (see below). This test is what ties the two together.
import { randomBytes } from 'node:crypto';
// @ts-expect-error -- js-macaroon ships no types; the shape used here is declared below.
import macaroonLib from 'macaroon';
import { describe, expect, it } from 'vitest';
import { CREATE_JOB_ENDPOINT } from '@/lib/agents/config';
import { decodeIdentifier } from './identifier';
import { addFirstPartyCaveat, parseMacaroon, serializeMacaroon, verifyMacaroon } from './macaroon';
import { issueToken } from './token';

type LibMacaroon = {
  caveats: { identifier: Uint8Array }[];
  identifier: Uint8Array;
  signature: Uint8Array;
  addFirstPartyCaveat(caveat: string | Uint8Array): void;
  exportBinary(): Uint8Array;
  verify(rootKey: Uint8Array, check: (condition: string) => string | null): void;
};
const lib = macaroonLib as unknown as {
  importMacaroon(binary: Uint8Array): LibMacaroon;
  newMacaroon(input: { identifier: Uint8Array; location: string; rootKey: Uint8Array; version: number }): LibMacaroon;
};

const allowAll = () => null;
// A copy with its own ArrayBuffer: js-macaroon reads `.buffer` of what it is given, and a small Node Buffer is a
// view into a shared pool.
const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('js-macaroon interop', () => {
  it('verifies the tokens we issue, caveats and signature included, and refuses them under another key', () => {
    const rootKey = randomBytes(32);
    const paymentHash = randomBytes(32).toString('hex');
    const { macaroon, tokenId } = issueToken({ rootKey, paymentHash, caveats: { endpoint: CREATE_JOB_ENDPOINT, maxJudgments: 18, expiresAt: new Date('2030-01-01T00:00:00Z') } });

    const imported = lib.importMacaroon(bytesOf(macaroon));
    expect(imported.caveats.map((caveat) => text(caveat.identifier))).toEqual([`endpoint=${CREATE_JOB_ENDPOINT}`, 'max_judgments=18', 'expires_at=1893456000']);
    const identifier = decodeIdentifier(Buffer.from(imported.identifier));
    expect(identifier.ok && identifier.identifier.paymentHash.toString('hex')).toBe(paymentHash);
    expect(identifier.ok && identifier.identifier.tokenId.toString('hex')).toBe(tokenId);
    const seen: string[] = [];
    imported.verify(rootKey, (condition) => (seen.push(condition), null));
    expect(seen).toHaveLength(3);
    expect(() => imported.verify(randomBytes(32), allowAll)).toThrow(/signature mismatch/);
  });

  it('a caveat js-macaroon appends to our token extends the same signature chain ours computes', () => {
    const rootKey = randomBytes(32);
    const { macaroon } = issueToken({ rootKey, paymentHash: randomBytes(32).toString('hex'), caveats: { endpoint: CREATE_JOB_ENDPOINT, maxJudgments: 18, expiresAt: new Date(Date.now() + 3600_000) } });
    const theirs = lib.importMacaroon(bytesOf(macaroon));
    theirs.addFirstPartyCaveat('max_judgments=6');
    const parsed = parseMacaroon(macaroon);
    if (!parsed.ok) throw new Error(parsed.error);
    const ours = addFirstPartyCaveat(parsed.macaroon, 'max_judgments=6');
    expect(Buffer.from(theirs.signature)).toEqual(ours.signature);
    expect(() => theirs.verify(rootKey, (condition) => (condition === 'max_judgments=6' ? 'too many' : null))).toThrow(/too many/);
    expect(verifyMacaroon(ours, rootKey, (caveat) => (caveat === 'max_judgments=6' ? 'too many' : true))).toMatchObject({ ok: false, verdict: 'too many' });
    // Not exported here: js-macaroon 3.0.4's ByteBuffer._grow compares against an undefined `_capacity`, so the
    // buffer doubles on every append and a v2 export with four caveats asks for a 6.7 GB array (RangeError).
  });

  it('we verify a macaroon js-macaroon mints, and it verifies what we append to it', () => {
    const rootKey = randomBytes(32);
    const minted = lib.newMacaroon({ identifier: randomBytes(66), location: '', rootKey, version: 2 });
    minted.addFirstPartyCaveat('endpoint=POST /x');
    const ours = parseMacaroon(Buffer.from(minted.exportBinary()).toString('base64'));
    if (!ours.ok) throw new Error(ours.error);
    expect(Buffer.from(ours.macaroon.signature)).toEqual(Buffer.from(minted.signature));
    expect(verifyMacaroon(ours.macaroon, rootKey, () => true)).toEqual({ ok: true });

    const narrowed = addFirstPartyCaveat(ours.macaroon, 'max_judgments=1');
    const again = lib.importMacaroon(bytesOf(serializeMacaroon(narrowed)));
    expect(() => again.verify(rootKey, allowAll)).not.toThrow();
    expect(() => again.verify(rootKey, (condition) => (condition === 'max_judgments=1' ? 'refused' : null))).toThrow(/refused/);
  });
});
