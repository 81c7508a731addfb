import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { encodeIdentifier, generateTokenId } from '@/lib/l402/identifier';
import { mintMacaroon, serializeMacaroon } from '@/lib/l402/macaroon';
import { issueToken } from '@/lib/l402/token';

import { readMacaroonPaymentHash } from './macaroon-payment-hash';

const ROOT_KEY = Buffer.alloc(32, 7);
const PAYMENT_HASH = createHash('sha256').update('preimage').digest('hex');

describe('readMacaroonPaymentHash', () => {
  it('reads the hash from a token the server core issues', () => {
    const caveats = { endpoint: 'POST /api/agent/v1/jobs', maxJudgments: 3, expiresAt: new Date('2030-01-01') };
    const { macaroon } = issueToken({ rootKey: ROOT_KEY, paymentHash: PAYMENT_HASH, caveats });
    expect(readMacaroonPaymentHash(macaroon)).toBe(PAYMENT_HASH);
  });

  it('skips a location field and accepts URL-safe base64', () => {
    const identifier = encodeIdentifier({ paymentHash: Buffer.from(PAYMENT_HASH, 'hex'), tokenId: generateTokenId() });
    const standard = serializeMacaroon(mintMacaroon({ rootKey: ROOT_KEY, identifier, location: 'https://boltwork.example' }));
    const urlSafe = Buffer.from(standard, 'base64').toString('base64url');
    expect(readMacaroonPaymentHash(standard)).toBe(PAYMENT_HASH);
    expect(readMacaroonPaymentHash(urlSafe)).toBe(PAYMENT_HASH);
  });

  it('refuses identifiers that are not L402 version 0', () => {
    const identifier = encodeIdentifier({ paymentHash: Buffer.from(PAYMENT_HASH, 'hex'), tokenId: generateTokenId() });
    identifier.writeUInt16BE(1, 0);
    expect(readMacaroonPaymentHash(serializeMacaroon(mintMacaroon({ rootKey: ROOT_KEY, identifier })))).toBeNull();
    const short = serializeMacaroon(mintMacaroon({ rootKey: ROOT_KEY, identifier: Buffer.from('user-id') }));
    expect(readMacaroonPaymentHash(short)).toBeNull();
  });

  it.each(['', 'not base64!', Buffer.from([1, 2, 3]).toString('base64'), Buffer.from([2, 2, 0x7f]).toString('base64')])(
    'returns null for %j',
    (text) => {
      expect(readMacaroonPaymentHash(text)).toBeNull();
    },
  );
});
