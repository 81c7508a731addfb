import { describe, expect, it } from 'vitest';

import { decodeIdentifier, encodeIdentifier, generateTokenId, L402_IDENTIFIER_LENGTH } from './identifier';

const PAYMENT_HASH = Buffer.alloc(32, 0xab);
const TOKEN_ID = Buffer.alloc(32, 0xcd);

describe('L402 identifier', () => {
  it('lays out version 0 big-endian, then payment hash, then token id (aperture layout)', () => {
    const bytes = encodeIdentifier({ paymentHash: PAYMENT_HASH, tokenId: TOKEN_ID });
    expect(bytes).toHaveLength(66);
    expect(bytes.toString('hex')).toBe(`0000${'ab'.repeat(32)}${'cd'.repeat(32)}`);
  });

  it('round-trips', () => {
    const bytes = encodeIdentifier({ paymentHash: PAYMENT_HASH, tokenId: TOKEN_ID });
    expect(decodeIdentifier(bytes)).toEqual({ ok: true, identifier: { paymentHash: PAYMENT_HASH, tokenId: TOKEN_ID } });
  });

  it.each([0, 1, 2, 65, 67, 200])('rejects %i bytes', (length) => {
    expect(decodeIdentifier(Buffer.alloc(length))).toEqual({ ok: false, error: 'bad_length' });
  });

  it('rejects versions other than 0, even at the right length', () => {
    const bytes = Buffer.alloc(L402_IDENTIFIER_LENGTH);
    bytes.writeUInt16BE(1);
    expect(decodeIdentifier(bytes)).toEqual({ ok: false, error: 'unknown_version' });
  });

  it('refuses to encode wrong-length fields', () => {
    expect(() => encodeIdentifier({ paymentHash: Buffer.alloc(31), tokenId: TOKEN_ID })).toThrow(RangeError);
    expect(() => encodeIdentifier({ paymentHash: PAYMENT_HASH, tokenId: Buffer.alloc(33) })).toThrow(RangeError);
  });

  it('generates distinct 32-byte token ids', () => {
    const first = generateTokenId();
    expect(first).toHaveLength(32);
    expect(first.equals(generateTokenId())).toBe(false);
  });
});
