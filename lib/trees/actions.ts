'use server';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/viewer';
import { AppError, isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { reportReasons } from './answers';
import { reportMessageFromTask } from './flags';

// The phone's "Report a message" on a tree task (components/tasks/widgets/tree-report.tsx).

const reportSchema = z.object({ assignmentId: z.uuid(), messageId: z.uuid(), reason: z.enum(reportReasons) });

export type ReportOutcome = { kind: 'reported'; removed: boolean } | { kind: 'error'; message: string };

export async function reportTreeMessageAction(input: z.input<typeof reportSchema>): Promise<ReportOutcome> {
  const parsed = reportSchema.safeParse(input);
  if (!parsed.success) return { kind: 'error', message: 'That report could not be read.' };
  try {
    const viewer = await requireRole('WORKER');
    if (!viewer.worker) throw new AppError('FORBIDDEN', 'No worker profile for this account.');
    const { assignmentId, messageId, reason } = parsed.data;
    const result = await reportMessageFromTask(viewer.worker.id, assignmentId, messageId, reason);
    return { kind: 'reported', removed: result.removed };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error)) return { kind: 'error', message: error.message };
    logError('tree report failed', error);
    return { kind: 'error', message: 'Something went wrong. Please try again.' };
  }
}
