// CSV files as spreadsheets write them, read through the real reader and task-type rules. The fixtures hold the same
// three PAIRWISE rows in each export's byte layout (written by hand to match those exports: no spreadsheet runs here):
//   excel-csv-utf8.csv            Excel "CSV UTF-8 (Comma delimited)": BOM, CRLF, LF for a line break inside a cell
//   excel-csv-utf8-semicolon.csv  the same save where the list separator is ";" (German, French Windows): "4,5" unquoted
//   libreoffice.csv               LibreOffice Calc "Text CSV" defaults on Linux: no BOM, LF, quotes only where needed
//   tab-separated.tsv             a tab-separated export
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunked, collect } from '@/test/byte-chunks';
import { defaultTypeConfig } from '@/lib/tasks';
import { readRows } from './read-rows';
import { validateRow } from './validate-row';

const fixtures = ['excel-csv-utf8.csv', 'excel-csv-utf8-semicolon.csv', 'libreoffice.csv', 'tab-separated.tsv'];
const rules = { taskType: 'PAIRWISE' as const, typeConfig: defaultTypeConfig.PAIRWISE, isGold: false };

describe('readRows on spreadsheet exports', () => {
  it.each(fixtures)('%s reads the same three valid rows at their first lines', async (name) => {
    const bytes = fs.readFileSync(path.resolve('lib/batches/fixtures', name));
    for (const size of [7, 65_536]) {
      const entries = await collect(readRows(chunked(new Uint8Array(bytes), size), 'csv', 'PAIRWISE'));
      expect(entries.map((entry) => entry.line)).toEqual([2, 3, 6]);
      const rows = entries.map((entry) => ('row' in entry ? entry.row : entry.error));
      for (const row of rows) if (typeof row !== 'string') validateRow(rules, row);
      expect(rows).toEqual([
        { externalId: 's1', payload: { prompt: 'How many legs does a spider have?', responses: ['Eight.', 'Six.'] }, gold: undefined },
        { externalId: 's2', payload: { prompt: 'Write a haiku, please', responses: ['Autumn moon —\nleaves fall', 'Roses are red,\nviolets are "blue"'] }, gold: undefined },
        { externalId: 's3', payload: { prompt: 'Is 4,5 more than 4; or less?', responses: ['Café crème: 4,5 > 4', 'Less.'] }, gold: undefined },
      ]);
    }
  });
});

describe('readRows line errors', () => {
  it('words ragged rows as before, at the right line after a quoted newline, and reads the rows around them', async () => {
    const text = 'id;text\r\n1;"two\r\nlines"\r\n2\r\n3;ok\r\n4;x;y\r\n5;"never closed\r\n6;z\r\n';
    const entries = await collect(readRows(chunked(text, 5), 'csv', 'CLASSIFICATION'));
    expect(entries.map((entry) => ('row' in entry ? [entry.line, entry.row.externalId] : [entry.line, entry.error]))).toEqual([
      [2, '1'],
      [4, 'expected 2 columns like the header row, found 1'],
      [5, '3'],
      [6, 'expected 2 columns like the header row, found 3'],
      [7, 'a quoted field starting on line 7 is never closed'],
    ]);
  });

  it('gives the file-level wrong-columns error for a semicolon file too', async () => {
    await expect(collect(readRows(chunked('\uFEFFid;sentence\r\n1;hi\r\n', 4), 'csv', 'CLASSIFICATION'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('The header row is missing "text". Columns not used as task fields: "sentence".'),
    });
  });
});
