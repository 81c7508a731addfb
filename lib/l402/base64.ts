import 'server-only';
// Strict base64 for values that arrive in HTTP headers. Buffer.from(text, 'base64') skips characters it does not
// know and ignores stray trailing bits, so two different header strings could decode to the same macaroon. Here
// every accepted string has exactly one decoding, and re-encoding it gives the input back.

const STANDARD_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE_ALPHABET = /^[A-Za-z0-9_-]*={0,2}$/;

/** Decodes standard or URL-safe base64, padded or not; null when the text is not canonical base64. */
export function decodeBase64Strict(text: string): Buffer | null {
  const encoding = pickEncoding(text);
  if (!encoding) return null;
  const unpadded = text.replace(/=+$/, '');
  const isPadded = unpadded.length !== text.length;
  // A lone trailing character carries only 6 bits: no byte ends there.
  if (unpadded.length % 4 === 1) return null;
  if (isPadded && text.length % 4 !== 0) return null;
  const bytes = Buffer.from(unpadded, encoding);
  // Non-zero bits in the last character's unused low bits would otherwise be dropped silently.
  if (bytes.toString(encoding).replace(/=+$/, '') !== unpadded) return null;
  return bytes;
}

function pickEncoding(text: string): 'base64' | 'base64url' | null {
  if (STANDARD_ALPHABET.test(text)) return 'base64';
  if (URL_SAFE_ALPHABET.test(text)) return 'base64url';
  return null;
}
