// LUD-04 (LNURL-auth) building blocks. Pure and isomorphic: storing and consuming k1s is the caller's job.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToHex, hexToBytes, randomBytes } from "@noble/hashes/utils.js";
import { z } from "zod";

export const LOGIN_ACTIONS = ["register", "login", "link", "auth"] as const;
export type LoginAction = (typeof LOGIN_ACTIONS)[number];

const K1_PATTERN = /^[0-9a-f]{64}$/i;
const KEY_PATTERN = /^0[23][0-9a-f]{64}$/i;
// A DER ECDSA signature over secp256k1 is 8..72 bytes; anything longer is not worth parsing.
const SIG_PATTERN = /^(?:[0-9a-f]{2}){8,72}$/i;

/** The wallet's callback query: the login URL's own parameters plus `sig` and `key` (LUD-04 step 3). */
export const lnurlAuthCallbackSchema = z.object({
  tag: z.literal("login"),
  // Lowercased so that a k1 looked up by value (or by hash) matches whatever case the wallet echoed.
  k1: z.string().regex(K1_PATTERN).toLowerCase(),
  sig: z.string().regex(SIG_PATTERN).toLowerCase(),
  key: z.string().regex(KEY_PATTERN).toLowerCase(),
  action: z.enum(LOGIN_ACTIONS).optional(),
});
export type LnurlAuthCallback = z.infer<typeof lnurlAuthCallbackSchema>;

/** A fresh LUD-04 challenge: 32 random bytes, hex. */
export function createAuthK1(): string {
  return bytesToHex(randomBytes(32));
}

/** The URL to bech32-encode into the login QR: `baseUrl?tag=login&k1=...[&action=...]`. */
export function buildLoginUrl(baseUrl: string | URL, k1: string, action?: LoginAction): string {
  if (!K1_PATTERN.test(k1)) throw new TypeError("k1 must be 32 bytes of hex");
  const url = new URL(baseUrl);
  url.searchParams.set("tag", "login");
  url.searchParams.set("k1", k1.toLowerCase());
  if (action) url.searchParams.set("action", action);
  return url.href;
}

/**
 * Checks a wallet's LUD-04 signature: DER ECDSA over the raw 32 k1 bytes (no prehash) by a compressed
 * secp256k1 key. Returns false, never throws, on malformed input. High-S signatures are refused, as
 * libsecp256k1 (and so lnurl-node's verifyAuthorizationSignature) refuses them.
 */
export function verifyAuthSignature({ k1, sig, key }: { k1: string; sig: string; key: string }): boolean {
  // The length checks matter: noble truncates a longer message to 32 bytes instead of refusing it.
  if (!K1_PATTERN.test(k1) || !SIG_PATTERN.test(sig) || !KEY_PATTERN.test(key)) return false;
  try {
    return secp256k1.verify(hexToBytes(sig), hexToBytes(k1), hexToBytes(key), {
      prehash: false,
      format: "der",
      lowS: true,
    });
  } catch {
    return false;
  }
}
