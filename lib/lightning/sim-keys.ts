// Keys and invoice signing for simulated nodes (the platform's and every simulated phone wallet's). Node-only:
// `bolt11` needs Buffer. Signing with `bolt11` while decoding with our own decoder (invoice.ts) means each
// simulated invoice cross-checks two independent implementations.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { encode, sign } from 'bolt11';
import type { LightningNetwork } from './backend';

const SEED_PATTERN = /^(?:[0-9a-f]{2}){16,64}$/i;
// Domain separation: the same wallet seed also derives LNURL-auth keys (wallet-sim/keys.ts); never the same key.
const NODE_KEY_LABEL = new TextEncoder().encode('boltwork/sim-node-key/v1');
const MAX_DESCRIPTION_BYTES = 639;

/** `bolt11` only knows mainnet, testnet and regtest by itself; signet (`tbs`) needs its own object. */
export const BOLT11_NETWORKS: Record<LightningNetwork, Bolt11Network> = {
  mainnet: { bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, validWitnessVersions: [0, 1] },
  testnet: { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
  signet: { bech32: 'tbs', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
  regtest: { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
};

export type Bolt11Network = { bech32: string; pubKeyHash: number; scriptHash: number; validWitnessVersions: number[] };
export type SimNodeKey = { privateKeyHex: string; publicKeyHex: string };

/** The node key of a simulated node with this seed (16..64 bytes hex): HMAC-SHA256(label, seed). */
export function deriveSimNodeKey(seedHex: string): SimNodeKey {
  if (!SEED_PATTERN.test(seedHex)) throw new TypeError('node seed must be 16 to 64 bytes of hex');
  const privateKey = hmac(sha256, NODE_KEY_LABEL, hexToBytes(seedHex));
  // Odds of an invalid key are below 2^-127; failing loudly is simpler than re-deriving.
  if (!secp256k1.utils.isValidSecretKey(privateKey)) throw new Error('seed gives an invalid node key');
  return { privateKeyHex: bytesToHex(privateKey), publicKeyHex: bytesToHex(secp256k1.getPublicKey(privateKey, true)) };
}

export type SignInvoiceInput = {
  network: LightningNetwork;
  amountMsats: bigint;
  paymentHash: string;
  paymentSecret: string;
  description: string;
  /** LNURL-pay (LUD-06): commit to sha256(metadata) as hex with an `h` tag instead of a `d` description. */
  descriptionHash?: string;
  expirySeconds: number;
  /** Unix seconds. */
  timestamp: number;
};

/** A real BOLT #11 invoice, signed by `key`, with what modern wallets expect (payment secret, var-onion, MPP). */
export function signInvoice(key: SimNodeKey, input: SignInvoiceInput): string {
  if (new TextEncoder().encode(input.description).length > MAX_DESCRIPTION_BYTES) {
    throw new RangeError(`invoice description must be at most ${MAX_DESCRIPTION_BYTES} bytes`);
  }
  if (!Number.isSafeInteger(input.expirySeconds) || input.expirySeconds <= 0) {
    throw new RangeError('expirySeconds must be a positive integer');
  }
  if (input.amountMsats <= 0n) throw new RangeError('amountMsats must be positive');
  const unsigned = encode({
    network: BOLT11_NETWORKS[input.network],
    timestamp: input.timestamp,
    millisatoshis: input.amountMsats.toString(),
    tags: [
      { tagName: 'payment_hash', data: input.paymentHash },
      { tagName: 'payment_secret', data: input.paymentSecret },
      input.descriptionHash ? { tagName: 'purpose_commit_hash', data: input.descriptionHash } : { tagName: 'description', data: input.description },
      { tagName: 'expire_time', data: input.expirySeconds },
      { tagName: 'min_final_cltv_expiry', data: 18 },
      {
        tagName: 'feature_bits',
        data: {
          word_length: 4,
          var_onion_optin: { required: false, supported: true },
          payment_secret: { required: true, supported: false },
          basic_mpp: { required: false, supported: true },
        },
      },
    ],
  });
  const signed = sign(unsigned, key.privateKeyHex).paymentRequest;
  if (!signed) throw new Error('bolt11 did not produce an invoice');
  return signed;
}
