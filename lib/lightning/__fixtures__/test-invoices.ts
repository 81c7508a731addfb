// Test helper: invoices signed with the independent `bolt11` package, with every knob a check needs to fail.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { encode, sign, type TagData } from 'bolt11';
import type { LightningNetwork } from '../backend';
import { BOLT11_NETWORKS } from '../sim-keys';

export const TEST_PRIVATE_KEY = '4242424242424242424242424242424242424242424242424242424242424242';
export const TEST_PUBKEY = bytesToHex(secp256k1.getPublicKey(hexToBytes(TEST_PRIVATE_KEY), true));
export const TEST_PREIMAGE = '0101010101010101010101010101010101010101010101010101010101010101';
export const TEST_PAYMENT_HASH = bytesToHex(sha256(hexToBytes(TEST_PREIMAGE)));

export type TestInvoiceOptions = {
  network?: LightningNetwork;
  amountMsats?: bigint | null;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** null leaves out the `x` field (BOLT #11 then means 3600 s). */
  expirySeconds?: number | null;
  paymentSecret?: string | null;
  paymentHash?: string;
  description?: string;
  /** Feature bits above 19 to set (e.g. 100, an unknown required one). */
  extraFeatureBits?: number[];
  privateKeyHex?: string;
};

export function makeTestInvoice(options: TestInvoiceOptions = {}): string {
  const { paymentSecret = '11'.repeat(32), expirySeconds = 3600, amountMsats = 1_000_000n } = options;
  const extraBits: boolean[] = [];
  for (const bit of options.extraFeatureBits ?? []) {
    while (extraBits.length <= bit - 20) extraBits.push(false);
    extraBits[bit - 20] = true;
  }
  const tags: Array<{ tagName: string; data: TagData }> = [
    { tagName: 'payment_hash', data: options.paymentHash ?? TEST_PAYMENT_HASH },
    { tagName: 'description', data: options.description ?? 'test invoice' },
    {
      tagName: 'feature_bits',
      data: {
        word_length: Math.ceil((20 + extraBits.length) / 5),
        var_onion_optin: { required: false, supported: true },
        payment_secret: { required: false, supported: true },
        extra_bits: { start_bit: 20, bits: extraBits },
      },
    },
  ];
  if (paymentSecret !== null) tags.push({ tagName: 'payment_secret', data: paymentSecret });
  if (expirySeconds !== null) tags.push({ tagName: 'expire_time', data: expirySeconds });
  const unsigned = encode(
    {
      network: BOLT11_NETWORKS[options.network ?? 'regtest'],
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
      ...(amountMsats === null ? {} : { millisatoshis: amountMsats.toString() }),
      tags,
    },
    false,
  );
  const signed = sign(unsigned, options.privateKeyHex ?? TEST_PRIVATE_KEY).paymentRequest;
  if (!signed) throw new Error('bolt11 did not sign');
  return signed;
}

/** Swaps the human-readable part (e.g. a bigger amount) and fixes the checksum: what an attacker can do. */
export function replaceHrp(bolt11: string, hrp: string): string {
  const lower = bolt11.toLowerCase();
  const separator = lower.lastIndexOf('1');
  const data = [...lower.slice(separator + 1, -6)].map((char) => CHARSET.indexOf(char));
  const values = [...expandHrp(hrp), ...data, 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, index) => (mod >>> (5 * (5 - index))) & 31);
  return `${hrp}1${[...data, ...checksum].map((word) => CHARSET[word]).join('')}`;
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function polymod(values: number[]): number {
  const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    generator.forEach((g, bit) => {
      if ((top >>> bit) & 1) checksum ^= g;
    });
  }
  return checksum >>> 0;
}

function expandHrp(hrp: string): number[] {
  const codes = [...hrp].map((char) => char.charCodeAt(0));
  return [...codes.map((code) => code >> 5), 0, ...codes.map((code) => code & 31)];
}
