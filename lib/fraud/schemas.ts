import { z } from 'zod';
import { hasNoNul, NUL_FIELD_MESSAGE } from '@/lib/http/nul';

/** Admin decisions on a flagged worker; the reason is shown to the worker for pause and ban. */
export const workerDecisionSchema = z.object({
  workerId: z.uuid(),
  reason: z.string().trim().min(3, 'Give a reason.').max(500).refine(hasNoNul, NUL_FIELD_MESSAGE),
});
export type WorkerDecisionInput = z.infer<typeof workerDecisionSchema>;

export const banWorkerSchema = workerDecisionSchema.extend({
  // A ban rejects every pending judgment: the form asks the admin to type BAN so it is never a slip.
  confirm: z.literal('BAN', { error: 'Type BAN to confirm.' }),
});

export const flagListFilterSchema = z.enum(['OPEN', 'ACTIONED', 'CLEARED']).catch('OPEN');
