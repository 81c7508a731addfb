import { describe, expect, it } from 'vitest';
import { chunked, collect } from '@/test/byte-chunks';
import { readJsonlRecords, type ByteSource } from './parse';

const sizes = [1, 2, 3, 7, 64, 100_000];

describe('readJsonlRecords', () => {
  it('reads objects with 1-based line numbers, skipping blank lines, with LF or CRLF', async () => {
    const text = '{"id":"a","text":"ünï 🚀 — 日本"}\r\n\r\n   \n{"id":"b"}\n{"id":"c"}';
    for (const size of sizes) {
      expect(await collect(readJsonlRecords(chunked(text, size)))).toEqual([
        { line: 1, value: { id: 'a', text: 'ünï 🚀 — 日本' } },
        { line: 4, value: { id: 'b' } },
        { line: 5, value: { id: 'c' } },
      ]);
    }
  });

  it('strips a byte order mark', async () => {
    const text = '\uFEFF{"id":"a"}\n';
    for (const size of [1, 2, 4, 100]) {
      expect(await collect(readJsonlRecords(chunked(text, size)))).toEqual([{ line: 1, value: { id: 'a' } }]);
    }
  });

  it('reports invalid JSON and non-objects per line, and keeps going', async () => {
    const records = await collect(readJsonlRecords(chunked('{"id":1\n[1,2]\n"x"\n{"ok":true}\n', 5)));
    expect(records[0]).toMatchObject({ line: 1, error: expect.stringMatching(/^invalid JSON/) });
    expect(records[1]).toEqual({ line: 2, error: 'each line must be one JSON object ({...})' });
    expect(records[2]).toEqual({ line: 3, error: 'each line must be one JSON object ({...})' });
    expect(records[3]).toEqual({ line: 4, value: { ok: true } });
  });

  it('refuses a line nested 5,000 levels deep with its line number, and keeps the others (it overflowed the stack later)', async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const fine = `{"id":"ok","meta":${'['.repeat(60)}"x"${']'.repeat(60)},"text":"${'{['.repeat(100)}"}`;
    const records = await collect(readJsonlRecords(chunked(`{"id":"a"}\n${deep}\n${fine}\n`, 4096)));
    expect(records[0]).toEqual({ line: 1, value: { id: 'a' } });
    expect(records[1]).toEqual({ line: 2, error: 'the JSON nests more than 64 levels deep' });
    expect(records[2]).toMatchObject({ line: 3, value: { id: 'ok' } });
  });

  it('refuses lines over the limit without holding them, also when the long line is the last', async () => {
    const long = `{"t":"${'x'.repeat(50)}"}`;
    const text = `{"a":1}\n${long}\n{"b":2}\n${long}`;
    for (const size of [3, 16, 1000]) {
      expect(await collect(readJsonlRecords(chunked(text, size), { maxLineLength: 20 }))).toEqual([
        { line: 1, value: { a: 1 } },
        { line: 2, error: 'the line is longer than 20 characters' },
        { line: 3, value: { b: 2 } },
        { line: 4, error: 'the line is longer than 20 characters' },
      ]);
    }
  });

  it('fails a file that is not UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]);
    await expect(collect(readJsonlRecords(chunked(bytes, 3)))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('reads a web ReadableStream and counts bytes', async () => {
    const bytes = new TextEncoder().encode('{"a":1}\n{"a":2}\n');
    const stream: ByteSource = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 5));
        controller.enqueue(bytes.slice(5));
        controller.close();
      },
    });
    let total = 0;
    const records = await collect(readJsonlRecords(stream, { onBytes: (n) => (total += n) }));
    expect(records).toHaveLength(2);
    expect(total).toBe(bytes.length);
  });
});

describe('a source that fails mid-way', () => {
  it('is reported as an interrupted upload', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('{"a":1}\n');
      throw new Error('socket hang up');
    }
    await expect(collect(readJsonlRecords(broken()))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('stopped') });
  });
});
