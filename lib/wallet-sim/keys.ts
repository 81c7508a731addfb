// The simulated wallet's LNURL-auth linking keys, derived exactly as LUD-05 says (not a simplification), so a
// simulated wallet and a real BIP-32 wallet holding the same seed log in as the same user:
//   hashingKey  = BIP-32 private key at m/138'/0
//   material    = HMAC-SHA256(key = hashingKey, message = domain)
//   linkingKey  = BIP-32 private key at m/138'/<u32 BE of material[0..4]>/.../<material[12..16]>
// Path indices >= 2^31 are hardened, as BIP-32 defines (ACINQ's reference code behaves the same).
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, concatBytes, hexToBytes } from "@noble/hashes/utils.js";

const HARDENED = 0x80000000;
const ORDER = secp256k1.Point.Fn.ORDER;
const SEED_PATTERN = /^(?:[0-9a-f]{2}){16,64}$/i;

export type LinkingKey = { privateKey: Uint8Array; publicKeyHex: string };

/** The linking key a LUD-05 wallet with this seed (16..64 bytes hex, e.g. 32) uses on `domain`. */
export function linkingKeyFor(seedHex: string, domain: string): LinkingKey {
  if (!SEED_PATTERN.test(seedHex)) throw new TypeError("seed must be 16 to 64 bytes of hex");
  const seed = hexToBytes(seedHex);
  const hashingKey = deriveBip32PrivateKey(seed, [138 + HARDENED, 0]);
  const privateKey = deriveBip32PrivateKey(seed, [138 + HARDENED, ...deriveLinkingPath(hashingKey, domain)]);
  return { privateKey, publicKeyHex: bytesToHex(secp256k1.getPublicKey(privateKey, true)) };
}

/** LUD-05 step 2-3: the four path indices below m/138' for `domain` (FQDN without its trailing dot). */
export function deriveLinkingPath(hashingKey: Uint8Array, domain: string): number[] {
  const material = hmac(sha256, hashingKey, new TextEncoder().encode(domain.replace(/\.$/, "")));
  const view = new DataView(material.buffer, material.byteOffset, 16);
  return [0, 4, 8, 12].map((offset) => view.getUint32(offset, false));
}

/** BIP-32 CKDpriv from the master key of `seed` along `path` (hardened indices carry the 2^31 bit). */
export function deriveBip32PrivateKey(seed: Uint8Array, path: readonly number[]): Uint8Array {
  // BIP-32 says to skip to the next index on an invalid key; the odds are below 2^-127, so failing is fine.
  let node = splitNode(hmac(sha512, new TextEncoder().encode("Bitcoin seed"), seed));
  if (!secp256k1.utils.isValidSecretKey(node.key)) throw new Error("invalid BIP-32 master key");
  for (const index of path) {
    if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new RangeError("bad BIP-32 index");
    const parent =
      index >= HARDENED ? concatBytes(new Uint8Array([0]), node.key) : secp256k1.getPublicKey(node.key, true);
    const indexBytes = new Uint8Array(4);
    new DataView(indexBytes.buffer).setUint32(0, index, false);
    const child = splitNode(hmac(sha512, node.chainCode, concatBytes(parent, indexBytes)));
    const tweak = toBigInt(child.key);
    const key = (tweak + toBigInt(node.key)) % ORDER;
    if (tweak >= ORDER || key === 0n) throw new Error("invalid BIP-32 child key");
    node = { key: hexToBytes(key.toString(16).padStart(64, "0")), chainCode: child.chainCode };
  }
  return node.key;
}

/** LUD-04 signature: DER ECDSA over the raw k1 bytes (no prehash), low-S, deterministic (RFC 6979). */
export function signK1(privateKey: Uint8Array, k1Hex: string): string {
  if (!/^[0-9a-f]{64}$/i.test(k1Hex)) throw new TypeError("k1 must be 32 bytes of hex");
  return bytesToHex(secp256k1.sign(hexToBytes(k1Hex), privateKey, { prehash: false, format: "der", lowS: true }));
}

function splitNode(digest: Uint8Array): { key: Uint8Array; chainCode: Uint8Array } {
  return { key: digest.slice(0, 32), chainCode: digest.slice(32) };
}

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${bytesToHex(bytes)}`);
}
