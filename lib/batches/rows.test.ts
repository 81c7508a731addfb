import { describe, expect, it } from 'vitest';
import { createContentId, parseCsvHeader, toRowFromCsv, toRowFromJson, type CsvHeader } from './rows';

function header(names: string[]): CsvHeader {
  const parsed = parseCsvHeader(names);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.header;
}

describe('toRowFromJson', () => {
  it('accepts the flat and the nested shape alike', () => {
    const flat = toRowFromJson({ id: 'a1', prompt: 'p', responses: ['x', 'y'], gold: { choice: 'A' } });
    const nested = toRowFromJson({ id: 'a1', payload: { prompt: 'p', responses: ['x', 'y'] }, gold: { choice: 'A' } });
    expect(flat).toEqual(nested);
    expect(flat).toEqual({ ok: true, row: { externalId: 'a1', payload: { prompt: 'p', responses: ['x', 'y'] }, gold: { choice: 'A' } } });
  });

  it('takes external_id or a number, and derives a content id when none is given', () => {
    expect(toRowFromJson({ external_id: ' x ', text: 't' })).toMatchObject({ row: { externalId: 'x' } });
    expect(toRowFromJson({ id: 42, text: 't' })).toMatchObject({ row: { externalId: '42' } });
    const derived = toRowFromJson({ text: 't' });
    expect(derived).toMatchObject({ row: { externalId: createContentId({ text: 't' }) } });
    expect(createContentId({ text: 't' })).toMatch(/^sha256-[0-9a-f]{32}$/);
  });

  it('refuses bad ids and stray fields beside "payload"', () => {
    expect(toRowFromJson({ id: { x: 1 }, text: 't' })).toEqual({ ok: false, reason: '"id" must be text or a number' });
    expect(toRowFromJson({ id: 'x'.repeat(201), text: 't' })).toMatchObject({ ok: false });
    expect(toRowFromJson({ id: 'a', payload: { text: 't' }, text: 'u' })).toMatchObject({ ok: false, reason: expect.stringContaining('text') });
    expect(toRowFromJson({ id: 'a', payload: 'x' })).toMatchObject({ ok: false });
  });
});

describe('toRowFromCsv', () => {
  it('maps text columns, JSON columns, response_n columns and gold columns', () => {
    const h = header(['id', 'conversation', 'response_2', 'response_1', 'response_3', 'source', 'gold_ranking']);
    const row = toRowFromCsv('RANKING', h, ['r1', '[{"role":"user","content":"hi"}]', 'second', 'first', '', 'web', '1=0>2']);
    expect(row).toEqual({
      ok: true,
      row: {
        externalId: 'r1',
        payload: { conversation: [{ role: 'user', content: 'hi' }], source: 'web', responses: ['first', 'second'] },
        gold: { ranking: [[1, 0], [2]] },
      },
    });
  });

  it('builds gold answers per task type', () => {
    const gold = (type: Parameters<typeof toRowFromCsv>[0], names: string[], cells: string[]) => {
      const result = toRowFromCsv(type, header(['text', ...names]), ['t', ...cells]);
      return result.ok ? result.row.gold : result.reason;
    };
    expect(gold('CLASSIFICATION', ['gold_label'], ['positive'])).toEqual({ label: 'positive' });
    expect(gold('MULTI_LABEL', ['gold_labels'], ['a | b'])).toEqual({ labels: ['a', 'b'] });
    expect(gold('MULTI_LABEL', ['gold_labels'], ['[]'])).toEqual({ labels: [] });
    expect(gold('PAIRWISE', ['gold_choice'], ['B'])).toEqual({ choice: 'B' });
    expect(gold('RATING', ['gold_overall', 'gold_style'], ['5', '2'])).toEqual({ scores: { overall: 5, style: 2 } });
    expect(gold('PAIRWISE', ['gold'], ['{"choice":"A"}'])).toEqual({ choice: 'A' });
    expect(gold('PAIRWISE', ['gold'], ['{nope'])).toBe('column "gold" must hold JSON');
    expect(gold('CLASSIFICATION', ['gold_label'], [''])).toBeUndefined();
  });

  it('refuses rows with the wrong number of cells and bad headers', () => {
    expect(toRowFromCsv('CLASSIFICATION', header(['id', 'text']), ['1'])).toEqual({
      ok: false,
      reason: 'expected 2 columns like the header row, found 1',
    });
    expect(parseCsvHeader(['id', 'text', 'text'])).toEqual({ error: 'the header row names the column "text" twice' });
    expect(parseCsvHeader(['id', ''])).toMatchObject({ error: expect.any(String) });
    expect(parseCsvHeader(['responses', 'response_1'])).toMatchObject({ error: expect.any(String) });
  });
});
