import { describe, expect, it } from 'vitest';
import { readCsvRecords, readJsonlRecords, type ByteSource } from './parse';

/** The text as bytes cut into pieces of `size` bytes: cuts land inside multi-byte characters and quotes. */
async function* chunked(text: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size);
}

async function collect<T>(records: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const record of records) out.push(record);
  return out;
}

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

describe('readCsvRecords', () => {
  it('handles quotes, escaped quotes, commas and newlines inside quotes, CRLF, BOM and unicode at any chunk size', async () => {
    const text =
      '\uFEFFid,text,note\r\n' +
      '1,"He said ""hi"", then left",plain\r\n' +
      '2,"line one\r\nline two\nline three",日本語 🚀\r\n' +
      '\r\n' +
      '3,,"" \n' +
      '4,"ends with a quote """,x';
    const expected = [
      { line: 1, fields: ['id', 'text', 'note'] },
      { line: 2, fields: ['1', 'He said "hi", then left', 'plain'] },
      { line: 3, fields: ['2', 'line one\r\nline two\nline three', '日本語 🚀'] },
      { line: 7, fields: ['3', '', ''] },
      { line: 8, fields: ['4', 'ends with a quote "', 'x'] },
    ];
    for (const size of sizes) {
      const records = await collect(readCsvRecords(chunked(text, size)));
      // "" followed by a space is text after a closing quote: an error for that record only.
      expect(records[3]).toMatchObject({ line: 7, error: expect.stringContaining('after a closing quote') });
      expect(records.filter((_, index) => index !== 3)).toEqual(expected.filter((_, index) => index !== 3));
    }
  });

  it('reports a quote that is never closed at the line where its record starts', async () => {
    const text = 'id,text\n1,ok\n2,"never\nclosed\n3,more\n';
    for (const size of [1, 4, 1000]) {
      expect(await collect(readCsvRecords(chunked(text, size)))).toEqual([
        { line: 1, fields: ['id', 'text'] },
        { line: 2, fields: ['1', 'ok'] },
        { line: 3, error: 'a quoted field starting on line 3 is never closed' },
      ]);
    }
  });

  it('keeps a stray quote inside an unquoted field, and reads a last line without newline', async () => {
    expect(await collect(readCsvRecords(chunked('a,b\n5" screen,x', 2)))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['5" screen', 'x'] },
    ]);
  });

  it('refuses records over the limit, counting the newlines inside them', async () => {
    const text = `a,b\n1,"${'x\n'.repeat(20)}"\n2,ok\n`;
    expect(await collect(readCsvRecords(chunked(text, 3), { maxLineLength: 10 }))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'the line is longer than 10 characters' },
      { line: 23, fields: ['2', 'ok'] },
    ]);
  });

  it('returns nothing for an empty file', async () => {
    expect(await collect(readCsvRecords(chunked('', 1)))).toEqual([]);
    expect(await collect(readCsvRecords(chunked('\uFEFF\r\n\n', 1)))).toEqual([]);
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
