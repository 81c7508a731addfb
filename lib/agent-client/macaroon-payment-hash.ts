// Reads the payment hash an L402 macaroon is bound to, so the client can check the invoice it is asked to pay is
// the one the token will be valid for. Only the identifier is read: the signature is the server's to check, and a
// client has no root key. Layouts (same as lib/l402, which is server-only so not imported here):
//   v2 binary macaroon  0x02  [location: 0x01 len bytes]  identifier: 0x02 len bytes  …
//   L402 identifier     version uint16 BE (0) || payment hash (32) || token id (32)
const MACAROON_V2 = 0x02;
const FIELD_LOCATION = 0x01;
const FIELD_IDENTIFIER = 0x02;
const IDENTIFIER_VERSION = 0;
const IDENTIFIER_LENGTH = 2 + 32 + 32;
const MAX_MACAROON_TEXT_LENGTH = 4096;
// Three 7-bit groups cover lengths far beyond any real macaroon; longer varints are refused.
const MAX_VARINT_BYTES = 3;

/** Lowercase hex payment hash, or null when the macaroon is not a v2 macaroon with an L402 v0 identifier. */
export function readMacaroonPaymentHash(macaroonBase64: string): string | null {
  if (macaroonBase64.length > MAX_MACAROON_TEXT_LENGTH) return null;
  const bytes = decodeBase64(macaroonBase64);
  if (!bytes || bytes[0] !== MACAROON_V2) return null;
  let field = readField(bytes, 1);
  if (field?.type === FIELD_LOCATION) field = readField(bytes, field.end);
  if (field?.type !== FIELD_IDENTIFIER) return null;
  const identifier = field.data;
  if (identifier.length !== IDENTIFIER_LENGTH || identifier.readUInt16BE(0) !== IDENTIFIER_VERSION) return null;
  return identifier.subarray(2, 34).toString('hex');
}

function decodeBase64(text: string): Buffer | null {
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return Buffer.from(text, 'base64url');
  return null;
}

type Field = { type: number; data: Buffer; end: number };

function readField(bytes: Buffer, start: number): Field | null {
  if (start >= bytes.length) return null;
  const type = bytes[start];
  let length = 0;
  let position = start + 1;
  for (let index = 0; ; index++) {
    if (index === MAX_VARINT_BYTES || position >= bytes.length) return null;
    const byte = bytes[position++];
    length |= (byte & 0x7f) << (7 * index);
    if (byte < 0x80) break;
  }
  if (length === 0 || position + length > bytes.length) return null;
  return { type, data: bytes.subarray(position, position + length), end: position + length };
}
