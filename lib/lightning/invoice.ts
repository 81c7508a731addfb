// BOLT #11 invoices: a strict decoder and the checks an LNURL-withdraw callback's `pr` must pass before we pay it
// (docs: /reference/lnurl.md "Checks on the callback"). Pure and isomorphic: no Node APIs, env or database.
//
// Decoded here rather than with the `bolt11` package: it does not skip fields of the wrong length (so it reads
// the wrong payment hash from the spec's "fields which must be ignored" vector and rejects it), accepts unknown
// even feature bits and invoices without `s`, and needs Node's Buffer. `bolt11` stays the independent encoder
// that the tests and the simulated node sign with.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { formatSats } from '@/lib/ledger/money';
import type { LightningNetwork } from './backend';

/** No spec limit; real invoices stay well under 1,000 chars even with route hints. Bounds CPU and storage. */
export const MAX_INVOICE_LENGTH = 2048;
/** BOLT #11: a missing `x` field means one hour. */
export const DEFAULT_EXPIRY_SECONDS = 3600;
const DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA = 18;
// Even (required) feature bits we can honour when paying: var_onion_optin, payment_secret, basic_mpp,
// option_payment_metadata. A reader must refuse any other even bit (BOLT #11).
const KNOWN_REQUIRED_FEATURES = new Set([8, 14, 16, 48]);
const MSATS_PER_BTC = 100_000_000_000n;
const MAX_MSATS = 21_000_000n * MSATS_PER_BTC;
const MULTIPLIER_MSATS: Record<string, bigint> = { '': MSATS_PER_BTC, m: 100_000_000n, u: 100_000n, n: 100n };
const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const SIGNATURE_WORDS = 104;
const PREFIX_NETWORK: Record<string, LightningNetwork> = { bcrt: 'regtest', bc: 'mainnet', tbs: 'signet', tb: 'testnet' };
export const NETWORK_PREFIX = { regtest: 'lnbcrt', mainnet: 'lnbc', signet: 'lntbs', testnet: 'lntb' } as const;

export type DecodedInvoice = {
  /** Lowercase, exactly as signed. */
  bolt11: string;
  network: LightningNetwork;
  amountMsats: bigint | null;
  /** Unix seconds. */
  timestamp: number;
  expirySeconds: number;
  /** Unix seconds: timestamp + expirySeconds. */
  expiresAt: number;
  paymentHash: string;
  paymentSecret: string;
  description: string | null;
  descriptionHash: string | null;
  /** From the `n` field when present, otherwise recovered from the signature. */
  payeePubkey: string;
  minFinalCltvExpiryDelta: number;
  featureBits: number[];
};

/** A malformed or unpayable invoice. The message is a sentence safe to show to a wallet. */
export class InvoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvoiceError';
  }
}

// Verifying the signature costs ~2 ms of CPU (the payee's key is recovered from it). A payout decodes its invoice
// two or three times within moments (the callback's checks, then the node or the reconciler): the last few hundred
// results are kept, keyed by the exact text. A pure function's memo: nothing in it can go stale.
const recentlyDecoded = new Map<string, DecodedInvoice>();
const RECENTLY_DECODED_MAX = 256;

/** Decodes and verifies a BOLT #11 invoice (either case). Throws InvoiceError on anything a reader must refuse. */
export function decodeInvoice(bolt11: string): DecodedInvoice {
  const known = recentlyDecoded.get(bolt11);
  if (known) return known;
  const decoded = decodeAndVerify(bolt11);
  Object.freeze(decoded.featureBits);
  recentlyDecoded.set(bolt11, Object.freeze(decoded));
  if (recentlyDecoded.size > RECENTLY_DECODED_MAX) recentlyDecoded.delete(recentlyDecoded.keys().next().value!);
  return decoded;
}

