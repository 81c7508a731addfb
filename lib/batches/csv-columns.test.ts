import { describe, expect, it } from 'vitest';
import { exampleTaskTypes, createExampleFile } from './example-files';
import { checkCsvColumns } from './csv-columns';

const headerOf = (text: string) => text.split(/\r?\n/)[0]!.split(',');

describe('checkCsvColumns', () => {
  it('accepts the header of every example file, plain and gold', () => {
    for (const type of exampleTaskTypes) {
      expect(checkCsvColumns(type, headerOf(createExampleFile(type, 'csv', false)))).toBeNull();
      if (type !== 'WRITING') expect(checkCsvColumns(type, headerOf(createExampleFile(type, 'csv', true)))).toBeNull();
    }
  });

  it('names what is missing, the columns it does not read as task fields, and the expected columns', () => {
    expect(checkCsvColumns('CLASSIFICATION', ['id', 'sentence', 'label'])).toBe(
      'The header row is missing "text". Columns not used as task fields: "sentence", "label". Expected columns: id (optional), text, title (optional), gold_label (gold files). Nothing was imported.',
    );
    expect(checkCsvColumns('RATING', ['prompt', 'answer'])).toContain('missing "response"');
    expect(checkCsvColumns('PAIRWISE', ['conversation', 'responses'])).toBeNull();
    expect(checkCsvColumns('RANKING', ['prompt', 'response_1'])).toContain('response_1 … response_2');
  });
});
