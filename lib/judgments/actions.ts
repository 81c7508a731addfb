'use server';
import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/viewer';
import { AppError, isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { appealJudgment, resolveAppeal } from './appeals';
import { approveJudgment, bulkApprove, rejectAndRequeue, rejectJudgment } from './review';
import { appealDecisions, appealNoteSchema, appealTextSchema, rejectReasonSchema, reviewFilterSchema } from './schemas';

function publicError(error: unknown): string {
  if (isAppError(error)) return error.message;
  logError('review action failed', error);
  return 'Something went wrong. Please try again.';
}

function parseForm<T extends z.ZodType>(schema: T, values: Record<string, unknown>): z.output<T> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid input.');
  return parsed.data;
}

/** Only review-queue paths are followed back, so a forged form cannot redirect elsewhere. */
function returnPathOf(formData: FormData): string {
  const value = formData.get('returnTo');
  return typeof value === 'string' && /^\/admin\/review(\/|\?|$)/.test(value) && !value.includes('//') && value.length < 1000 ? value : '/admin/review';
}

function withNotice(path: string, notice: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('notice', notice);
  return `${url.pathname}${url.search}`;
}

/** Admin form actions: re-check the role, run, then go back to the page the admin was on with a one-line notice. */
async function runAdminAction(formData: FormData, run: (adminUserId: string) => Promise<string>): Promise<never> {
  const returnTo = returnPathOf(formData);
  let notice: string;
  try {
    const viewer = await requireRole('ADMIN');
    notice = await run(viewer.userId);
  } catch (error) {
    unstable_rethrow(error);
    notice = publicError(error);
  }
  revalidatePath('/admin/review', 'layout');
  redirect(withNotice(returnTo, notice));
}

const idSchema = z.object({ judgmentId: z.uuid() });

export async function approveJudgmentAction(formData: FormData): Promise<void> {
  await runAdminAction(formData, async (userId) => {
    const { judgmentId } = parseForm(idSchema, { judgmentId: formData.get('judgmentId') });
    await approveJudgment({ kind: 'ADMIN', userId }, judgmentId);
    return 'Approved and paid.';
  });
}

const rejectSchema = idSchema.extend({ reason: rejectReasonSchema, mode: z.enum(['reject', 'requeue']).default('reject') });

/** "Reject" and "Reject and requeue" share one form; the pressed button's `mode` decides. */
export async function rejectJudgmentAction(formData: FormData): Promise<void> {
  await runAdminAction(formData, async (userId) => {
    const input = parseForm(rejectSchema, { judgmentId: formData.get('judgmentId'), reason: formData.get('reason'), mode: formData.get('mode') ?? undefined });
    if (input.mode === 'requeue') {
      const { requeued } = await rejectAndRequeue({ kind: 'ADMIN', userId }, input.judgmentId, input.reason);
      return requeued ? 'Rejected; the item went back to the queue for another worker.' : 'Rejected (this item holds no slot to requeue).';
    }
    await rejectJudgment({ kind: 'ADMIN', userId }, input.judgmentId, input.reason);
    return 'Rejected.';
  });
}

const bulkSchema = z.object({
  filter: reviewFilterSchema,
  max: z.coerce.number().int().min(1).max(1000),
  afterId: z.uuid().optional(),
  upToId: z.uuid().optional(),
});

export async function bulkApproveAction(formData: FormData): Promise<void> {
  await runAdminAction(formData, async (userId) => {
    const text = (key: string) => (typeof formData.get(key) === 'string' && formData.get(key) !== '' ? (formData.get(key) as string) : undefined);
    const input = parseForm(bulkSchema, {
      filter: { projectId: text('projectId'), worker: text('worker'), status: 'PENDING', flag: text('flag') },
      max: formData.get('max'),
      afterId: text('afterId'),
      upToId: text('upToId'),
    });
    const result = await bulkApprove({ kind: 'ADMIN', userId }, input.filter, { max: input.max, afterId: input.afterId, upToId: input.upToId });
    return result.failed > 0 ? `Approved ${result.approved}; ${result.failed} could not be approved (they stay pending).` : `Approved ${result.approved}.`;
  });
}

const resolveSchema = idSchema.extend({ decision: z.enum(appealDecisions), note: appealNoteSchema.default('') });

export async function resolveAppealAction(formData: FormData): Promise<void> {
  await runAdminAction(formData, async (userId) => {
    const input = parseForm(resolveSchema, { judgmentId: formData.get('judgmentId'), decision: formData.get('decision'), note: formData.get('note') ?? undefined });
    const { paid } = await resolveAppeal({ kind: 'ADMIN', userId }, input.judgmentId, input.decision, input.note);
    return input.decision === 'UPHOLD' ? (paid ? 'Appeal upheld; the worker was paid.' : 'Appeal upheld.') : 'Appeal denied.';
  });
}

export type AppealFormState = { status: 'idle' | 'sent' | 'error'; message?: string };

const appealSchema = idSchema.extend({ text: appealTextSchema });

/** The worker's "Appeal" form (useActionState): only their own rejected judgment, once. */
export async function appealJudgmentAction(_previous: AppealFormState, formData: FormData): Promise<AppealFormState> {
  try {
    const viewer = await requireRole('WORKER');
    if (!viewer.worker) throw new AppError('FORBIDDEN', 'No worker profile for this account.');
    const input = parseForm(appealSchema, { judgmentId: formData.get('judgmentId'), text: formData.get('text') });
    await appealJudgment({ userId: viewer.userId, workerId: viewer.worker.id }, input.judgmentId, input.text);
  } catch (error) {
    return { status: 'error', message: publicError(error) };
  }
  revalidatePath('/earnings');
  return { status: 'sent' };
}
