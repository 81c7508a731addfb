// Export input/output shapes, shared by the form, the server action, the team API and the job. Isomorphic.
import { z } from 'zod';
import { aggregationOptionsSchema } from '@/lib/aggregation/options';
import { ExportFormat, ExportStatus } from '@/lib/generated/prisma/enums';

export const exportFormats = Object.values(ExportFormat) as [ExportFormat, ...ExportFormat[]];
export const exportFormatSchema = z.enum(exportFormats);

/** Stored parts; `all` of a split export is served as train followed by validation. */
export const exportParts = ['all', 'train', 'validation'] as const;
export type ExportPart = (typeof exportParts)[number];
export const exportPartSchema = z.enum(exportParts);

/** `lines`: the format's own file (JSONL, or CSV for the *_CSV formats). `parquet`: the same rows of a JSONL format as Parquet. */
export const exportContainers = ['lines', 'parquet'] as const;
export type ExportContainer = (typeof exportContainers)[number];
export const exportContainerSchema = z
  .enum(exportContainers)
  .describe('lines: the format\'s own JSONL or CSV file; parquet: the same rows of a JSONL format as one Parquet file per part');

const isoDate = z.coerce.date();
/** API/form input: an ISO 8601 date-time (with offset) or a plain date (UTC midnight). JSON-schema friendly. */
const isoDateInput = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const exportSplitSchema = z.object({
  validationRatio: z.number().min(0).max(0.5),
  seed: z.string().trim().min(1).max(100),
});

export const exportFiltersSchema = z
  .object({
    status: z
      .enum(['approved', 'all'])
      .default('approved')
      .describe('approved: approved judgments only (tree formats: READY trees only); all: every judgment (tree formats: every tree, whatever its state)'),
    minAgreement: z.number().min(0).max(1).optional(),
    minConfidence: z.number().min(0).max(1).optional(),
    gold: z.enum(['include', 'exclude', 'only']).default('include'),
    batchId: z.uuid().optional(),
    from: isoDateInput.optional(),
    to: isoDateInput.optional(),
    split: exportSplitSchema.optional(),
    aggregation: aggregationOptionsSchema.optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), { path: ['to'], message: '"to" must not be before "from"' });
export type ExportFilters = z.output<typeof exportFiltersSchema>;
export type ExportFiltersInput = z.input<typeof exportFiltersSchema>;

export const createExportInputSchema = z.object({
  format: exportFormatSchema,
  container: exportContainerSchema.default('lines'),
  filters: exportFiltersSchema.default({ status: 'approved', gold: 'include' }),
  licence: z.string().trim().max(200).optional(),
  /** ISO 639-1/639-3 code of the data for the dataset card's Hub `language` ("en" when left out). */
  language: z
    .string()
    .trim()
    .regex(/^([a-z]{2,3}|multilingual|code)$/, 'must be an ISO 639 code such as "en" or "fra", "multilingual" or "code"')
    .optional(),
});
export type CreateExportInput = z.input<typeof createExportInputSchema>;

/** Refusals of the action's zod schema, one message per field (the first one zod gives for it). */
export function describeExportInputIssues(error: z.ZodError): { error: string; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (!(path in fieldErrors)) fieldErrors[path] = issue.message;
  }
  const [first] = error.issues;
  const firstPath = first ? first.path.map(String).join('.') : '';
  return { error: first ? (firstPath ? `${firstPath}: ${first.message}` : first.message) : 'Invalid input.', fieldErrors };
}

export type ParsedCreateExportInput = z.output<typeof createExportInputSchema>;

/** What is stored in Export.filters: the parsed filters plus the licence asked for (dates as ISO strings). */
export const storedFiltersSchema = z.object({
  status: z.enum(['approved', 'all']).default('approved'),
  minAgreement: z.number().optional(),
  minConfidence: z.number().optional(),
  gold: z.enum(['include', 'exclude', 'only']).default('include'),
  batchId: z.string().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  split: exportSplitSchema.optional(),
  // Checked where it is used (lib/exports/aggregate-read.ts), so a bad stored value fails with its own message.
  aggregation: z.unknown().optional(),
  licence: z.string().optional(),
  language: z.string().optional(),
});
export type StoredFilters = z.output<typeof storedFiltersSchema>;

export const exportDtoSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  format: exportFormatSchema,
  container: exportContainerSchema,
  status: z.enum(Object.values(ExportStatus) as [ExportStatus, ...ExportStatus[]]),
  filters: z.record(z.string(), z.unknown()),
  rowsTotal: z.number().int().nullable(),
  rowsWritten: z.number().int(),
  progress: z.number().min(0).max(1),
  fileBytes: z.number().int().nullable(),
  parts: z.array(exportPartSchema),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type ExportDto = z.infer<typeof exportDtoSchema>;

/** One judgment as the team sees it: the worker is pseudonymous (stable per team, unlinkable across teams). */
export const judgmentDtoSchema = z.object({
  id: z.uuid(),
  itemId: z.string().describe('the item external id'),
  workerId: z.string().describe('first 16 hex of sha256(team salt + worker id)'),
  answer: z.unknown(),
  shownOrder: z.array(z.number().int()).nullable(),
  durationMs: z.number().int(),
  isGold: z.boolean(),
  goldCorrect: z.boolean().nullable(),
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
  createdAt: z.string(),
});
export type JudgmentDto = z.infer<typeof judgmentDtoSchema>;

export const listJudgmentsQuerySchema = z.object({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED']).optional(),
  since: isoDateInput.optional(),
});
export type ListJudgmentsQuery = z.input<typeof listJudgmentsQuerySchema>;
