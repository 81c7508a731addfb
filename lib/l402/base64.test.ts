import { describe, expect, it } from 'vitest';

import { decodeBase64Strict } from './base64';

describe('decodeBase64Strict', () => {
  it.each([
    ['AA==', '00'],
    ['AA', '00'],
    ['-_8=', 'fbff'],
    ['+/8', 'fbff'],
    ['', ''],
  ])('decodes %s', (text, hex) => {
    expect(decodeBase64Strict(text)?.toString('hex')).toBe(hex);
  });

  it.each([
    ['padding that does not complete a quartet', 'AA='],
    ['too much padding', 'AA==='],
    ['padding in the middle', 'AA==AA=='],
    ['a lone final character', 'AAAAA'],
    ['non-zero unused bits, which would alias AA==', 'AB=='],
    ['both alphabets at once', '+_8='],
    ['whitespace', 'AA AA'],
    ['characters Buffer.from would silently skip', 'A.A*A'],
  ])('rejects %s', (_name, text) => {
    expect(decodeBase64Strict(text)).toBeNull();
  });
});
