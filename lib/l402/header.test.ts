import { describe, expect, it } from 'vitest';

import {
  formatL402Authorization,
  formatL402Challenge,
  MAX_AUTHORIZATION_LENGTH,
  parseL402Authorization,
} from './header';

const MACAROON = 'AgETaHR0cDovL2V4YW1wbGUub3JnLwIFa2V5aWQAAAYgfN7nklEcW8b1KEhYBd/psk54XijiqZMB+dcRxgnjjvc=';
const PREIMAGE_HEX = '0f'.repeat(32);
const INVOICE = 'lnbcrt10u1pjexample0qqqsp5zyg3zyg3';

describe('WWW-Authenticate challenge', () => {
  it('formats the L402 challenge exactly', () => {
    expect(formatL402Challenge({ macaroon: MACAROON, invoice: INVOICE })).toBe(
      `L402 macaroon="${MACAROON}", invoice="${INVOICE}"`,
    );
  });

  it('throws rather than emit a value that breaks out of its quotes', () => {
    expect(() => formatL402Challenge({ macaroon: 'abc", evil="1', invoice: INVOICE })).toThrow(RangeError);
    expect(() => formatL402Challenge({ macaroon: MACAROON, invoice: 'lnbc1"\r\nSet-Cookie: x' })).toThrow(RangeError);
  });
});

describe('Authorization credentials', () => {
  it('parses what formatL402Authorization writes', () => {
    const header = formatL402Authorization({ macaroon: MACAROON, preimage: Buffer.from(PREIMAGE_HEX, 'hex') });
    expect(header).toBe(`L402 ${MACAROON}:${PREIMAGE_HEX}`);
    expect(parseL402Authorization(header)).toEqual({
      ok: true,
      credentials: { scheme: 'L402', macaroon: MACAROON, preimage: Buffer.from(PREIMAGE_HEX, 'hex') },
    });
  });

  it('accepts the legacy LSAT scheme, any scheme case, upper-case hex and URL-safe base64', () => {
    const lsat = parseL402Authorization(`LSAT ${MACAROON}:${PREIMAGE_HEX}`);
    expect(lsat.ok && lsat.credentials.scheme).toBe('LSAT');
    expect(parseL402Authorization(`l402 ${MACAROON}:${PREIMAGE_HEX.toUpperCase()}`).ok).toBe(true);
    expect(parseL402Authorization(`L402 ${Buffer.from(MACAROON, 'base64').toString('base64url')}:${PREIMAGE_HEX}`).ok).toBe(
      true,
    );
  });

  it.each<[string, string | null | undefined, string]>([
    ['null', null, 'missing'],
    ['undefined', undefined, 'missing'],
    ['blank', '   ', 'missing'],
    ['another scheme', `Bearer ${MACAROON}:${PREIMAGE_HEX}`, 'wrong_scheme'],
    ['a scheme prefix', `L402x ${MACAROON}:${PREIMAGE_HEX}`, 'wrong_scheme'],
    ['the scheme alone', 'L402', 'malformed'],
    ['no preimage', `L402 ${MACAROON}`, 'malformed'],
    ['two tokens', `L402 ${MACAROON}:${PREIMAGE_HEX} ${MACAROON}:${PREIMAGE_HEX}`, 'malformed'],
    ['two macaroons', `L402 ${MACAROON},${MACAROON}:${PREIMAGE_HEX}`, 'malformed'],
    ['an extra colon', `L402 ${MACAROON}:${PREIMAGE_HEX}:00`, 'malformed'],
    ['a tab inside', `L402 ${MACAROON}\t:${PREIMAGE_HEX}`, 'malformed'],
    ['challenge syntax', `L402 macaroon="${MACAROON}", invoice="${INVOICE}"`, 'malformed'],
    ['a non-base64 macaroon', `L402 ma*caroon:${PREIMAGE_HEX}`, 'bad_macaroon'],
    ['a preimage of 63 hex digits', `L402 ${MACAROON}:${PREIMAGE_HEX.slice(1)}`, 'bad_preimage'],
    ['a preimage of 65 hex digits', `L402 ${MACAROON}:${PREIMAGE_HEX}0`, 'bad_preimage'],
    ['a non-hex preimage', `L402 ${MACAROON}:${'zz'.repeat(32)}`, 'bad_preimage'],
    ['a header over the limit', `L402 ${'A'.repeat(MAX_AUTHORIZATION_LENGTH)}:${PREIMAGE_HEX}`, 'too_long'],
    ['a macaroon over 4 KiB within the header limit', `L402 ${'A'.repeat(4100)}:${PREIMAGE_HEX}`, 'bad_macaroon'],
    ['non-ASCII', `L402 ${MACAROON}é:${PREIMAGE_HEX}`, 'bad_macaroon'],
  ])('returns an error for %s', (_name, header, error) => {
    expect(parseL402Authorization(header)).toEqual({ ok: false, error });
  });

  it('never throws on garbage (seeded, so a failure can be replayed)', () => {
    let seed = 402;
    const nextInt = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    for (let round = 0; round < 500; round++) {
      const garbage = String.fromCharCode(...Array.from({ length: nextInt(200) }, () => nextInt(0x3000)));
      expect(() => parseL402Authorization(`L402 ${garbage}`)).not.toThrow();
      expect(() => parseL402Authorization(garbage)).not.toThrow();
    }
  });
});