function decodeAndVerify(bolt11: string): DecodedInvoice {
  if (bolt11.length > MAX_INVOICE_LENGTH) throw new InvoiceError('The invoice is too long.');
  const { hrp, words } = decodeBech32(bolt11);
  const { network, amountMsats } = parseHrp(hrp);
  if (words.length < 7 + SIGNATURE_WORDS) throw new InvoiceError('The invoice is too short to be valid.');
  const dataWords = words.slice(0, -SIGNATURE_WORDS);
  const fields = readTaggedFields(dataWords.slice(7));
  if (!fields.paymentHash) throw new InvoiceError('The invoice has no payment hash.');
  if (!fields.paymentSecret) throw new InvoiceError('The invoice has no payment secret, which every payment needs.');
  const unknownFeature = fields.featureBits.find((bit) => bit % 2 === 0 && !KNOWN_REQUIRED_FEATURES.has(bit));
  if (unknownFeature !== undefined) {
    throw new InvoiceError(`The invoice requires feature ${unknownFeature}, which we do not support.`);
  }
  const message = sha256(concatBytes(new TextEncoder().encode(hrp), wordsToBytes(dataWords, true)));
  const payeePubkey = verifySignature(wordsToBytes(words.slice(-SIGNATURE_WORDS), false), message, fields.payee);
  const timestamp = readUint(dataWords.slice(0, 7));
  const expirySeconds = fields.expirySeconds ?? DEFAULT_EXPIRY_SECONDS;
  return {
    bolt11: bolt11.toLowerCase(),
    network,
    amountMsats,
    timestamp,
    expirySeconds,
    expiresAt: timestamp + expirySeconds,
    paymentHash: fields.paymentHash,
    paymentSecret: fields.paymentSecret,
    description: fields.description,
    descriptionHash: fields.descriptionHash,
    payeePubkey,
    minFinalCltvExpiryDelta: fields.minFinalCltvExpiryDelta ?? DEFAULT_MIN_FINAL_CLTV_EXPIRY_DELTA,
    featureBits: fields.featureBits,
  };
}

export type PayoutInvoiceRules = {
  /** The paying node's network (from getInfo). */
  network: LightningNetwork;
  minMsats: bigint;
  maxMsats: bigint;
  /** The invoice must stay payable at least this long (default 60 s): paying takes a while. */
  minSecondsLeft?: number;
  /** How far ahead of our clock the invoice's timestamp may be (default 60 s). */
  maxClockSkewSeconds?: number;
  /** Refuse invoices payable to any other node (e.g. a known wallet node in tests). */
  expectedPayee?: string;
  now?: Date;
};

export type PayoutInvoice = DecodedInvoice & { amountMsats: bigint };
export type PayoutInvoiceCheck = { ok: true; invoice: PayoutInvoice } | { ok: false; reason: string };

/** Every check a withdraw callback's `pr` needs before it is paid. Reasons go back to the wallet as they are. */
export function checkPayoutInvoice(bolt11: string, rules: PayoutInvoiceRules): PayoutInvoiceCheck {
  const refuse = (reason: string): PayoutInvoiceCheck => ({ ok: false, reason });
  const text = bolt11.trim();
  if (text === '') return refuse('No invoice was sent.');
  if (text.length > MAX_INVOICE_LENGTH) {
    return refuse(`The invoice is too long (at most ${MAX_INVOICE_LENGTH.toLocaleString('en-US')} characters).`);
  }
  // One invoice, nothing around it: a list ("a,b" or "a b") or a `lightning:` URI is not an invoice.
  if (!/^[a-z0-9]+$/i.test(text)) return refuse('Send exactly one BOLT11 invoice, with nothing around it.');
  let invoice: DecodedInvoice;
  try {
    invoice = decodeInvoice(text);
  } catch (error) {
    if (error instanceof InvoiceError) return refuse(error.message);
    throw error;
  }
  const [theirs, ours] = [invoice.network, rules.network].map((network) => `${network} (${NETWORK_PREFIX[network]})`);
  if (invoice.network !== rules.network) return refuse(`The invoice is for ${theirs} but we pay on ${ours}.`);
  const amount = invoice.amountMsats;
  const [asked, min, max] = [amount ?? 0n, rules.minMsats, rules.maxMsats].map(describeMsats);
  if (amount === null) return refuse('The invoice has no amount: create one for a specific amount.');
  if (amount < rules.minMsats) return refuse(`Invoice is for ${asked} but this link needs at least ${min}.`);
  if (amount > rules.maxMsats) return refuse(`Invoice is for ${asked} but this link allows at most ${max}.`);
  if (amount <= 0n) return refuse('The invoice must ask for more than 0 sats.');
  const now = Math.floor((rules.now ?? new Date()).getTime() / 1000);
  if (invoice.timestamp > now + (rules.maxClockSkewSeconds ?? 60)) {
    return refuse('The invoice is dated in the future: check the clock of your wallet.');
  }
  const secondsLeft = invoice.expiresAt - now;
  const minSecondsLeft = rules.minSecondsLeft ?? 60;
  if (secondsLeft <= 0) return refuse('The invoice has expired: create a new one.');
  if (secondsLeft < minSecondsLeft) {
    return refuse(`The invoice expires in ${secondsLeft} s: send one valid for at least ${minSecondsLeft} s.`);
  }
  if (rules.expectedPayee && invoice.payeePubkey !== rules.expectedPayee.toLowerCase()) {
    return refuse('The invoice is not payable to the expected node.');
  }
  return { ok: true, invoice: { ...invoice, amountMsats: amount } };
}

