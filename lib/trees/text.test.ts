import { describe, expect, it } from 'vitest';
import { defaultTreeConfig } from './config';
import { assertNotDuplicate, checkTreeText, toTextKey } from './text';

describe('tree message text', () => {
  it('folds case, spacing, width and end punctuation for the duplicate check', () => {
    expect(toTextKey('  Paris.  ')).toBe(toTextKey('paris'));
    expect(toTextKey('The  capital\nis Paris!')).toBe('the capital is paris');
    expect(toTextKey('ＡＢＣ')).toBe('abc');
    expect(toTextKey('Paris, France')).not.toBe(toTextKey('Paris France'));
  });

  it('refuses empty, blank-only and over-long text with a clear message', () => {
    expect(() => checkTreeText('   ', defaultTreeConfig)).toThrow(/empty/);
    expect(() => checkTreeText('...', defaultTreeConfig)).toThrow(/empty/);
    expect(() => checkTreeText(42, defaultTreeConfig)).toThrow(/as text/);
    expect(() => checkTreeText('x'.repeat(4_001), defaultTreeConfig)).toThrow(/too long: 4001 characters, at most 4000/);
    expect(() => checkTreeText('hi', { minTextLength: 5, maxTextLength: 10 })).toThrow(/too short/);
    expect(checkTreeText('  Hello there  ', defaultTreeConfig)).toBe('Hello there');
  });

  it('refuses a reply identical to a live sibling', () => {
    expect(() => assertNotDuplicate(toTextKey('Paris.'), [toTextKey('paris')])).toThrow(/already says the same/);
    expect(() => assertNotDuplicate(toTextKey('Lyon'), [toTextKey('paris')])).not.toThrow();
  });
});
