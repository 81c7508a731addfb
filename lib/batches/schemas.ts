// Batch and item shapes shared by the upload route, the team API (OpenAPI) and the UI. Isomorphic.
import { z } from 'zod';

export const batchFormats = ['jsonl', 'csv'] as const;
export const importModes = ['all_or_nothing', 'skip_invalid'] as const;
export type BatchFormat = (typeof batchFormats)[number];
export type ImportMode = (typeof importModes)[number];

/** Errors kept on a batch; every one is still counted. */
export const MAX_STORED_ERRORS = 1000;
export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export const batchErrorSchema = z.object({ line: z.int().min(0), reason: z.string() });
export type BatchError = z.infer<typeof batchErrorSchema>;

export const batchDtoSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  status: z.enum(['VALIDATING', 'IMPORTING', 'IMPORTED', 'PARTIAL', 'FAILED']),
  fileName: z.string(),
  format: z.string(),
  isGold: z.boolean(),
  totalRows: z.int(),
  importedRows: z.int(),
  /** Rows that failed validation (duplicates are counted apart). */
  errorRows: z.int(),
  duplicateRows: z.int(),
  /** The first 1,000 problems, invalid rows and duplicates alike, in file order. */
  errors: z.array(batchErrorSchema),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export type BatchDto = z.infer<typeof batchDtoSchema>;

export const itemDtoSchema = z.object({
  id: z.uuid(),
  externalId: z.string(),
  payload: z.record(z.string(), z.unknown()).describe('As uploaded: a `<TaskType>Payload` of the project’s task type.'),
  isGold: z.boolean(),
  goldAnswer: z.unknown().nullable().describe('A gold item’s known answer (`<TaskType>Gold`); null otherwise.'),
  status: z.enum(['OPEN', 'DONE', 'CANCELLED']),
  judgmentsNeeded: z.int(),
  judgmentsDone: z.int(),
  createdAt: z.iso.datetime(),
});
export type ItemDto = z.infer<typeof itemDtoSchema>;

export const listItemsQuerySchema = z.object({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  status: z.enum(['OPEN', 'DONE', 'CANCELLED']).optional(),
});
export type ListItemsQuery = z.input<typeof listItemsQuerySchema>;

const booleanParam = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Query parameters of an upload (the body is the raw file). */
export const uploadQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  format: z.enum(batchFormats),
  isGold: booleanParam.default(false),
  mode: z.enum(importModes).default('all_or_nothing'),
  idempotencyKey: z.string().trim().min(1).max(255).optional(),
});
export type UploadQuery = z.infer<typeof uploadQuerySchema>;

/** The format from a file name, for the upload form: .jsonl/.ndjson/.json → jsonl, .csv/.tsv → csv (the CSV reader finds the tabs). */
export function guessFormat(fileName: string): BatchFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return null;
}
