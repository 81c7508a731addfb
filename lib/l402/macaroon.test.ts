import { describe, expect, it } from 'vitest';

import {
  addFirstPartyCaveat,
  hasValidSignature,
  mintMacaroon,
  parseMacaroon,
  serializeMacaroon,
  verifyMacaroon,
  type Macaroon,
} from './macaroon';
import { encodeMacaroonBinary } from './macaroon-binary';

// Vectors published by go-macaroon/js-macaroon, test/serialize-binary.js (commit 955b0a59daf1320a534e0ed28004ac6312ec0dbc):
// root key "this is the key", identifier "keyid", location "http://example.org/", v2 binary in standard base64.
const JS_MACAROON = {
  rootKey: Buffer.from('this is the key'),
  identifier: Buffer.from('keyid'),
  location: 'http://example.org/',
  noCaveats: 'AgETaHR0cDovL2V4YW1wbGUub3JnLwIFa2V5aWQAAAYgfN7nklEcW8b1KEhYBd/psk54XijiqZMB+dcRxgnjjvc=',
  oneCaveat:
    'AgETaHR0cDovL2V4YW1wbGUub3JnLwIFa2V5aWQAAhRhY2NvdW50ID0gMzczNTkyODU1OQAABiD1SAf23G7fiL8PcwazgiVio2JTPb9zObphdl2kvSWdhw==',
  twoCaveats:
    'AgETaHR0cDovL2V4YW1wbGUub3JnLwIFa2V5aWQAAhRhY2NvdW50ID0gMzczNTkyODU1OQACDHVzZXIgPSBhbGljZQAABiBL6WfNHqDGsmuvakqU7psFsViG2guoXoxCqTyNDhJe/A==',
  twoCaveatsSignature: 'S+lnzR6gxrJrr2pKlO6bBbFYhtoLqF6MQqk8jQ4SXvw=',
};

// libmacaroons' own signatures, as recorded in ecordell/pymacaroons tests/test_notes.md ("Basic Signature" and
// "First Party Caveats"), which show libmacaroons and pymacaroons agreeing.
const LIBMACAROONS = {
  rootKey: Buffer.from('this is our super secret key; only we should know it'),
  identifier: Buffer.from('we used our secret key'),
  location: 'http://mybank/',
  signature: 'e3d9e02908526c4c0039ae15114115d97fdd68bf2ba379b342aaf0f617d0552f',
  signatureWithCaveat: '197bac7a044af33332865b9266e26d493bdd668a660e44d88ce1a998c23dbd67',
};

const ROOT_KEY = Buffer.alloc(32, 7);
const acceptAll = (): true => true;

function mintSample(): Macaroon {
  const base = mintMacaroon({ rootKey: ROOT_KEY, identifier: Buffer.from([0, 0, 1, 2, 3, 255]) });
  return addFirstPartyCaveat(addFirstPartyCaveat(base, 'endpoint=POST /jobs'), 'max_judgments=10');
}

function parseOrThrow(text: string): Macaroon {
  const parsed = parseMacaroon(text);
  if (!parsed.ok) throw new Error(`expected to parse, got ${parsed.error}`);
  return parsed.macaroon;
}

/** Hand-assembled v2 binary, to reach parser branches our encoder never produces. */
function binary(...parts: (number | string)[]): string {
  return Buffer.concat(parts.map((part) => (typeof part === 'number' ? Buffer.of(part) : Buffer.from(part)))).toString(
    'base64',
  );
}
const SIGNATURE_FIELD = [6, 32, 'x'.repeat(32)] as const;

