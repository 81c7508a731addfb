import { describe, expect, it } from 'vitest';
import { guessFormat } from './schemas';

describe('guessFormat', () => {
  it('reads JSONL names as jsonl, and CSV and TSV exports as csv (the reader finds the delimiter)', () => {
    expect(guessFormat('items.JSONL')).toBe('jsonl');
    expect(guessFormat('items.ndjson')).toBe('jsonl');
    expect(guessFormat('Sheet1.csv')).toBe('csv');
    expect(guessFormat('Sheet1.tsv')).toBe('csv');
    expect(guessFormat('items.xlsx')).toBeNull();
  });
});
