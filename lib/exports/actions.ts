'use server';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { requireProjectRole } from '@/lib/teams/access';
import { createExportInputSchema, describeExportInputIssues, type ExportDto } from './schemas';
import { createExport } from './service';

const createExportActionSchema = createExportInputSchema.extend({
  projectId: z.uuid(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});

/**
 * `fieldErrors` is keyed by the input path (`language`, `filters.aggregation.method`, …) so the form can show each
 * message beside its field; `error` is the first of them, prefixed with the field, for a summary line.
 */
export type CreateExportResult = { ok: true; export: ExportDto } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** The exports page's form: re-checks the session and team membership, then queues the export. */
export async function createExportAction(input: z.input<typeof createExportActionSchema>): Promise<CreateExportResult> {
  try {
    const parsed = createExportActionSchema.safeParse(input);
    if (!parsed.success) return { ok: false, ...describeExportInputIssues(parsed.error) };
    const { projectId, idempotencyKey, ...rest } = parsed.data;
    // Read-only members download the exports others made; making one is a change (a job, stored files).
    const actor = await requireProjectRole(projectId, 'MEMBER');
    return { ok: true, export: await createExport(actor, projectId, rest, { idempotencyKey }) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message };
    logError('create export action failed', error);
    return { ok: false, error: 'Something went wrong. Please try again.' };
  }
}
