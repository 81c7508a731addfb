import { describe, expect, it } from 'vitest';
import { buildCardFrontMatter, toHubLicense, toSizeCategory } from './card-meta';

describe('dataset card front matter', () => {
  it('maps licences to Hub ids, anything else to other with a name', () => {
    expect(toHubLicense('CC-BY-4.0')).toEqual({ license: 'cc-by-4.0' });
    expect(toHubLicense(' Apache-2.0 ')).toEqual({ license: 'apache-2.0' });
    expect(toHubLicense(null)).toEqual({ license: 'other' });
    expect(toHubLicense('Internal use only')).toEqual({ license: 'other', license_name: 'internal-use-only' });
  });
  it('puts row counts in the Hub size buckets', () => {
    expect([0, 999, 1000, 9999, 10_000, 999_999, 1_000_000].map(toSizeCategory)).toEqual(['n<1K', 'n<1K', '1K<n<10K', '1K<n<10K', '10K<n<100K', '100K<n<1M', '1M<n<10M']);
  });
  it('names the downloaded files per split, quotes every value, and declares the columns', () => {
    const yaml = buildCardFrontMatter({
      projectTitle: 'Support: "replies" #2',
      taskType: 'WRITING',
      format: 'ALPACA',
      container: 'lines',
      licence: 'MIT',
      language: 'fr',
      rows: { train: 1500, validation: 0 },
    });
    expect(yaml).toBe(
      [
        '---',
        'license: "mit"',
        'language:',
        '- "fr"',
        'annotations_creators:',
        '- "crowdsourced"',
        'source_datasets:',
        '- "original"',
        'task_categories:',
        '- "text-generation"',
        'size_categories:',
        '- "1K<n<10K"',
        'pretty_name: "Support: \\"replies\\" #2"',
        'tags:',
        '- "boltwork"',
        '- "human-feedback"',
        'configs:',
        '- config_name: "default"',
        '  data_files:',
        '  - split: "train"',
        '    path: "support-replies-2-alpaca-train.jsonl"',
        'dataset_info:',
        '  features:',
        '    - name: "instruction"',
        '      dtype: "string"',
        '    - name: "input"',
        '      dtype: "string"',
        '    - name: "output"',
        '      dtype: "string"',
        '    - name: "system"',
        '      dtype: "string"',
        '    - name: "history"',
        '      sequence:',
        '        sequence: "string"',
        '---',
        '',
      ].join('\n'),
    );
  });
  it('an unsplit export is the train split; raw formats declare no columns', () => {
    const yaml = buildCardFrontMatter({ projectTitle: 'P', taskType: 'CLASSIFICATION', format: 'RAW_CSV',
      container: 'lines', licence: null, language: 'en', rows: { all: 3 } });
    expect(yaml).toContain('  - split: "train"\n    path: "p-raw-csv-all.csv"');
    expect(yaml).toContain('task_categories:\n- "text-classification"');
    expect(yaml).not.toContain('dataset_info');
  });
  it('a split raw JSONL export declares every column: typed fixed fields, json for the free-form ones', () => {
    const yaml = buildCardFrontMatter({ projectTitle: 'P', taskType: 'PAIRWISE', format: 'RAW_JSONL',
      container: 'lines', licence: null, language: 'en', rows: { train: 9, validation: 12 } });
    const names = [...yaml.matchAll(/- name: "(\w+)"\n\s+dtype: "(\w+)"/g)].map(([, name, dtype]) => `${name}:${dtype}`);
    expect(names).toEqual(['judgment_id:string', 'item_id:string', 'worker_id:string', 'answer:json', 'shown_order:json', 'duration_ms:int64',
      'is_gold:bool', 'gold_correct:bool', 'status:string', 'created_at:string', 'payload:json']);
    // One file has nothing to agree with: inference keeps the structs.
    const unsplit = buildCardFrontMatter({ projectTitle: 'P', taskType: 'PAIRWISE', format: 'RAW_JSONL',
      container: 'lines', licence: null, language: 'en', rows: { train: 9, validation: 0 } });
    expect(unsplit).not.toContain('dataset_info');
  });
  it('a Parquet export names its .parquet files and leaves the columns to the files\' own schema', () => {
    const yaml = buildCardFrontMatter({ projectTitle: 'P', taskType: 'WRITING', format: 'ALPACA',
      container: 'parquet', licence: null, language: 'de', rows: { train: 1, validation: 2 } });
    expect(yaml).toContain('  - split: "train"\n    path: "p-alpaca-train.parquet"\n  - split: "validation"\n    path: "p-alpaca-validation.parquet"');
    expect(yaml).toContain('language:\n- "de"');
    expect(yaml).not.toContain('dataset_info');
  });
});