/** "1,500 sats", or "1,500.5 sats" when the amount is not whole: a floored figure would hide the mismatch. */
export function describeMsats(msats: bigint): string {
  const fraction = msats % 1000n;
  if (fraction === 0n) return formatSats(msats);
  const digits = fraction.toString().padStart(3, '0').replace(/0+$/, '');
  return `${(msats / 1000n).toLocaleString('en-US')}.${digits} sats`;
}

function decodeBech32(input: string): { hrp: string; words: number[] } {
  const notBech32 = new InvoiceError('This is not a valid BOLT11 invoice.');
  if (input !== input.toLowerCase() && input !== input.toUpperCase()) {
    throw new InvoiceError('The invoice mixes upper and lower case letters.');
  }
  const lower = input.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || lower.length - separator - 1 < 6) throw notBech32;
  const hrp = lower.slice(0, separator);
  const words: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const word = BECH32_CHARSET.indexOf(char);
    if (word === -1) throw notBech32;
    words.push(word);
  }
  if (polymod([...expandHrp(hrp), ...words]) !== 1) {
    throw new InvoiceError('The invoice checksum is wrong: it was mistyped or cut off.');
  }
  return { hrp, words: words.slice(0, -6) };
}

function parseHrp(hrp: string): { network: LightningNetwork; amountMsats: bigint | null } {
  const match = /^ln(bcrt|bc|tbs|tb)(.*)$/.exec(hrp);
  if (!match) throw new InvoiceError('This is not a Lightning invoice for a Bitcoin network we know.');
  const network = PREFIX_NETWORK[match[1]];
  if (match[2] === '') return { network, amountMsats: null };
  const amount = /^(\d+)([munp]?)$/.exec(match[2]);
  if (!amount) throw new InvoiceError('The invoice amount is malformed.');
  const [, digits, multiplier] = amount;
  const value = BigInt(digits);
  if (multiplier === 'p' && value % 10n !== 0n) {
    throw new InvoiceError('The invoice amount has a fraction of a millisatoshi.');
  }
  const msats = multiplier === 'p' ? value / 10n : value * MULTIPLIER_MSATS[multiplier];
  if (msats > MAX_MSATS) throw new InvoiceError('The invoice amount is larger than all bitcoin.');
  return { network, amountMsats: msats };
}

type TaggedFields = Pick<DecodedInvoice, 'description' | 'descriptionHash' | 'featureBits'> &
  Partial<Pick<DecodedInvoice, 'paymentHash' | 'paymentSecret' | 'expirySeconds' | 'minFinalCltvExpiryDelta'>> & {
    payee?: Uint8Array;
  };

