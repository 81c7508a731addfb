import 'server-only';
// What the agent route handlers call: issue a token bound to an invoice's payment hash, and verify the
// `Authorization` header of a retried request. Pure: storing used token ids (single use for job creation) and
// looking up invoices stay with the caller.
import { createHash, timingSafeEqual } from 'node:crypto';

import { checkTokenCaveat, formatTokenCaveats, readEffectiveCaveats, type TokenCaveats } from './caveats';
import { parseL402Authorization } from './header';
import { decodeIdentifier, encodeIdentifier, generateTokenId } from './identifier';
import { addFirstPartyCaveat, mintMacaroon, parseMacaroon, serializeMacaroon, verifyMacaroon } from './macaroon';

export type { TokenCaveats } from './caveats';

export type IssuedToken = {
  /** Standard base64 of the v2 binary macaroon, ready for formatL402Challenge. */
  macaroon: string;
  /** Lowercase hex, like payment hashes elsewhere in the app. */
  tokenId: string;
};

export type TokenFailureReason =
  | 'malformed'
  | 'bad_signature'
  | 'wrong_preimage'
  | 'expired'
  | 'caveat_exceeded'
  | 'wrong_endpoint'
  | 'unknown_caveat';

export type TokenVerification =
  | { ok: true; paymentHash: string; tokenId: string; caveats: TokenCaveats }
  | { ok: false; reason: TokenFailureReason };

const PAYMENT_HASH_HEX = /^[0-9a-f]{64}$/;

export function issueToken(input: { rootKey: Buffer; paymentHash: string; caveats: TokenCaveats }): IssuedToken {
  if (!PAYMENT_HASH_HEX.test(input.paymentHash)) throw new RangeError('paymentHash must be 64 lowercase hex digits');
  const tokenId = generateTokenId();
  const identifier = encodeIdentifier({ paymentHash: Buffer.from(input.paymentHash, 'hex'), tokenId });
  // No location: it is not covered by the signature, so it would be the one part a holder could edit unnoticed.
  const macaroon = formatTokenCaveats(input.caveats).reduce(
    addFirstPartyCaveat,
    mintMacaroon({ rootKey: input.rootKey, identifier }),
  );
  return { macaroon: serializeMacaroon(macaroon), tokenId: tokenId.toString('hex') };
}

/**
 * Order of checks: the header and macaroon must parse, the signature chain must be ours, every caveat must allow
 * this request, and only then is the preimage compared. A token whose caveats already fail (say it expired before
 * it was paid) is reported by caveat, which tells the caller to answer with a fresh 402 challenge.
 */
export function verifyToken(input: {
  rootKey: Buffer;
  authorizationHeader: string | null | undefined;
  now: Date;
  expected: { endpoint: string; judgments: number };
}): TokenVerification {
  const header = parseL402Authorization(input.authorizationHeader);
  if (!header.ok) return fail('malformed');
  const parsed = parseMacaroon(header.credentials.macaroon);
  if (!parsed.ok) return fail('malformed');
  const { macaroon } = parsed;
  const decoded = decodeIdentifier(macaroon.identifier);
  if (!decoded.ok) return fail('malformed');

  const context = { now: input.now, ...input.expected };
  const verification = verifyMacaroon(macaroon, input.rootKey, (caveat) => checkTokenCaveat(caveat, context));
  if (!verification.ok) {
    if (verification.reason === 'bad_signature') return fail('bad_signature');
    return fail(verification.verdict ?? 'unknown_caveat');
  }
  const caveats = readEffectiveCaveats(macaroon.caveats);
  if (!caveats) return fail('malformed');

  const { paymentHash, tokenId } = decoded.identifier;
  const preimageHash = createHash('sha256').update(header.credentials.preimage).digest();
  if (!timingSafeEqual(preimageHash, paymentHash)) return fail('wrong_preimage');

  return { ok: true, paymentHash: paymentHash.toString('hex'), tokenId: tokenId.toString('hex'), caveats };
}

function fail(reason: TokenFailureReason): TokenVerification {
  return { ok: false, reason };
}
