import { z } from 'zod';
import { hasNoNul, NUL_FIELD_MESSAGE } from '@/lib/http/nul';

export const adminProjectStatusSchema = z.object({
  projectId: z.uuid(),
  intent: z.enum(['pause', 'resume']),
  reason: z.string().trim().min(3, 'Give a reason.').max(500).refine(hasNoNul, NUL_FIELD_MESSAGE),
});

const optionalText = (max: number) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().trim().max(max).optional());
const optionalDate = z.preprocess((value) => (value === '' || value === null ? undefined : value), z.coerce.date().optional());

/** Audit log search, from the page's query string (GET form) or the CSV export's. */
export const auditSearchSchema = z.object({
  action: optionalText(100),
  actor: optionalText(320),
  targetType: optionalText(100),
  targetId: optionalText(100),
  from: optionalDate,
  to: optionalDate,
  /** Keyset cursor: the id of the last row seen (uuid v7 ids sort by time). */
  before: z.preprocess((value) => (value === '' ? undefined : value), z.uuid().optional()),
}).refine((search) => !search.from || !search.to || search.from <= search.to, { message: 'From is after To: no entry can match.', path: ['to'] });
export type AuditSearch = z.infer<typeof auditSearchSchema>;