// BOLT #11: a reader skips p, h, s and n fields whose length is wrong, and unknown fields; the first valid wins.
function readTaggedFields(words: number[]): TaggedFields {
  const fields: TaggedFields = { description: null, descriptionHash: null, featureBits: [] };
  const seen = new Set<number>();
  for (let index = 0; index < words.length; ) {
    if (index + 3 > words.length) throw new InvoiceError('The invoice has a truncated field.');
    const type = words[index];
    const length = words[index + 1] * 32 + words[index + 2];
    const data = words.slice(index + 3, index + 3 + length);
    if (data.length !== length) throw new InvoiceError('The invoice has a truncated field.');
    index += 3 + length;
    const hex32 = length === 52 ? bytesToHex(wordsToBytes(data, false)) : undefined;
    if (seen.has(type)) continue;
    if (type === 1 && hex32) fields.paymentHash = hex32;
    else if (type === 16 && hex32) fields.paymentSecret = hex32;
    else if (type === 23 && hex32) fields.descriptionHash = hex32;
    else if (type === 19 && length === 53) fields.payee = wordsToBytes(data, false);
    else if (type === 13) fields.description = decodeUtf8(data);
    else if (type === 6) fields.expirySeconds = readUint(data);
    else if (type === 24) fields.minFinalCltvExpiryDelta = readUint(data);
    else if (type === 5) fields.featureBits = readFeatureBits(data);
    else continue;
    seen.add(type);
  }
  return fields;
}

function verifySignature(signature: Uint8Array, message: Uint8Array, payee: Uint8Array | undefined): string {
  const invalid = new InvoiceError('The invoice signature is not valid.');
  const compact = signature.slice(0, 64);
  const recovery = signature[64];
  if (recovery > 3) throw invalid;
  try {
    // With `n` the signature must verify against it, low-S only (as libsecp256k1 does); without, recover the key.
    if (payee) {
      if (!secp256k1.verify(compact, message, payee, { prehash: false, lowS: true })) throw invalid;
      return bytesToHex(payee);
    }
    const parsed = secp256k1.Signature.fromBytes(compact, 'compact').addRecoveryBit(recovery);
    return bytesToHex(parsed.recoverPublicKey(message).toBytes(true));
  } catch {
    throw invalid;
  }
}

function readFeatureBits(words: number[]): number[] {
  const bits: number[] = [];
  for (let bit = 0; bit < words.length * 5; bit++) {
    if ((words[words.length - 1 - Math.floor(bit / 5)] >> bit % 5) & 1) bits.push(bit);
  }
  return bits;
}

/** Big-endian unsigned integer from 5-bit words, capped at MAX_SAFE_INTEGER (an absurd expiry stays absurd). */
function readUint(words: number[]): number {
  const value = words.reduce((total, word) => total * 32n + BigInt(word), 0n);
  return Number(value > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : value);
}

/** 5-bit words to bytes. `pad` keeps a final partial byte (the signed message); otherwise it is dropped. */
function wordsToBytes(words: number[], pad: boolean): Uint8Array {
  const bytes: number[] = [];
  let accumulator = 0;
  let bits = 0;
  for (const word of words) {
    accumulator = ((accumulator << 5) | word) & 0xfff;
    bits += 5;
    if (bits >= 8) bytes.push((accumulator >> (bits -= 8)) & 0xff);
  }
  if (pad && bits > 0) bytes.push((accumulator << (8 - bits)) & 0xff);
  return Uint8Array.from(bytes);
}

function decodeUtf8(words: number[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(wordsToBytes(words, false));
  } catch {
    throw new InvoiceError('The invoice description is not valid UTF-8.');
  }
}

// bech32 (BIP-173) checksum; lnurl/codec.ts has its own copy, private to that module.
function polymod(values: number[]): number {
  const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    generator.forEach((g, bit) => (checksum ^= (top >>> bit) & 1 ? g : 0));
  }
  return checksum >>> 0;
}

function expandHrp(hrp: string): number[] {
  const codes = [...hrp].map((char) => char.charCodeAt(0));
  return [...codes.map((code) => code >> 5), 0, ...codes.map((code) => code & 31)];
}
