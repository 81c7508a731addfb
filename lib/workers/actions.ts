'use server';
import { cookies } from 'next/headers';
import { redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { buildTaskCard } from '@/components/tasks/build-task-card';
import type { TaskCard } from '@/components/tasks/task-card';
import { advanceTaskLoop, claimLeases, leaseAhead, skipReasons, submitJudgment, type LoopOutcome } from '@/lib/assignment';
import type { ClaimNoneReason } from '@/lib/assignment/types';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import { localeCookieName, locales } from '@/lib/i18n/locales';
import { logError } from '@/lib/log';
import type { RateLimitCheck } from '@/lib/rate-limit/consume';
import { getEarningsStripFor, type EarningsStrip } from './queries';

// Task cards carry requester markdown rendered on the server (components/tasks/build-task-card.tsx): these actions
// answer with React elements, so the phone never downloads a markdown library.

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

// A bot asking for tasks in a tight loop is throttled; a person never gets near this. Counted in the claim's own
// statement (lib/assignment/claim-fast.ts), so a tap costs no extra round trip for it.
const claimLimit = (workerId: string): RateLimitCheck => ({
  key: `claim:worker:${workerId}`,
  rule: { limit: 120, windowSeconds: 60 },
  message: 'You are asking for tasks too fast. Wait a minute.',
});

/** "Start" / "Next task": leases the next item of a project (and the one after, ahead) and opens it. */
export async function startProjectAction(projectId: string): Promise<ClaimOutcome> {
  const parsed = idSchema.safeParse(projectId);
  if (!parsed.success) return { kind: 'error', message: 'Unknown project.' };
  let target: string;
  try {
    const workerId = await requireWorkerId();
    const leases = await claimLeases(workerId, parsed.data, { want: 2, rateLimit: claimLimit(workerId) });
    if (leases.kind === 'none') return { kind: 'none', reason: leases.reason };
    target = leases.current.assignmentId;
  } catch (error) {
    unstable_rethrow(error);
    return { kind: 'error', message: publicError(error) };
  }
  redirect(`/tasks/${target}`);
}

export type ExamOutcome = NonNullable<Awaited<ReturnType<typeof submitJudgment>>['exam']>;

/** What the phone's task loop does after a tap. */
export type TaskStep =
  | {
      kind: 'next';
      /** Show this instead of the phone's own next task (it had none, or it could not be used). */
      current: TaskCard | null;
      ahead: TaskCard | null;
      aheadNone: NoTaskReason | null;
      /** The phone's next task is on screen with this much lease left (it counts on its own clock, see TaskCard). */
      promotedLeftMs: number | null;
      strip: EarningsStrip | null;
    }
  | { kind: 'exam'; exam: ExamOutcome }
  | { kind: 'none'; reason: NoTaskReason }
  | { kind: 'invalid'; message: string }
  | { kind: 'error'; message: string };

const advanceSchema = z
  .object({
    assignmentId: z.uuid(),
    answer: z.unknown().optional(),
    skip: z.enum(skipReasons).optional(),
    aheadId: z.uuid().nullable().default(null),
    /** Ask for the earnings figures too (the phone refreshes its strip every few tasks). */
    strip: z.boolean().default(false),
  })
  .refine((input) => (input.answer === undefined) !== (input.skip === undefined), { message: 'Send an answer or a reason to skip.' });

/**
 * A tap in the task loop: stores the answer (once, however often it is sent) or the skip, puts the phone's next
 * task on screen and leases another one ahead, all in this one round trip (lib/assignment/loop.ts).
 */
export async function advanceTaskAction(input: z.input<typeof advanceSchema>): Promise<TaskStep> {
  const parsed = advanceSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', message: input && (input as { skip?: unknown }).skip !== undefined ? 'Pick a reason to skip.' : 'That answer could not be read.' };
  const { assignmentId, answer, skip, aheadId } = parsed.data;
  try {
    const workerId = await requireWorkerId();
    const outcome: LoopOutcome = skip ? { skip } : { answer };
    const step = await advanceTaskLoop(workerId, { assignmentId, outcome, aheadId }, { rateLimit: claimLimit(workerId) });
    if (step.kind !== 'next') return step;
    return {
      kind: 'next',
      current: step.current && buildTaskCard(step.current),
      ahead: step.ahead && buildTaskCard(step.ahead),
      aheadNone: step.aheadNone,
      promotedLeftMs: step.promoted ? Math.max(0, step.promoted.leaseExpiresAt.getTime() - Date.now()) : null,
      strip: parsed.data.strip ? await getEarningsStripFor(workerId) : null,
    };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error) && error.code === 'INVALID_INPUT') return { kind: 'invalid', message: error.message };
    return { kind: 'error', message: publicError(error) };
  }
}

const prefetchSchema = z.object({ projectId: z.uuid(), currentId: z.uuid() });

/** The task on screen has nothing behind it (a page load, a claim that found none): lease the next one ahead. */
export async function prefetchTaskAction(input: z.input<typeof prefetchSchema>): Promise<TaskStep> {
  const parsed = prefetchSchema.safeParse(input);
  if (!parsed.success) return { kind: 'error', message: 'Unknown task.' };
  try {
    const workerId = await requireWorkerId();
    const step = await leaseAhead(workerId, parsed.data, { rateLimit: claimLimit(workerId) });
    return {
      kind: 'next',
      current: step.current && buildTaskCard(step.current),
      ahead: step.ahead && buildTaskCard(step.ahead),
      aheadNone: step.aheadNone,
      promotedLeftMs: null,
      strip: null,
    };
  } catch (error) {
    unstable_rethrow(error);
    return { kind: 'error', message: publicError(error) };
  }
}

const submitSchema = z.object({ assignmentId: z.uuid(), answer: z.unknown() });

export type SubmitOutcome = { kind: 'saved'; exam: ExamOutcome | null } | { kind: 'invalid'; message: string } | { kind: 'error'; message: string };

/** Stores an answer and nothing else: answers kept on the phone while it was offline, sent when it is back. */
export async function submitAnswerAction(input: z.input<typeof submitSchema>): Promise<SubmitOutcome> {
  const parsed = submitSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', message: 'That answer could not be read.' };
  try {
    const workerId = await requireWorkerId();
    const result = await submitJudgment(workerId, { assignmentId: parsed.data.assignmentId, answer: parsed.data.answer });
    return { kind: 'saved', exam: result.exam && result.exam.status !== 'IN_PROGRESS' ? result.exam : null };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error) && error.code === 'INVALID_INPUT') return { kind: 'invalid', message: error.message };
    return { kind: 'error', message: publicError(error) };
  }
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
