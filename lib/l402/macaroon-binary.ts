import 'server-only';
// The libmacaroons / go-macaroon v2 binary format:
//   0x02  [location]  identifier  EOS   ( caveat: [location] identifier [vid] EOS )*   EOS   signature
// where each field is a type byte and (except EOS) a uvarint length and that many bytes. We decode only what we
// mint: first-party caveats. Parsing is strict and canonical (minimal varints, no empty fields, nothing after the
// signature) so that one token has exactly one byte form, and it never throws on untrusted bytes.
import type { Macaroon } from './macaroon';

export type MacaroonDecodeError =
  | 'too_large'
  | 'bad_version'
  | 'truncated'
  | 'bad_varint'
  | 'unexpected_field'
  | 'empty_field'
  | 'invalid_utf8'
  | 'third_party_caveat'
  | 'bad_signature_length'
  | 'trailing_bytes';

export type MacaroonDecodeResult = { ok: true; macaroon: Macaroon } | { ok: false; error: MacaroonDecodeError };

export const MAX_MACAROON_BYTES = 4096;

const VERSION_2 = 0x02;
const FIELD_EOS = 0;
const FIELD_LOCATION = 1;
const FIELD_IDENTIFIER = 2;
const FIELD_VID = 4;
const FIELD_SIGNATURE = 6;
const SIGNATURE_LENGTH = 32;
// Three 7-bit groups cover lengths up to 2 MiB, far above MAX_MACAROON_BYTES; longer varints are refused.
const MAX_VARINT_BYTES = 3;

// ignoreBOM keeps a leading U+FEFF, so decoding then re-encoding gives the signed bytes back exactly.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function encodeMacaroonBinary(macaroon: Macaroon): Buffer {
  const parts: Buffer[] = [Buffer.of(VERSION_2)];
  if (macaroon.location) parts.push(encodeField(FIELD_LOCATION, Buffer.from(macaroon.location, 'utf8')));
  parts.push(encodeField(FIELD_IDENTIFIER, macaroon.identifier), Buffer.of(FIELD_EOS));
  for (const caveat of macaroon.caveats) {
    parts.push(encodeField(FIELD_IDENTIFIER, Buffer.from(caveat, 'utf8')), Buffer.of(FIELD_EOS));
  }
  parts.push(Buffer.of(FIELD_EOS), encodeField(FIELD_SIGNATURE, macaroon.signature));
  return Buffer.concat(parts);
}

export function decodeMacaroonBinary(bytes: Buffer): MacaroonDecodeResult {
  if (bytes.length > MAX_MACAROON_BYTES) return { ok: false, error: 'too_large' };
  try {
    return { ok: true, macaroon: readMacaroon(new ByteReader(bytes)) };
  } catch (error) {
    if (error instanceof DecodeFailure) return { ok: false, error: error.code };
    throw error;
  }
}

function readMacaroon(reader: ByteReader): Macaroon {
  if (reader.readByte() !== VERSION_2) throw new DecodeFailure('bad_version');
  let field = reader.readField();
  let location: string | null = null;
  if (field.type === FIELD_LOCATION) {
    location = decodeUtf8(field.data);
    field = reader.readField();
  }
  if (field.type !== FIELD_IDENTIFIER) throw new DecodeFailure('unexpected_field');
  const identifier = Buffer.from(field.data);
  if (reader.readField().type !== FIELD_EOS) throw new DecodeFailure('unexpected_field');

  const caveats: string[] = [];
  for (let next = reader.readField(); next.type !== FIELD_EOS; next = reader.readField()) {
    caveats.push(readCaveatSection(reader, next));
  }

  const signature = reader.readField();
  if (signature.type !== FIELD_SIGNATURE) throw new DecodeFailure('unexpected_field');
  if (signature.data.length !== SIGNATURE_LENGTH) throw new DecodeFailure('bad_signature_length');
  if (!reader.isAtEnd()) throw new DecodeFailure('trailing_bytes');
  return { location, identifier, caveats, signature: Buffer.from(signature.data) };
}

/** A caveat section is `[location] identifier [vid] EOS`; only the bare identifier (first party) is ours. */
function readCaveatSection(reader: ByteReader, first: Field): string {
  if (first.type === FIELD_LOCATION || first.type === FIELD_VID) throw new DecodeFailure('third_party_caveat');
  if (first.type !== FIELD_IDENTIFIER) throw new DecodeFailure('unexpected_field');
  const end = reader.readField();
  if (end.type === FIELD_VID) throw new DecodeFailure('third_party_caveat');
  if (end.type !== FIELD_EOS) throw new DecodeFailure('unexpected_field');
  return decodeUtf8(first.data);
}

type Field = { type: number; data: Buffer };

class ByteReader {
  private position = 0;

  constructor(private readonly bytes: Buffer) {}

  isAtEnd(): boolean {
    return this.position === this.bytes.length;
  }

  readByte(): number {
    if (this.position >= this.bytes.length) throw new DecodeFailure('truncated');
    return this.bytes[this.position++];
  }

  readField(): Field {
    const type = this.readByte();
    if (type === FIELD_EOS) return { type, data: Buffer.alloc(0) };
    if (![FIELD_LOCATION, FIELD_IDENTIFIER, FIELD_VID, FIELD_SIGNATURE].includes(type)) {
      throw new DecodeFailure('unexpected_field');
    }
    const length = this.readUvarint();
    // go-macaroon never writes an empty field (it omits the field instead), so an empty one is not canonical.
    if (length === 0) throw new DecodeFailure('empty_field');
    if (length > this.bytes.length - this.position) throw new DecodeFailure('truncated');
    const data = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return { type, data };
  }

  private readUvarint(): number {
    let value = 0;
    for (let index = 0; index < MAX_VARINT_BYTES; index++) {
      const byte = this.readByte();
      value |= (byte & 0x7f) << (7 * index);
      if (byte < 0x80) {
        // A zero final group after the first byte is an over-long encoding of a smaller number.
        if (byte === 0 && index > 0) throw new DecodeFailure('bad_varint');
        return value;
      }
    }
    throw new DecodeFailure('bad_varint');
  }
}

function encodeField(type: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.of(type), encodeUvarint(data.length), data]);
}

function encodeUvarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function decodeUtf8(data: Buffer): string {
  try {
    return utf8.decode(data);
  } catch {
    throw new DecodeFailure('invalid_utf8');
  }
}

class DecodeFailure extends Error {
  constructor(readonly code: MacaroonDecodeError) {
    super(code);
  }
}
