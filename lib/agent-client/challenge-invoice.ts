// Decodes the BOLT #11 invoice of a 402 challenge with the `bolt11` package (which also verifies its signature).
// The app's own decoder (lib/lightning/invoice.ts) is stricter but imports app modules through the `@/` alias, so
// an agent's process could not load it; the one `bolt11` gap that matters here is closed below.
import { decode } from 'bolt11';

export type ChallengeInvoice = {
  bolt11: string;
  /** Null when the invoice leaves the amount to the payer. */
  amountMsats: bigint | null;
  /** Lowercase hex. */
  paymentHash: string;
  expiresAt: Date;
};

// BOLT #11: a missing `x` field means one hour.
const DEFAULT_EXPIRY_SECONDS = 3600;
const PAYMENT_HASH_HEX = /^[0-9a-f]{64}$/;
// `bolt11` guesses mainnet, testnet and regtest from the prefix but not signet.
const SIGNET = { bech32: 'tbs', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] };

/** Null for anything `bolt11` refuses (bad checksum, bad signature, unknown network) or without one payment hash. */
export function decodeChallengeInvoice(bolt11: string): ChallengeInvoice | null {
  let decoded: ReturnType<typeof decode>;
  try {
    decoded = decode(bolt11, /^lntbs/i.test(bolt11) ? SIGNET : undefined);
  } catch {
    return null;
  }
  // `bolt11` keeps `p` fields of the wrong length (a reader must skip them) and lets the last duplicate win. Only
  // well-formed hashes count, and there must be exactly one: otherwise our check and the wallet's could read
  // different hashes from the same invoice.
  const paymentHashes = decoded.tags
    .filter((tag) => tag.tagName === 'payment_hash')
    .map((tag) => tag.data)
    .filter((data): data is string => typeof data === 'string' && PAYMENT_HASH_HEX.test(data));
  if (paymentHashes.length !== 1 || decoded.timestamp === undefined) return null;

  const expiries = decoded.tags
    .filter((tag) => tag.tagName === 'expire_time')
    .map((tag) => tag.data)
    .filter((data): data is number => typeof data === 'number');
  // With duplicates, the earliest expiry: refusing a still-valid invoice is cheaper than paying an expired one.
  const expirySeconds = expiries.length > 0 ? Math.min(...expiries) : DEFAULT_EXPIRY_SECONDS;
  const millisatoshis = decoded.millisatoshis;
  return {
    bolt11,
    amountMsats: millisatoshis === null || millisatoshis === undefined ? null : BigInt(millisatoshis),
    paymentHash: paymentHashes[0],
    expiresAt: new Date((decoded.timestamp + expirySeconds) * 1000),
  };
}
