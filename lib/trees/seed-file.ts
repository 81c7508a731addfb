// A file of seed prompts for a tree project (pure, isomorphic): JSONL lines `{"prompt", "externalId"?, "lang"?}`, or
// CSV/TSV rows under a header with a `prompt` column (and optional `externalId`, `lang`). Each line becomes a seed or
// its reason; duplicates inside the file are marked so the store skips them.
import { z } from 'zod';
import type { TreeConfig } from './config';
import { toTextKey } from './text';
import { describeIssues, type LineError, type UploadRecord } from './upload-lines';

export type SeedPrompt = { line: number; prompt: string; textKey: string; externalId: string | null; lang: string | null };

const optionalCell = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((value) => (value === '' || value === undefined ? null : value));

const seedLineSchema = z.strictObject({
  prompt: z.string({ error: 'give the prompt as text' }),
  externalId: optionalCell,
  lang: z
    .string()
    .trim()
    .regex(/^([a-z]{2,3}(-[A-Za-z0-9]{2,8})?)?$/, 'a language code such as en or pt-BR')
    .optional()
    .transform((value) => (value === '' || value === undefined ? null : value)),
});

/** One line of a seed file → its seed, or why not (the prompt checked against the project's text limits). */
export function toSeedPrompt(record: UploadRecord, config: Pick<TreeConfig, 'minTextLength' | 'maxTextLength'>): SeedPrompt | LineError {
  const { line, value } = record;
  if ('messages' in value) return { line, reason: 'conversation prefixes (messages) are not supported yet: give a single prompt' };
  const parsed = seedLineSchema.safeParse(value);
  if (!parsed.success) return { line, reason: describeIssues(parsed.error.issues) };
  const prompt = parsed.data.prompt.trim();
  if (prompt === '' || toTextKey(prompt) === '') return { line, reason: 'prompt: empty' };
  if (prompt.includes('\u0000')) return { line, reason: 'prompt: contains U+0000, which can’t be stored' };
  if (prompt.length > config.maxTextLength) return { line, reason: `prompt: ${prompt.length} characters, at most ${config.maxTextLength} allowed` };
  if (prompt.length < config.minTextLength) return { line, reason: `prompt: ${prompt.length} characters, at least ${config.minTextLength} needed` };
  return { line, prompt, textKey: toTextKey(prompt), externalId: parsed.data.externalId, lang: parsed.data.lang };
}

export type ParsedSeeds = { seeds: SeedPrompt[]; duplicatesInFile: number; errors: LineError[] };

/**
 * The file's seeds in line order. A seed whose externalId or folded prompt text appeared on an earlier line is a
 * duplicate (counted, not returned), so a file that repeats itself seeds each prompt once.
 */
export function toSeedPrompts(records: UploadRecord[], config: Pick<TreeConfig, 'minTextLength' | 'maxTextLength'>): ParsedSeeds {
  const seeds: SeedPrompt[] = [];
  const errors: LineError[] = [];
  const seenIds = new Set<string>();
  const seenKeys = new Set<string>();
  let duplicatesInFile = 0;
  for (const record of records) {
    const seed = toSeedPrompt(record, config);
    if ('reason' in seed) {
      errors.push(seed);
      continue;
    }
    if ((seed.externalId !== null && seenIds.has(seed.externalId)) || seenKeys.has(seed.textKey)) {
      duplicatesInFile += 1;
      continue;
    }
    if (seed.externalId !== null) seenIds.add(seed.externalId);
    seenKeys.add(seed.textKey);
    seeds.push(seed);
  }
  return { seeds, duplicatesInFile, errors };
}
