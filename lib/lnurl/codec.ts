// LUD-01 bech32 LNURLs and LUD-17 scheme URLs. Isomorphic: runs in the browser (QR codes) and on the server.
//
// bech32 is written out here rather than imported: `lnurl/lib/encode` needs Node's Buffer and assert, and the
// `bech32` package is only a transitive dependency whose hoisted version (1.x from bolt11, 2.x from lnurl)
// depends on install order. The tests cross-check this against `lnurl/lib/encode` and the LUD-01 vector.

const HRP = "lnurl";
// BIP-173 caps bech32 at 90 chars; LNURLs lift it. lnurl-node allows 1023, the spec's JS example 2000.
const MAX_LNURL_LENGTH = 2000;
const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
// LUD-17: these schemes stand for https:// (or http:// for onion and local hosts).
const LUD17_SCHEME = /^(lnurlc|lnurlw|lnurlp|keyauth):\/\/(?=[^/])/i;

export type LnurlErrorCode = "INVALID_LNURL" | "INVALID_URL";

export class LnurlError extends Error {
  readonly code: LnurlErrorCode;
  constructor(code: LnurlErrorCode, message: string) {
    super(message);
    this.name = "LnurlError";
    this.code = code;
  }
}

/** Bech32-encodes an https URL (http only for localhost or .onion) as an uppercase `LNURL1...` for QR codes. */
export function encodeLnurl(url: string): string {
  assertLnurlTarget(url);
  const words = convertBits(new TextEncoder().encode(url), 8, 5, true);
  const checksum = createChecksum(words);
  const data = [...words, ...checksum].map((word) => CHARSET[word]).join("");
  return `${HRP}1${data}`.toUpperCase();
}

/**
 * Returns the URL behind an LNURL: `LNURL1...` in either case, optionally after `lightning:`, or a LUD-17
 * `lnurlw://` / `lnurlp://` / `lnurlc://` / `keyauth://` URL. Throws LnurlError on anything else.
 */
export function decodeLnurl(lnurl: string): string {
  const input = lnurl.trim().replace(/^lightning:/i, "");
  if (LUD17_SCHEME.test(input)) return resolveLud17Url(input);
  const url = decodeBech32Url(input);
  assertLnurlTarget(url);
  return url;
}

/** LUD-01: https everywhere, except plain http to onion services and the developer's own machine. */
export function isAllowedLnurlUrl(url: URL): boolean {
  if (url.username !== "" || url.password !== "") return false;
  return url.protocol === "https:" || (url.protocol === "http:" && isOnionOrLocalHost(url.hostname));
}

function isOnionOrLocalHost(hostname: string): boolean {
  const host = hostname.replace(/\.$/, "");
  return (
    host.endsWith(".onion") ||
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "127.0.0.1" ||
    host === "[::1]"
  );
}

function assertLnurlTarget(url: string): void {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !isAllowedLnurlUrl(parsed)) {
    throw new LnurlError("INVALID_URL", "An LNURL must point to an https URL (http only for .onion or localhost).");
  }
}

function resolveLud17Url(input: string): string {
  const https = input.replace(LUD17_SCHEME, "https://");
  if (!URL.canParse(https)) throw new LnurlError("INVALID_URL", "Not a valid LNURL address.");
  const url = new URL(https);
  if (isOnionOrLocalHost(url.hostname)) url.protocol = "http:";
  if (!isAllowedLnurlUrl(url)) throw new LnurlError("INVALID_URL", "Not a valid LNURL address.");
  return url.href;
}

function decodeBech32Url(input: string): string {
  const invalid = () => new LnurlError("INVALID_LNURL", "Not a valid LNURL.");
  const isMixedCase = input !== input.toLowerCase() && input !== input.toUpperCase();
  if (input.length > MAX_LNURL_LENGTH || isMixedCase) throw invalid();
  const lower = input.toLowerCase();
  const separator = lower.lastIndexOf("1");
  if (lower.slice(0, separator) !== HRP || lower.length - separator - 1 < 6) throw invalid();
  const words: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const word = CHARSET.indexOf(char);
    if (word === -1) throw invalid();
    words.push(word);
  }
  if (polymod([...expandHrp(HRP), ...words]) !== 1) throw invalid();
  const bytes = convertBits(words.slice(0, -6), 5, 8, false);
  if (!bytes) throw invalid();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw invalid();
  }
}

function polymod(values: number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    GENERATOR.forEach((generator, bit) => {
      if ((top >>> bit) & 1) checksum ^= generator;
    });
  }
  return checksum >>> 0;
}

function expandHrp(hrp: string): number[] {
  const codes = [...hrp].map((char) => char.charCodeAt(0));
  return [...codes.map((code) => code >> 5), 0, ...codes.map((code) => code & 31)];
}

function createChecksum(words: number[]): number[] {
  const mod = polymod([...expandHrp(HRP), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  return Array.from({ length: 6 }, (_, index) => (mod >>> (5 * (5 - index))) & 31);
}

/** Regroups bits (8→5 to encode, 5→8 to decode). Returns null on non-zero padding, as BIP-173 requires. */
function convertBits(data: ArrayLike<number>, from: number, to: number, pad: true): number[];
function convertBits(data: ArrayLike<number>, from: number, to: number, pad: false): number[] | null;
function convertBits(data: ArrayLike<number>, from: number, to: number, pad: boolean): number[] | null {
  let accumulator = 0;
  let bits = 0;
  const result: number[] = [];
  const mask = (1 << to) - 1;
  for (let index = 0; index < data.length; index++) {
    accumulator = (accumulator << from) | data[index];
    bits += from;
    while (bits >= to) {
      bits -= to;
      result.push((accumulator >>> bits) & mask);
    }
    accumulator &= (1 << bits) - 1;
  }
  if (pad) {
    if (bits > 0) result.push((accumulator << (to - bits)) & mask);
  } else if (bits >= from || ((accumulator << (to - bits)) & mask) !== 0) {
    return null;
  }
  return result;
}
