import { describe, expect, it } from 'vitest';
import { createUuidV7, isUuid } from './ids';

describe('ids', () => {
  it('makes RFC 9562 version-7 UUIDs that sort by time', () => {
    const early = createUuidV7(Date.UTC(2026, 0, 1));
    const late = createUuidV7(Date.UTC(2026, 0, 1, 0, 0, 0, 1));
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early.slice(0, 13)).toBe('019b76da-a800');
    expect(early < late).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => createUuidV7())).size).toBe(1000);
  });

  it('tells UUIDs from anything else a URL may carry', () => {
    expect(isUuid(createUuidV7())).toBe(true);
    expect(isUuid('019B7727-A800-7000-8000-000000000000')).toBe(true);
    for (const value of ['', 'abc', '019b7727-a800-7000-8000-00000000000', null, 42, "x' OR 1=1"]) expect(isUuid(value)).toBe(false);
  });
});
