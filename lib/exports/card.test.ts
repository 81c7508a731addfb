import { describe, expect, it } from 'vitest';
import { buildDatasetCard, type CardInput } from './card';

const cardInput = (overrides: Partial<CardInput>): CardInput => ({
  projectTitle: 'Spider legs',
  taskType: 'PAIRWISE',
  taskTypeLabel: 'Compare two answers',
  format: 'OPENAI_DPO',
  container: 'lines',
  instructions: 'Pick the correct answer.',
  licence: 'CC-BY-4.0',
  language: 'en',
  filters: { status: 'approved', gold: 'include', split: { validationRatio: 0.1, seed: 'v1' } },
  stats: {
    rows: { train: 9, validation: 1 },
    items: { train: 9, validation: 1 },
    dropped: {},
    filteredOut: 0,
    agreement: { krippendorffAlpha: null, percentAgreement: null, units: 0 },
    gold: { judged: 0, correct: 0, accuracy: null },
    gzipBytes: 0,
    rawBytes: 0,
  },
  generatedAt: new Date('2026-12-07T00:00:00Z'),
  version: 'test',
  ...overrides,
});

describe('dataset card', () => {
  it('a Parquet export names its .parquet files in configs and says how to load them', () => {
    const card = buildDatasetCard(cardInput({ container: 'parquet' }));
    expect(card).toContain('  - split: "train"\n    path: "spider-legs-openai-dpo-train.parquet"\n  - split: "validation"\n    path: "spider-legs-openai-dpo-validation.parquet"');
    expect(card).not.toContain('.jsonl');
    expect(card).toContain('## Files\n\n- Parquet, one file per part (`spider-legs-openai-dpo-train.parquet`, `spider-legs-openai-dpo-validation.parquet`)');
    expect(card).toContain('`load_dataset("parquet", data_files={"train": "spider-legs-openai-dpo-train.parquet", "validation": "spider-legs-openai-dpo-validation.parquet"})`');
    expect(card).toContain("which reads the files named in this card's `configs`");
  });
  it('an unsplit Parquet export loads as the train split; JSONL cards have no Files section', () => {
    const unsplit = buildDatasetCard(cardInput({ container: 'parquet', filters: { status: 'approved', gold: 'include' }, stats: { ...cardInput({}).stats, rows: { all: 10 }, items: { all: 10 } } }));
    expect(unsplit).toContain('data_files={"train": "spider-legs-openai-dpo-all.parquet"}');
    const lines = buildDatasetCard(cardInput({}));
    expect(lines).toContain('path: "spider-legs-openai-dpo-train.jsonl"');
    expect(lines).not.toContain('## Files');
    expect(lines).not.toContain('parquet');
  });
});
