// Review queue filters and review/appeal inputs: shared by the admin page (search params), the server actions and
// the domain functions. Isomorphic: no server-only imports.
import { z } from 'zod';
import { hasNoNul, NUL_FIELD_MESSAGE } from '@/lib/http/nul';

export const reviewStatuses = ['PENDING', 'REJECTED', 'APPROVED', 'APPEAL'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

/** `worker` is a worker profile id or a display name (exact, case-insensitive); `status` APPEAL = open appeals. */
export const reviewFilterSchema = z.object({
  projectId: z.union([z.uuid(), z.literal('')]).optional().transform((value) => value || undefined),
  worker: optionalText(100),
  status: z.enum(reviewStatuses).catch('PENDING').default('PENDING'),
  flag: optionalText(60),
});
export type ReviewFilter = { projectId?: string; worker?: string; status: ReviewStatus; flag?: string };
export type ReviewFilterInput = z.input<typeof reviewFilterSchema>;

export const rejectReasonSchema = z.string().trim().min(3, 'Give a reason of 3 to 500 characters.').max(500, 'Give a reason of 3 to 500 characters.').refine(hasNoNul, NUL_FIELD_MESSAGE);
export const appealTextSchema = z
  .string()
  .trim()
  .min(10, 'Explain your appeal in 10 to 1000 characters.')
  .max(1000, 'Explain your appeal in 10 to 1000 characters.')
  .refine(hasNoNul, NUL_FIELD_MESSAGE);
export const appealDecisions = ['UPHOLD', 'DENY'] as const;
export type AppealDecision = (typeof appealDecisions)[number];
export const appealNoteSchema = z.string().trim().max(500, 'Keep the note under 500 characters.').refine(hasNoNul, NUL_FIELD_MESSAGE);
