import { describe, expect, it } from 'vitest';
import { createExportInputSchema } from './schemas';

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
});
