import { describe, expect, it } from 'vitest';
import { createExportInputSchema, describeExportInputIssues } from './schemas';

describe('export request', () => {
  it('takes an ISO 639 language for the dataset card, or multilingual/code, and refuses anything else', () => {
    for (const language of ['en', 'fra', 'multilingual', 'code']) {
      expect(createExportInputSchema.parse({ format: 'TRL_PREFERENCE', language }).language).toBe(language);
    }
    expect(createExportInputSchema.parse({ format: 'TRL_PREFERENCE' }).language).toBeUndefined();
    for (const language of ['EN', 'en-US', 'english', '']) {
      expect(createExportInputSchema.safeParse({ format: 'TRL_PREFERENCE', language }).success, language).toBe(false);
    }
  });
  it('names the field of each refusal, for the form to show beside it', () => {
    const parsed = createExportInputSchema.safeParse({ format: 'AGGREGATED_JSONL', language: 'english', filters: { aggregation: { method: 'mode' } } });
    if (parsed.success) throw new Error('expected a refusal');
    const { error, fieldErrors } = describeExportInputIssues(parsed.error);
    expect(Object.keys(fieldErrors).sort()).toEqual(['filters.aggregation.method', 'language']);
    expect(fieldErrors.language).toMatch(/ISO 639/);
    expect(error).toMatch(/^(language|filters\.aggregation\.method): /);
  });
});
