import { describe, expect, it } from 'vitest';
import { chunked, collect } from '@/test/byte-chunks';
import { readCsvRecords } from './csv-records';

const sizes = [1, 2, 3, 7, 64, 100_000];

describe('readCsvRecords', () => {
  it('handles quotes, escaped quotes, commas and newlines inside quotes, CRLF, BOM and unicode at any chunk size', async () => {
    const text =
      '\uFEFFid,text,note\r\n' +
      '1,"He said ""hi"", then left",plain\r\n' +
      '2,"line one\r\nline two\nline three",日本語 🚀\r\n' +
      '\r\n' +
      '3,,"" \n' +
      '4,"ends with a quote """,x';
    for (const size of sizes) {
      expect(await collect(readCsvRecords(chunked(text, size)))).toEqual([
        { line: 1, fields: ['id', 'text', 'note'] },
        { line: 2, fields: ['1', 'He said "hi", then left', 'plain'] },
        { line: 3, fields: ['2', 'line one\r\nline two\nline three', '日本語 🚀'] },
        // Text after a closing quote is kept as written (csv-parse's relax_quotes), no longer a line error.
        { line: 7, fields: ['3', '', '"" '] },
        { line: 8, fields: ['4', 'ends with a quote "', 'x'] },
      ]);
    }
  });

  it('strips a UTF-8 byte order mark, so the first column keeps its name', async () => {
    for (const size of [1, 2, 3, 100]) {
      expect(await collect(readCsvRecords(chunked('\uFEFFid;text\r\n1;a\r\n', size)))).toEqual([
        { line: 1, fields: ['id', 'text'] },
        { line: 2, fields: ['1', 'a'] },
      ]);
    }
  });

  it('counts lines right after quoted newlines, CRLF ones included', async () => {
    const text = 'id,text\r\n1,"a\r\nb"\r\n2,"c\nd\r\ne"\r\n\r\n3,x,extra\r\n4,"\r\n"\n5,y';
    for (const size of [1, 5, 1000]) {
      expect((await collect(readCsvRecords(chunked(text, size)))).map((record) => record.line)).toEqual([1, 2, 4, 8, 9, 11]);
    }
  });

  it('reads semicolons (European Excel) and tabs (TSV), picked from the header line only', async () => {
    const semicolon = 'id;text;price\r\n1;"a;b";4,5\r\n2;plain, with comma;3\r\n';
    const tab = 'id\ttext\n1\thello, world; hi\n2\t"tab\there"\n';
    for (const size of [1, 4, 1000]) {
      expect(await collect(readCsvRecords(chunked(semicolon, size)))).toEqual([
        { line: 1, fields: ['id', 'text', 'price'] },
        { line: 2, fields: ['1', 'a;b', '4,5'] },
        { line: 3, fields: ['2', 'plain, with comma', '3'] },
      ]);
      expect(await collect(readCsvRecords(chunked(tab, size)))).toEqual([
        { line: 1, fields: ['id', 'text'] },
        { line: 2, fields: ['1', 'hello, world; hi'] },
        { line: 3, fields: ['2', 'tab\there'] },
      ]);
    }
    // A delimiter inside a quoted header name does not count; a header with no delimiter is one comma column.
    expect((await collect(readCsvRecords(chunked('"a,b";c;d\n1;2;3\n', 2))))[1]).toEqual({ line: 2, fields: ['1', '2', '3'] });
    expect(await collect(readCsvRecords(chunked('text\nhello; there, you', 3)))).toEqual([
      { line: 1, fields: ['text'] },
      { line: 2, fields: ['hello; there', ' you'] },
    ]);
  });

  it('reads LF rows added after CRLF ones, and a last line without newline', async () => {
    expect(await collect(readCsvRecords(chunked('a,b\r\n1,x\r\n2,y\n3,z', 2)))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x'] },
      { line: 3, fields: ['2', 'y'] },
      { line: 4, fields: ['3', 'z'] },
    ]);
  });

  it('reports a quote that is never closed at the line where its record starts, after the rows before it', async () => {
    const text = 'id,text\n1,ok\n\n2,"never\nclosed\n3,more\n';
    for (const size of [1, 4, 1000]) {
      expect(await collect(readCsvRecords(chunked(text, size)))).toEqual([
        { line: 1, fields: ['id', 'text'] },
        { line: 2, fields: ['1', 'ok'] },
        { line: 4, error: 'a quoted field starting on line 4 is never closed' },
      ]);
    }
  });

  it('passes ragged rows on with their own cell counts (rows.ts words the error)', async () => {
    expect(await collect(readCsvRecords(chunked('a,b\n1\n2,x,y\n3,z\n', 3)))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1'] },
      { line: 3, fields: ['2', 'x', 'y'] },
      { line: 4, fields: ['3', 'z'] },
    ]);
  });

  it('keeps a stray quote inside an unquoted field', async () => {
    expect(await collect(readCsvRecords(chunked('a,b\n5" screen,x', 2)))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['5" screen', 'x'] },
    ]);
  });

  it('refuses a record over the limit at its first line and stops there (csv-parse cannot resync)', async () => {
    const text = `a,b\n1,ok\n2,"${'x\n'.repeat(20)}"\n3,ok\n`;
    expect(await collect(readCsvRecords(chunked(text, 3), { maxLineLength: 10 }))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'ok'] },
      { line: 3, error: 'the line is longer than 10 characters; the lines after it were not read' },
    ]);
  });

  it('returns nothing for an empty file', async () => {
    expect(await collect(readCsvRecords(chunked('', 1)))).toEqual([]);
    expect(await collect(readCsvRecords(chunked('\uFEFF\r\n\n', 1)))).toEqual([]);
  });

  it('fails a file that is not UTF-8', async () => {
    const bytes = new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xff, 0x0a]);
    await expect(collect(readCsvRecords(chunked(bytes, 3)))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
