import 'server-only';
// The two L402 headers (bLIP-0026, as aperture speaks it):
//   challenge      WWW-Authenticate: L402 macaroon="<base64>", invoice="<bolt11>"
//   credentials    Authorization: L402 <base64 macaroon>:<preimage hex>
// LSAT is the protocol's old name; clients built before the rename still send it, so we accept it on input and
// never write it. Parsing returns typed errors and never throws: the header comes from anyone on the internet.
import { z } from 'zod';

import { MAX_SERIALIZED_MACAROON_LENGTH } from './macaroon';

export type AuthorizationScheme = 'L402' | 'LSAT';

export type L402Credentials = { scheme: AuthorizationScheme; macaroon: string; preimage: Buffer };

export type AuthorizationParseError =
  | 'missing'
  | 'too_long'
  | 'wrong_scheme'
  | 'malformed'
  | 'bad_macaroon'
  | 'bad_preimage';

export type AuthorizationParseResult =
  | { ok: true; credentials: L402Credentials }
  | { ok: false; error: AuthorizationParseError };

// Scheme, a few spaces, the largest macaroon we accept, ':' and 64 hex digits. Anything longer is refused before
// any regex runs over it.
export const MAX_AUTHORIZATION_LENGTH = 16 + MAX_SERIALIZED_MACAROON_LENGTH + 1 + 64;

// Standard or URL-safe base64; the macaroon parser decides which and checks that it is canonical.
const macaroonTextSchema = z
  .string()
  .min(1)
  .max(MAX_SERIALIZED_MACAROON_LENGTH)
  .regex(/^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/);
const preimageHexSchema = z.string().regex(/^[0-9a-fA-F]{64}$/);
const bolt11Schema = z.string().regex(/^ln[a-z0-9]+$/i);
// One token: no second macaroon after a comma, no spaces, exactly one ':' between macaroon and preimage.
const CREDENTIALS = /^([^\s,:]+):([^\s,:]+)$/;

export function parseL402Authorization(header: string | null | undefined): AuthorizationParseResult {
  if (header === null || header === undefined || header.trim() === '') return { ok: false, error: 'missing' };
  if (header.length > MAX_AUTHORIZATION_LENGTH) return { ok: false, error: 'too_long' };

  const [scheme, ...rest] = header.trim().split(/ +/);
  // RFC 9110 §11.1: auth-scheme names are case-insensitive.
  const normalizedScheme = scheme.toUpperCase();
  if (normalizedScheme !== 'L402' && normalizedScheme !== 'LSAT') return { ok: false, error: 'wrong_scheme' };
  if (rest.length !== 1) return { ok: false, error: 'malformed' };

  const parts = CREDENTIALS.exec(rest[0]);
  if (!parts) return { ok: false, error: 'malformed' };
  const [, macaroonText, preimageText] = parts;
  if (!macaroonTextSchema.safeParse(macaroonText).success) return { ok: false, error: 'bad_macaroon' };
  if (!preimageHexSchema.safeParse(preimageText).success) return { ok: false, error: 'bad_preimage' };

  return {
    ok: true,
    credentials: { scheme: normalizedScheme, macaroon: macaroonText, preimage: Buffer.from(preimageText, 'hex') },
  };
}

/**
 * The `WWW-Authenticate` value for a 402. Both inputs are ours, so a value that could break out of its quotes
 * (header injection) is a programming error and throws.
 */
export function formatL402Challenge(challenge: { macaroon: string; invoice: string }): string {
  if (!macaroonTextSchema.safeParse(challenge.macaroon).success) throw new RangeError('Macaroon is not base64');
  if (!bolt11Schema.safeParse(challenge.invoice).success) throw new RangeError('Invoice is not a BOLT11 string');
  return `L402 macaroon="${challenge.macaroon}", invoice="${challenge.invoice}"`;
}

/** The `Authorization` value a client sends after paying; used by our agent client and tests. */
export function formatL402Authorization(credentials: { macaroon: string; preimage: Buffer }): string {
  if (!macaroonTextSchema.safeParse(credentials.macaroon).success) throw new RangeError('Macaroon is not base64');
  if (credentials.preimage.length !== 32) throw new RangeError('A preimage is 32 bytes');
  return `L402 ${credentials.macaroon}:${credentials.preimage.toString('hex')}`;
}
