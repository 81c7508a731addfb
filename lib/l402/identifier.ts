import 'server-only';
// The L402 token identifier, byte for byte as Lightning Labs' aperture writes it (lsat/identifier.go):
//   version (uint16 big-endian, 0) || payment hash (32 bytes) || token id (32 random bytes)
// It is the macaroon's identifier, so the signature chain binds the token to the invoice it was issued for.
import { randomBytes } from 'node:crypto';

export const L402_IDENTIFIER_VERSION = 0;
export const L402_IDENTIFIER_LENGTH = 2 + 32 + 32;

export type L402Identifier = { paymentHash: Buffer; tokenId: Buffer };

export type IdentifierDecodeResult =
  | { ok: true; identifier: L402Identifier }
  | { ok: false; error: 'bad_length' | 'unknown_version' };

/** 32 random bytes: two tokens for the same invoice still get distinct ids (and so distinct signatures). */
export function generateTokenId(): Buffer {
  return randomBytes(32);
}

/** Inputs are our own values, so a wrong length is a programming error and throws. */
export function encodeIdentifier(identifier: L402Identifier): Buffer {
  if (identifier.paymentHash.length !== 32) throw new RangeError('A payment hash is 32 bytes');
  if (identifier.tokenId.length !== 32) throw new RangeError('A token id is 32 bytes');
  const version = Buffer.alloc(2);
  version.writeUInt16BE(L402_IDENTIFIER_VERSION);
  return Buffer.concat([version, identifier.paymentHash, identifier.tokenId]);
}

/** Decodes an identifier read from a client's macaroon. Never throws. */
export function decodeIdentifier(bytes: Buffer): IdentifierDecodeResult {
  // aperture reads a version and then exactly the fields that version defines; we also refuse extra bytes.
  if (bytes.length < 2) return { ok: false, error: 'bad_length' };
  if (bytes.readUInt16BE(0) !== L402_IDENTIFIER_VERSION) return { ok: false, error: 'unknown_version' };
  if (bytes.length !== L402_IDENTIFIER_LENGTH) return { ok: false, error: 'bad_length' };
  return {
    ok: true,
    identifier: { paymentHash: Buffer.from(bytes.subarray(2, 34)), tokenId: Buffer.from(bytes.subarray(34, 66)) },
  };
}
