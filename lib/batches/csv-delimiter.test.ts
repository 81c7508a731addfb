import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { detectCsvDelimiter, findHeaderEnd } from './csv-delimiter';

describe('detectCsvDelimiter', () => {
  it('picks the delimiter that splits the header line, outside quotes', () => {
    expect(detectCsvDelimiter('id,text,gold_label')).toBe(',');
    expect(detectCsvDelimiter('id;text;gold_label\r\n1;a,b;c')).toBe(';');
    expect(detectCsvDelimiter('id\ttext\n')).toBe('\t');
    expect(detectCsvDelimiter('"a,b,c";d;e')).toBe(';');
  });

  it("gets right the prose files that csv-parse's own delimiter_auto splits on spaces (why it is not used)", () => {
    const file = 'id;text\n' + Array.from({ length: 20 }, (_, i) => `${i};Price 4,5 euros, or 5,0 with tax, item ${i}`).join('\n');
    expect(parse(file, { delimiter_auto: true, relax_column_count: true })[1]).toEqual(['0;Price', '4,5', 'euros,', 'or', '5,0', 'with', 'tax,', 'item', '0']);
    expect(parse(file, { delimiter: detectCsvDelimiter(file) })[1]).toEqual(['0', 'Price 4,5 euros, or 5,0 with tax, item 0']);
  });

  it('falls back to comma on a tie or a one-column header', () => {
    expect(detectCsvDelimiter('a;b,c')).toBe(',');
    expect(detectCsvDelimiter('text')).toBe(',');
    expect(detectCsvDelimiter('')).toBe(',');
  });
});

describe('findHeaderEnd', () => {
  it('finds the first newline outside quotes, or -1 until it arrives', () => {
    expect(findHeaderEnd('a,b\n1,2\n')).toBe(3);
    expect(findHeaderEnd('"a\nb",c\r\n')).toBe(8);
    expect(findHeaderEnd('"a\n""b')).toBe(-1);
  });
});
