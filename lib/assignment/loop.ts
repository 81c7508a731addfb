import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { RateLimitCheck } from '@/lib/rate-limit/consume';
import { claimLeases } from './claim';
import { isUuid } from './ids';
import { skipAssignment } from './skip';
import { promoteLease, submitJudgment } from './submit';
import type { AssignmentView, ClaimNoneReason, ExamResult, SkipReason } from './types';

// The worker's task loop with a task leased ahead. The phone holds two leases per project: the task on screen and
// the next one, already rendered, which it shows the moment the worker answers (no round trip between tasks). Each
// tap then stores the answer, puts the next task on screen (promoteId: a full lease from now, and the judgment's
// clock starts) and leases a new one ahead, in one request of a few statements. Exam questions come one at a time.

export type LoopOutcome = { answer: unknown } | { skip: SkipReason };

export type LoopStep =
  /** The answer finished an onboarding exam: its result, and nothing leased. */
  | { kind: 'exam'; exam: ExamResult }
  | {
      kind: 'next';
      /** What the phone shows now when its own next task could not be used (none held, or it ran out); else null. */
      current: AssignmentView | null;
      /** The task leased ahead, or null with the reason there is none. */
      ahead: AssignmentView | null;
      aheadNone: ClaimNoneReason | null;
      /** The phone's next task, now on screen with this lease. */
      promoted: { assignmentId: string; leaseExpiresAt: Date } | null;
    }
  /** Nothing to show: the phone had no next task and none is left. */
  | { kind: 'none'; reason: ClaimNoneReason };

/**
 * Stores the answer to (or the skip of) `assignmentId` and moves the worker on: the task leased ahead (`aheadId`)
 * comes on screen and another one is leased ahead. An answer is recorded once however often it is sent.
 */
export async function advanceTaskLoop(
  workerId: string,
  input: { assignmentId: string; outcome: LoopOutcome; aheadId: string | null },
  options: { now?: Date; random?: () => number; rateLimit?: RateLimitCheck } = {},
): Promise<LoopStep> {
  const aheadId = input.aheadId && isUuid(input.aheadId) && input.aheadId !== input.assignmentId ? input.aheadId : null;
  let projectId: string;
  let promoted: { assignmentId: string; leaseExpiresAt: Date } | null;
  let examQuestion = false;
  if ('answer' in input.outcome) {
    const result = await submitJudgment(workerId, { assignmentId: input.assignmentId, answer: input.outcome.answer }, { now: options.now, promoteId: aheadId });
    if (result.exam && result.exam.status !== 'IN_PROGRESS') return { kind: 'exam', exam: result.exam };
    ({ projectId, promoted } = result);
    examQuestion = result.isExam;
  } else {
    const now = options.now ?? new Date();
    ({ projectId } = await skipAssignment(workerId, { assignmentId: input.assignmentId, reason: input.outcome.skip }, { now }));
    promoted = aheadId ? await promoteLease(workerId, aheadId, await leaseSecondsOf(projectId), now) : null;
  }
  const leases = await claimLeases(workerId, projectId, { want: examQuestion ? 1 : 2, now: options.now, random: options.random, rateLimit: options.rateLimit });
  if (leases.kind === 'none') {
    return promoted ? { kind: 'next', current: null, ahead: null, aheadNone: leases.reason, promoted } : leases;
  }
  if (promoted && leases.current.assignmentId === promoted.assignmentId) {
    return { kind: 'next', current: null, ahead: leases.ahead, aheadNone: leases.ahead ? null : 'NO_ITEMS_LEFT', promoted };
  }
  return { kind: 'next', current: leases.current, ahead: leases.ahead, aheadNone: leases.ahead ? null : 'NO_ITEMS_LEFT', promoted: null };
}

/**
 * The phone's task on screen has no task behind it (after a page load, or when the last claim found none): leases
 * one ahead. When `currentId` is no longer the worker's live task, `current` says what to show instead.
 */
export async function leaseAhead(
  workerId: string,
  input: { projectId: string; currentId: string },
  options: { now?: Date; random?: () => number; rateLimit?: RateLimitCheck } = {},
): Promise<{ current: AssignmentView | null; ahead: AssignmentView | null; aheadNone: ClaimNoneReason | null }> {
  if (!isUuid(input.projectId)) throw new AppError('NOT_FOUND', 'Project not found.');
  const leases = await claimLeases(workerId, input.projectId, { want: 2, ...options });
  if (leases.kind === 'none') return { current: null, ahead: null, aheadNone: leases.reason };
  // Whichever live lease the phone is not showing is its next task.
  const shown = [leases.current, leases.ahead].find((lease) => lease?.assignmentId === input.currentId);
  const other = [leases.current, leases.ahead].find((lease) => lease && lease.assignmentId !== input.currentId) ?? null;
  if (shown) return { current: null, ahead: other, aheadNone: other ? null : 'NO_ITEMS_LEFT' };
  return { current: leases.current, ahead: leases.ahead, aheadNone: leases.ahead ? null : 'NO_ITEMS_LEFT' };
}

async function leaseSecondsOf(projectId: string): Promise<number> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { leaseSeconds: true } });
  return project?.leaseSeconds ?? 600;
}