describe('published vectors', () => {
  it('reproduces js-macaroon v2 binary serializations byte for byte', () => {
    const base = mintMacaroon(JS_MACAROON);
    const one = addFirstPartyCaveat(base, 'account = 3735928559');
    const two = addFirstPartyCaveat(one, 'user = alice');
    expect(serializeMacaroon(base)).toBe(JS_MACAROON.noCaveats);
    expect(serializeMacaroon(one)).toBe(JS_MACAROON.oneCaveat);
    expect(serializeMacaroon(two)).toBe(JS_MACAROON.twoCaveats);
  });

  it('parses the js-macaroon vector and verifies it with the published root key', () => {
    const macaroon = parseOrThrow(JS_MACAROON.twoCaveats);
    expect(macaroon.location).toBe('http://example.org/');
    expect(macaroon.identifier.toString()).toBe('keyid');
    expect(macaroon.caveats).toEqual(['account = 3735928559', 'user = alice']);
    expect(macaroon.signature.toString('base64')).toBe(JS_MACAROON.twoCaveatsSignature);
    expect(verifyMacaroon(macaroon, JS_MACAROON.rootKey, acceptAll)).toEqual({ ok: true });
  });

  it('reproduces libmacaroons signatures, which confirms the key derivation', () => {
    const base = mintMacaroon(LIBMACAROONS);
    expect(base.signature.toString('hex')).toBe(LIBMACAROONS.signature);
    expect(addFirstPartyCaveat(base, 'test = caveat').signature.toString('hex')).toBe(LIBMACAROONS.signatureWithCaveat);
  });
});

describe('round trip', () => {
  it('serializes and parses back to the same macaroon, which verifies', () => {
    const macaroon = mintSample();
    const parsed = parseOrThrow(serializeMacaroon(macaroon));
    expect(parsed).toEqual(macaroon);
    expect(verifyMacaroon(parsed, ROOT_KEY, acceptAll)).toEqual({ ok: true });
  });

  it('accepts URL-safe and unpadded base64 of the same bytes', () => {
    const bytes = encodeMacaroonBinary(parseOrThrow(JS_MACAROON.twoCaveats));
    const urlSafe = bytes.toString('base64url');
    expect(urlSafe).toMatch(/[-_]/);
    expect(parseOrThrow(urlSafe)).toEqual(parseOrThrow(JS_MACAROON.twoCaveats));
    expect(parseOrThrow(JS_MACAROON.twoCaveats.replace(/=+$/, ''))).toEqual(parseOrThrow(JS_MACAROON.twoCaveats));
  });

  it('leaves the input macaroon unchanged when a caveat is added', () => {
    const base = mintSample();
    addFirstPartyCaveat(base, 'extra=1');
    expect(base.caveats).toHaveLength(2);
  });
});

