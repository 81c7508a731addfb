import { describe, expect, it } from 'vitest';
import { diffAuditValues, toCsvCell } from './audit-diff';

describe('diffAuditValues', () => {
  it('lists the changed top-level fields only', () => {
    expect(diffAuditValues({ status: 'ACTIVE', reason: null, n: { a: 1 } }, { status: 'PAUSED', reason: null, n: { a: 1 }, extra: 2 })).toEqual([
      { key: 'status', before: 'ACTIVE', after: 'PAUSED' },
      { key: 'extra', before: null, after: 2 },
    ]);
  });
  it('compares non-objects as a whole', () => {
    expect(diffAuditValues(null, { paused: true })).toEqual([{ key: 'value', before: null, after: { paused: true } }]);
    expect(diffAuditValues(null, undefined)).toEqual([]);
  });
});

describe('toCsvCell', () => {
  it('quotes, escapes and defuses formulas', () => {
    expect(toCsvCell('plain')).toBe('plain');
    expect(toCsvCell('a,"b"')).toBe('"a,""b"""');
    expect(toCsvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(toCsvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(toCsvCell(null)).toBe('');
    expect(toCsvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
  });
});
