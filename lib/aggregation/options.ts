/**
 * Aggregation options, checked with zod wherever they come in (export requests, direct calls). Isomorphic.
 * Bad values are refused with a message that names the field: `smoothing: 0` would otherwise turn every
 * posterior into NaN (log 0 − log 0) without an error.
 */
import { z } from 'zod';
import { DEFAULT_TIE_SEED } from './tie-break';

export const aggregationMethods = ['dawid_skene', 'bayesian_dawid_skene', 'mace', 'majority'] as const;
export type AggregationMethod = (typeof aggregationMethods)[number];

const finite = (name: string) => z.number({ error: `${name} must be a number` }).refine(Number.isFinite, `${name} must be finite`);

/** EM settings shared by Dawid-Skene and its Bayesian variant. */
export const emOptionsSchema = z.object({
  maxIterations: z
    .number()
    .int('maxIterations must be a whole number')
    .min(1, 'maxIterations must be at least 1')
    .max(1000, 'maxIterations must be at most 1000')
    .default(100),
  tolerance: finite('tolerance').gt(0, 'tolerance must be > 0').max(1, 'tolerance must be at most 1').default(1e-6),
  /** Additive smoothing of class priors and confusion rows. Must be > 0: zero counts would give log(0). */
  smoothing: finite('smoothing').gt(0, 'smoothing must be > 0 (0 turns unseen confusions into log 0 and posteriors into NaN)').max(100, 'smoothing must be at most 100').default(0.01),
});

/** Dirichlet pseudo-counts on each worker's confusion rows (Bayesian Dawid-Skene). */
export const workerPriorSchema = z
  .object({
    /** Pseudo-count of "says the true class" per row. */
    correct: finite('workerPrior.correct').gt(0, 'workerPrior.correct must be > 0').max(1000).default(4),
    /** Pseudo-count of each wrong class per row. */
    wrong: finite('workerPrior.wrong').gt(0, 'workerPrior.wrong must be > 0').max(1000).default(1),
  })
  .refine((p) => p.correct >= p.wrong, { message: 'workerPrior.correct must be at least workerPrior.wrong (a prior that expects workers to be wrong flips labels)' });

/** MACE priors: Beta(a, b) on each worker's chance of answering in earnest, Dirichlet(c) on the spam answers. */
export const macePriorSchema = z.object({
  a: finite('mace.a').gt(0, 'mace.a must be > 0').max(1000).default(2),
  b: finite('mace.b').gt(0, 'mace.b must be > 0').max(1000).default(1),
  c: finite('mace.c').gt(0, 'mace.c must be > 0').max(1000).default(1),
});

export const aggregationOptionsSchema = emOptionsSchema.extend({
  method: z.enum(aggregationMethods).default('dawid_skene'),
  workerPrior: workerPriorSchema.default({ correct: 4, wrong: 1 }),
  mace: macePriorSchema.default({ a: 2, b: 1, c: 1 }),
  /** Seed of the tie-breaking draw (see tie-break.ts). */
  tieSeed: z.string().trim().min(1, 'tieSeed must not be empty').max(100).default(DEFAULT_TIE_SEED),
});
export type AggregationOptions = z.output<typeof aggregationOptionsSchema>;
export type AggregationOptionsInput = z.input<typeof aggregationOptionsSchema>;

/** Thrown for options that fail the schema; the message lists every problem by field. */
export class AggregationOptionsError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid aggregation options: ${issues.join('; ')}`);
    this.name = 'AggregationOptionsError';
  }
}

/** Parses options or throws AggregationOptionsError with readable messages. */
export function parseWithClearErrors<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new AggregationOptionsError(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)));
}
