'use server';
import { cookies } from 'next/headers';
import { redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { claimNextAssignment, skipAssignment, skipReasons, submitJudgment } from '@/lib/assignment';
import type { ClaimNoneReason } from '@/lib/assignment/types';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import { localeCookieName, locales } from '@/lib/i18n/locales';
import { logError } from '@/lib/log';
import { enforceRateLimit } from '@/lib/rate-limit/consume';

async function requireWorkerId(): Promise<string> {
  const viewer = await requireRole('WORKER');
  if (!viewer.worker) throw new AppError('FORBIDDEN', 'No worker profile for this account.');
  return viewer.worker.id;
}

function publicError(error: unknown): string {
  if (isAppError(error)) return error.message;
  logError('worker action failed', error);
  return 'Something went wrong. Please try again.';
}

export type NoTaskReason = ClaimNoneReason;
export type ClaimOutcome = { kind: 'none'; reason: NoTaskReason } | { kind: 'error'; message: string };

const idSchema = z.uuid();

// A bot asking for tasks in a tight loop is throttled; a person never gets near this.
const claimLimit = { limit: 120, windowSeconds: 60 };

async function claimAndGo(workerId: string, projectId: string): Promise<ClaimOutcome> {
  await enforceRateLimit(`claim:worker:${workerId}`, claimLimit, 'You are asking for tasks too fast. Wait a minute.');
  const result = await claimNextAssignment(workerId, projectId);
  if (result.kind === 'none') return { kind: 'none', reason: result.reason };
  redirect(`/tasks/${result.assignment.assignmentId}`);
}

/** "Start" / "Next task": leases the next item of a project and opens it. */
export async function startProjectAction(projectId: string): Promise<ClaimOutcome> {
  const parsed = idSchema.safeParse(projectId);
  if (!parsed.success) return { kind: 'error', message: 'Unknown project.' };
  let outcome: ClaimOutcome;
  try {
    outcome = await claimAndGo(await requireWorkerId(), parsed.data);
  } catch (error) {
    unstable_rethrow(error);
    return { kind: 'error', message: publicError(error) };
  }
  return outcome;
}

const submitSchema = z.object({ assignmentId: z.uuid(), answer: z.unknown(), goToNext: z.boolean().default(true) });

export type ExamOutcome = NonNullable<Awaited<ReturnType<typeof submitJudgment>>['exam']>;
export type SubmitOutcome =
  | { kind: 'saved'; exam: ExamOutcome | null }
  | ClaimOutcome
  | { kind: 'invalid'; message: string };

/**
 * Records the answer (once, however often it is sent) and, unless the answer finished an exam or the
 * caller is only syncing offline answers, opens the next task in the same round trip.
 */
export async function submitAnswerAction(input: z.input<typeof submitSchema>): Promise<SubmitOutcome> {
  const parsed = submitSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', message: 'That answer could not be read.' };
  let outcome: SubmitOutcome;
  try {
    const workerId = await requireWorkerId();
    const result = await submitJudgment(workerId, { assignmentId: parsed.data.assignmentId, answer: parsed.data.answer });
    const finishedExam = result.exam && result.exam.status !== 'IN_PROGRESS' ? result.exam : null;
    if (!parsed.data.goToNext || finishedExam) return { kind: 'saved', exam: finishedExam };
    const { projectId } = await db.assignment.findUniqueOrThrow({ where: { id: parsed.data.assignmentId }, select: { projectId: true } });
    outcome = await claimAndGo(workerId, projectId);
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error) && error.code === 'INVALID_INPUT') return { kind: 'invalid', message: error.message };
    return { kind: 'error', message: publicError(error) };
  }
  return outcome;
}

const skipSchema = z.object({ assignmentId: z.uuid(), reason: z.enum(skipReasons) });

export async function skipTaskAction(input: z.input<typeof skipSchema>): Promise<ClaimOutcome> {
  const parsed = skipSchema.safeParse(input);
  if (!parsed.success) return { kind: 'error', message: 'Pick a reason to skip.' };
  let outcome: ClaimOutcome;
  try {
    const workerId = await requireWorkerId();
    const { projectId } = await db.assignment.findUniqueOrThrow({ where: { id: parsed.data.assignmentId }, select: { projectId: true } });
    await skipAssignment(workerId, parsed.data);
    outcome = await claimAndGo(workerId, projectId);
  } catch (error) {
    unstable_rethrow(error);
    return { kind: 'error', message: publicError(error) };
  }
  return outcome;
}

const localeSchema = z.enum(locales);

/** Remembers the worker's language on their profile and in a cookie (read before sign-in too). */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = localeSchema.parse(formData.get('locale'));
  const workerId = await requireWorkerId();
  await db.workerProfile.update({ where: { id: workerId }, data: { locale } });
  (await cookies()).set(localeCookieName, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  redirect('/tasks');
}
