import { describe, expect, it } from 'vitest';
import { chunked, collect } from '@/test/byte-chunks';
import { checkUtf8Chunks, countIncompleteTail } from './utf8-chunks';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('countIncompleteTail', () => {
  it('counts the bytes of a character cut at the end', () => {
    expect(countIncompleteTail(bytesOf('abc'))).toBe(0);
    expect(countIncompleteTail(bytesOf('aé'))).toBe(0);
    expect(countIncompleteTail(bytesOf('aé').subarray(0, 2))).toBe(1);
    expect(countIncompleteTail(bytesOf('a🚀').subarray(0, 4))).toBe(3);
    expect(countIncompleteTail(bytesOf('a日').subarray(0, 3))).toBe(2);
  });
});

describe('checkUtf8Chunks', () => {
  it('passes every byte on, whatever the cuts, and counts them', async () => {
    const text = '\uFEFFid,text\r\n1,ünï 🚀 — 日本\r\n';
    for (const size of [1, 2, 3, 5, 1000]) {
      let counted = 0;
      const chunks = await collect(checkUtf8Chunks(chunked(text, size), (bytes) => (counted += bytes)));
      expect(new TextDecoder().decode(Buffer.concat(chunks))).toBe(text.slice(1)); // the decoder drops the BOM
      expect(counted).toBe(bytesOf(text).length);
    }
  });

  it('refuses bytes that are not UTF-8, also a character cut off by the end of the file', async () => {
    for (const bytes of [new Uint8Array([0x61, 0xff, 0x62]), bytesOf('a🚀').subarray(0, 4), new Uint8Array([0x80, 0x80, 0x80, 0x80])]) {
      for (const size of [1, 2, 100]) {
        await expect(collect(checkUtf8Chunks(chunked(bytes, size)))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
    }
  });
});
