// The example files offered on the upload page must stay valid: each one is read with the real parser and
// validated with the real task-type rules under the default config.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTypeConfig, exampleItems } from '@/lib/tasks';
import { createExampleFile, exampleFileName, exampleTaskTypes, hasGoldExamples } from './example-files';
import { readRows } from './read-rows';
import { batchFormats } from './schemas';
import { validateRow } from './validate-row';

async function* fileBytes(file: string): AsyncGenerator<Uint8Array> {
  // Small reads so rows cross chunk boundaries, like a network upload.
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 97 })) yield chunk as Uint8Array;
}

const cases = exampleTaskTypes.flatMap((type) =>
  batchFormats.flatMap((format) =>
    (hasGoldExamples(type) ? [false, true] : [false]).map((isGold) => ({ type, format, isGold })),
  ),
);

describe('example upload files', () => {
  it.each(cases)('$type $format gold=$isGold is valid and up to date', async ({ type, format, isGold }) => {
    const file = path.resolve('public/examples', exampleFileName(type, format, isGold));
    expect(fs.readFileSync(file, 'utf8'), 'regenerate with lib/batches/write-example-files.ts').toBe(
      createExampleFile(type, format, isGold),
    );
    const rules = { taskType: type, typeConfig: defaultTypeConfig[type], isGold };
    const ids: string[] = [];
    for await (const entry of readRows(fileBytes(file), format, type)) {
      if ('error' in entry) throw new Error(`line ${entry.line}: ${entry.error}`);
      validateRow(rules, entry.row);
      ids.push(entry.row.externalId);
    }
    const expected = exampleItems[type].filter((item) => !isGold || item.goldAnswer !== undefined).length;
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
  });

  it('reads the same payloads and gold answers from the JSONL and CSV files', async () => {
    const read = async (format: 'jsonl' | 'csv') => {
      const rows = [];
      for await (const entry of readRows(fileBytes(path.resolve('public/examples', `ranking-gold.${format}`)), format, 'RANKING')) {
        if ('row' in entry) rows.push(entry.row);
      }
      return rows;
    };
    expect(await read('csv')).toEqual(await read('jsonl'));
  });
});
