import { describe, expect, it } from 'vitest';

import { findL402Challenge } from './challenge';

const MACAROON = 'AgEEbHNhdAJCAAA+Zm9v/bar==';
const INVOICE = 'lnbcrt210n1pexample';

describe('findL402Challenge', () => {
  it('reads the aperture format', () => {
    expect(findL402Challenge(`L402 macaroon="${MACAROON}", invoice="${INVOICE}"`)).toEqual({
      scheme: 'L402',
      macaroon: MACAROON,
      invoice: INVOICE,
    });
  });

  it('treats scheme and parameter names case-insensitively and unescapes quoted strings', () => {
    expect(findL402Challenge(`l402 Macaroon="${MACAROON}",INVOICE="ln\\bcrt1x"`)).toMatchObject({ invoice: 'lnbcrt1x' });
  });

  it('finds L402 among other challenges, and prefers it to LSAT', () => {
    const header = `Bearer realm="a, b", error="x", LSAT macaroon="AAAA", invoice="lnbc1lsat", L402 macaroon="${MACAROON}", invoice="${INVOICE}"`;
    expect(findL402Challenge(header)).toMatchObject({ scheme: 'L402', invoice: INVOICE });
  });

  it('falls back to LSAT', () => {
    expect(findL402Challenge(`Basic realm="x", LSAT macaroon="${MACAROON}", invoice="${INVOICE}"`)).toMatchObject({ scheme: 'LSAT' });
  });

  it('skips token68 credentials of other schemes', () => {
    expect(findL402Challenge(`Negotiate a/b+c==, L402 macaroon="${MACAROON}", invoice="${INVOICE}"`)).toMatchObject({ scheme: 'L402' });
  });

  it('says none when no L402 or LSAT challenge is offered', () => {
    expect(findL402Challenge(null)).toBe('none');
    expect(findL402Challenge('Basic realm="x"')).toBe('none');
  });

  it.each([
    ['a missing invoice', `L402 macaroon="${MACAROON}"`],
    ['a duplicated macaroon', `L402 macaroon="${MACAROON}", macaroon="AAAA", invoice="${INVOICE}"`],
    ['an unterminated quote', `L402 macaroon="${MACAROON}", invoice="${INVOICE}`],
    ['a macaroon that could break out of the Authorization header', `L402 macaroon="ab\\"c d", invoice="${INVOICE}"`],
    ['an invoice that is not bech32', `L402 macaroon="${MACAROON}", invoice="lightning:${INVOICE}"`],
  ])('calls %s malformed', (_, header) => {
    expect(findL402Challenge(header)).toBe('malformed');
  });

  it('refuses an oversized header before parsing it', () => {
    expect(findL402Challenge(`L402 macaroon="${'A'.repeat(20_000)}", invoice="${INVOICE}"`)).toBe('malformed');
  });
});
