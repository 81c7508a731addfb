import 'server-only';
// Macaroons with first-party caveats only, as in the paper and libmacaroons: the signature is an HMAC-SHA256 chain
// over the identifier and then each caveat, so a holder can append caveats (narrowing the token) but can never
// remove or edit one without the root key. Serialized in the libmacaroons / go-macaroon v2 binary format, which is
// what L402 clients (aperture, lnget, Alby) send, and checked against js-macaroon's published vectors.
import { createHmac, timingSafeEqual } from 'node:crypto';

import { decodeBase64Strict } from './base64';
import { decodeMacaroonBinary, encodeMacaroonBinary, type MacaroonDecodeError } from './macaroon-binary';

export type Macaroon = {
  /** A hint for clients; NOT covered by the signature in any macaroon implementation, so never trust it. */
  readonly location: string | null;
  readonly identifier: Buffer;
  /** First-party caveats in the order they were added. */
  readonly caveats: readonly string[];
  readonly signature: Buffer;
};

/** Text larger than this is refused before decoding: real L402 tokens are a few hundred bytes. */
export const MAX_SERIALIZED_MACAROON_LENGTH = 4096;

// libmacaroons derives the HMAC key from the root key rather than using it directly; matching it keeps our tokens
// verifiable by (and our vectors comparable with) every other implementation.
const KEY_GENERATOR = 'macaroons-key-generator';
const SIGNATURE_LENGTH = 32;

export function mintMacaroon(input: { rootKey: Buffer; identifier: Buffer; location?: string }): Macaroon {
  // The binary format cannot carry an empty identifier canonically (see macaroon-binary.ts).
  if (input.identifier.length === 0) throw new RangeError('A macaroon identifier cannot be empty');
  const derivedKey = hmacSha256(Buffer.from(KEY_GENERATOR), input.rootKey);
  return {
    location: input.location ?? null,
    identifier: Buffer.from(input.identifier),
    caveats: [],
    signature: hmacSha256(derivedKey, input.identifier),
  };
}

/** Returns a new macaroon; the input is left as it was so a shared base token can be narrowed per request. */
export function addFirstPartyCaveat(macaroon: Macaroon, caveat: string): Macaroon {
  if (caveat.length === 0) throw new RangeError('A caveat cannot be empty');
  return {
    ...macaroon,
    caveats: [...macaroon.caveats, caveat],
    signature: hmacSha256(macaroon.signature, Buffer.from(caveat, 'utf8')),
  };
}

/** Standard padded base64 of the v2 binary form, as aperture puts it in `WWW-Authenticate`. */
export function serializeMacaroon(macaroon: Macaroon): string {
  return encodeMacaroonBinary(macaroon).toString('base64');
}

export type MacaroonParseError = 'too_large' | 'bad_base64' | MacaroonDecodeError;
export type MacaroonParseResult = { ok: true; macaroon: Macaroon } | { ok: false; error: MacaroonParseError };

/** Accepts standard or URL-safe base64, padded or not. Never throws on untrusted input. */
export function parseMacaroon(text: string): MacaroonParseResult {
  if (text.length > MAX_SERIALIZED_MACAROON_LENGTH) return { ok: false, error: 'too_large' };
  const bytes = decodeBase64Strict(text);
  if (!bytes) return { ok: false, error: 'bad_base64' };
  return decodeMacaroonBinary(bytes);
}

/**
 * Says whether a caveat holds. Anything but `true` rejects the macaroon, so a checker that falls through on a
 * caveat it does not recognise fails closed. Return a reason to say why.
 */
export type CaveatChecker<Reason> = (caveat: string) => true | Reason;

export type MacaroonVerification<Reason> =
  | { ok: true }
  | { ok: false; reason: 'bad_signature' }
  | { ok: false; reason: 'caveat_rejected'; caveat: string; verdict: Reason | undefined };

/**
 * Recomputes the chain from the root key before looking at any caveat: caveats of a forged macaroon are never
 * evaluated, so a forger learns nothing from which check failed.
 */
export function verifyMacaroon<Reason>(
  macaroon: Macaroon,
  rootKey: Buffer,
  checkCaveat: CaveatChecker<Reason>,
): MacaroonVerification<Reason> {
  if (!hasValidSignature(macaroon, rootKey)) return { ok: false, reason: 'bad_signature' };
  for (const caveat of macaroon.caveats) {
    const verdict = checkCaveat(caveat);
    if (verdict !== true) return { ok: false, reason: 'caveat_rejected', caveat, verdict };
  }
  return { ok: true };
}

export function hasValidSignature(macaroon: Macaroon, rootKey: Buffer): boolean {
  const expected = macaroon.caveats.reduce(
    (signature, caveat) => hmacSha256(signature, Buffer.from(caveat, 'utf8')),
    mintMacaroon({ rootKey, identifier: macaroon.identifier }).signature,
  );
  // timingSafeEqual throws on unequal lengths; a hand-built macaroon could carry any length.
  return macaroon.signature.length === SIGNATURE_LENGTH && timingSafeEqual(expected, macaroon.signature);
}

function hmacSha256(key: Buffer, data: Buffer | string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
