import { describe, expect, it } from 'vitest';
import { ceilToWholeSat, formatMsatsInSats, formatSats, msatsToJsonNumber, msatsToSats, satsToMsats } from './money';

describe('money', () => {
  it('converts sats to msats exactly', () => {
    expect(satsToMsats(21)).toBe(21000n);
    expect(satsToMsats(2_100_000_000_000_000n)).toBe(2_100_000_000_000_000_000n);
    expect(() => satsToMsats(0.5)).toThrow(RangeError);
  });

  it('floors partial sats', () => {
    expect(msatsToSats(1999n)).toBe(1n);
    expect(msatsToSats(999n)).toBe(0n);
  });

  it('formats with thousands separators and plural', () => {
    expect(formatSats(1_234_567_000n)).toBe('1,234,567 sats');
    expect(formatSats(1000n)).toBe('1 sat');
  });

  it("follows the reader's number style", () => {
    expect(formatSats(1_234_567_000n, 'es')).toBe('1.234.567 sats');
    expect(formatSats(1_234_000n, 'es')).toBe('1234 sats'); // Spanish groups only from five digits
    expect(formatSats(1000n, 'es')).toBe('1 sat');
  });

  it('refuses msats a JSON number cannot carry', () => {
    expect(msatsToJsonNumber(5000n)).toBe(5000);
    expect(() => msatsToJsonNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => msatsToJsonNumber(-1n)).toThrow(RangeError);
  });
});

describe('formatMsatsInSats', () => {
  it('shows fractions of a sat without losing msats, and says sat only for exactly one', () => {
    expect(formatMsatsInSats(12n)).toBe('0.012 sats');
    expect(formatMsatsInSats(1000n)).toBe('1 sat');
    expect(formatMsatsInSats(1500n)).toBe('1.5 sats');
    expect(formatMsatsInSats(0n)).toBe('0 sats');
    expect(formatMsatsInSats(1_234_567_001n)).toBe('1,234,567.001 sats');
    expect(formatMsatsInSats(12n, 'es')).toBe('0,012 sats');
    expect(formatMsatsInSats(12_345_500n, 'es')).toBe('12.345,5 sats');
  });
});

describe('ceilToWholeSat', () => {
  it('rounds a price up to the next whole sat and leaves whole sats alone', () => {
    expect(ceilToWholeSat(22_050n)).toBe(23_000n);
    expect(ceilToWholeSat(22_001n)).toBe(23_000n);
    expect(ceilToWholeSat(22_000n)).toBe(22_000n);
    expect(ceilToWholeSat(0n)).toBe(0n);
  });
});