describe('verification', () => {
  it('fails with the wrong root key', () => {
    expect(verifyMacaroon(mintSample(), Buffer.alloc(32, 8), acceptAll)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('fails when a caveat is appended without extending the chain', () => {
    const macaroon = mintSample();
    const forged = { ...macaroon, caveats: [...macaroon.caveats, 'max_judgments=1000000'] };
    expect(verifyMacaroon(forged, ROOT_KEY, acceptAll)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('fails when a caveat is removed or reordered', () => {
    const macaroon = mintSample();
    expect(hasValidSignature({ ...macaroon, caveats: macaroon.caveats.slice(0, 1) }, ROOT_KEY)).toBe(false);
    expect(hasValidSignature({ ...macaroon, caveats: [...macaroon.caveats].reverse() }, ROOT_KEY)).toBe(false);
  });

  it('fails on a signature of the wrong length instead of throwing', () => {
    const macaroon = mintSample();
    expect(hasValidSignature({ ...macaroon, signature: macaroon.signature.subarray(0, 31) }, ROOT_KEY)).toBe(false);
  });

  it('rejects when the checker does not return true, including a checker that falls through', () => {
    const macaroon = mintSample();
    expect(verifyMacaroon(macaroon, ROOT_KEY, (caveat) => (caveat.startsWith('endpoint=') ? true : 'unknown'))).toEqual({
      ok: false,
      reason: 'caveat_rejected',
      caveat: 'max_judgments=10',
      verdict: 'unknown',
    });
    // A JS checker with a missing branch returns undefined; that must reject, not pass.
    const fallsThrough = ((caveat: string) => (caveat.startsWith('endpoint=') ? true : undefined)) as (
      caveat: string,
    ) => true;
    expect(verifyMacaroon(macaroon, ROOT_KEY, fallsThrough).ok).toBe(false);
  });

  it('never runs the checker on a forged macaroon', () => {
    const seen: string[] = [];
    verifyMacaroon(mintSample(), Buffer.alloc(32, 9), (caveat) => {
      seen.push(caveat);
      return true;
    });
    expect(seen).toEqual([]);
  });
});

describe('tampering', () => {
  it('any changed byte of the serialized macaroon, signature included, fails to parse or to verify', () => {
    const bytes = encodeMacaroonBinary(mintSample());
    for (let index = 0; index < bytes.length; index++) {
      for (const mask of [0x01, 0x20, 0x80, 0xff]) {
        const tampered = Buffer.from(bytes);
        tampered[index] ^= mask;
        const parsed = parseMacaroon(tampered.toString('base64'));
        const isAccepted = parsed.ok && verifyMacaroon(parsed.macaroon, ROOT_KEY, acceptAll).ok;
        expect(isAccepted, `byte ${index} ^ ${mask}`).toBe(false);
      }
    }
  });

  it('does not protect the location: no macaroon implementation signs it, so tokens must not rely on it', () => {
    const withLocation = mintMacaroon({ rootKey: ROOT_KEY, identifier: Buffer.from('id'), location: 'https://a' });
    const moved = parseOrThrow(serializeMacaroon({ ...withLocation, location: 'https://b' }));
    expect(verifyMacaroon(moved, ROOT_KEY, acceptAll)).toEqual({ ok: true });
  });
});

describe('strict parsing', () => {
  const valid = serializeMacaroon(mintSample());

  it.each([
    ['empty input', '', 'truncated'],
    ['text over 4 KiB', 'A'.repeat(4097), 'too_large'],
    ['characters outside base64', `${valid.slice(0, -4)}!!!!`, 'bad_base64'],
    ['mixed base64 alphabets', `+_${valid.slice(2)}`, 'bad_base64'],
    ['non-zero trailing bits', 'AgF=', 'bad_base64'],
    ['a dangling base64 character', 'AgETA', 'bad_base64'],
    ['version 1 text format', Buffer.from('0024location http://x/\n').toString('base64'), 'bad_version'],
    ['trailing bytes', binary(2, 2, 2, 'id', 0, 0, ...SIGNATURE_FIELD, 0), 'trailing_bytes'],
    ['an unknown field type', binary(2, 2, 2, 'id', 0, 3, 1, 'x', 0, 0, ...SIGNATURE_FIELD), 'unexpected_field'],
    ['a third-party caveat (vid)', binary(2, 2, 2, 'id', 0, 2, 1, 'c', 4, 1, 'v', 0, 0, ...SIGNATURE_FIELD), 'third_party_caveat'],
    ['a third-party caveat (location)', binary(2, 2, 2, 'id', 0, 1, 1, 'l', 2, 1, 'c', 0, 0, ...SIGNATURE_FIELD), 'third_party_caveat'],
    ['a missing identifier', binary(2, 1, 1, 'l', 0, 0, ...SIGNATURE_FIELD), 'unexpected_field'],
    ['a short signature', binary(2, 2, 2, 'id', 0, 0, 6, 31, 'x'.repeat(31)), 'bad_signature_length'],
    ['a missing signature', binary(2, 2, 2, 'id', 0, 0), 'truncated'],
    ['an over-long varint', binary(2, 2, 0x82, 0x00, 'id', 0, 0, ...SIGNATURE_FIELD), 'bad_varint'],
    ['a length past the end', binary(2, 2, 0x7f, 'id'), 'truncated'],
    ['an empty caveat', binary(2, 2, 2, 'id', 0, 2, 0, 0, 0, ...SIGNATURE_FIELD), 'empty_field'],
    ['a caveat that is not UTF-8', binary(2, 2, 2, 'id', 0, 2, 1, 0xff, 0, 0, ...SIGNATURE_FIELD), 'invalid_utf8'],
  ])('rejects %s', (_name, text, error) => {
    expect(parseMacaroon(text)).toEqual({ ok: false, error });
  });

  it('accepts the hand-assembled minimal form, so the cases above fail for the stated reason', () => {
    expect(parseMacaroon(binary(2, 2, 2, 'id', 0, 0, ...SIGNATURE_FIELD)).ok).toBe(true);
  });
});
