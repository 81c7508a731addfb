import 'server-only';
import { db, Prisma, queryRows } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { AssignmentStatus, TaskType, WorkerStatus } from '@/lib/generated/prisma/enums';
import { containsNul, NUL_MESSAGE } from '@/lib/http/nul';
import { isGoldCorrect, parseAnswer, toCanonicalAnswer } from '@/lib/tasks';
import { isTreeGoldReview, isTreeGoldReviewCorrect, parseTreeGoldReviewAnswer } from '@/lib/trees/gold';
import { submitTreeTask } from '@/lib/trees/submit';
import { getExamResult } from './exam';
import { createUuidV7, isUuid } from './ids';
import type { SubmitJudgmentResult } from './types';
import { readShownOrder } from './view';

const MAX_DURATION_MS = 2_147_483_647;

type SubmitAssignment = {
  id: string;
  workerId: string;
  itemId: string;
  status: AssignmentStatus;
  isExam: boolean;
  leasedAt: Date;
  shownAt: Date | null;
  shownOrder: unknown;
  judgmentId: string | null;
  judgmentGoldCorrect: boolean | null;
  payload: unknown;
  isGold: boolean;
  goldAnswer: unknown;
  projectId: string;
  taskType: TaskType;
  typeConfig: unknown;
  rewardMsats: bigint;
  minSeconds: number;
  examPassCount: number;
  autoApproveAfterSeconds: number | null;
  leaseSeconds: number;
  workerStatus: WorkerStatus;
  /** Set for a conversation tree's task: lib/trees/submit.ts takes the answer. */
  treeTaskKind: string | null;
};

export type SubmitOptions = {
  now?: Date;
  /** The worker's lease taken ahead (shownAt null): it comes on screen now, with a full lease from now on. */
  promoteId?: string | null;
};

/**
 * Records the worker's answer (given in SHOWN terms) for their assignment. Idempotent: a second submit of the same
 * assignment, even a truly concurrent one, changes nothing and returns the first judgment with duplicate: true.
 * The assignment must still be ACTIVE; a lease past its expiry is still accepted until the sweeper has expired it
 * (it still holds its slot). Duration is measured here, from when the task came on screen, never taken from the client.
 *
 * One statement writes everything the answer moves (assignment, judgment, item progress, gold record, exam grade)
 * and, with `promoteId`, puts the worker's next lease on screen. The quality rules run after it, off the worker's
 * path: the judgment is stored PENDING and unevaluated, and the statement wakes the evaluator (lib/quality/evaluator.ts),
 * which approves and pays it, sends it to review or rejects it moments later. Exam answers are graded here.
 */
export async function submitJudgment(
  workerId: string,
  input: { assignmentId: string; answer: unknown },
  options: SubmitOptions = {},
): Promise<SubmitJudgmentResult> {
  const now = options.now ?? new Date();
  const assignment = await getOwnAssignment(workerId, input.assignmentId);
  if (assignment.judgmentId) return describeExisting(assignment, await promoteLease(workerId, options.promoteId, assignment.leaseSeconds, now));
  if (assignment.treeTaskKind) {
    const tree = await submitTreeTask(workerId, input, { now });
    const promoted = await promoteLease(workerId, options.promoteId === assignment.id ? null : options.promoteId, assignment.leaseSeconds, now);
    return { ...tree, isExam: false, goldCorrect: null, exam: null, promoted };
  }
  assertSubmittable(assignment);
  if (assignment.workerStatus !== 'ACTIVE') throw new AppError('FORBIDDEN', 'Your account cannot submit work right now.');

  const { taskType, typeConfig, payload } = assignment;
  // PostgreSQL cannot store U+0000 in jsonb: refused here so every path (phone, API) gets the same clear answer.
  if (containsNul(input.answer)) throw new AppError('INVALID_INPUT', `The answer's ${NUL_MESSAGE}.`);
  // Both throw TaskInputError, an AppError INVALID_INPUT whose message says what is wrong with the answer.
  // A gold review of a conversation-tree project (lib/trees/gold.ts) is answered as a review, not as a text.
  const treeGold = assignment.isGold && isTreeGoldReview(payload) ? parseTreeGoldReviewAnswer(input.answer) : null;
  const answer = treeGold ?? parseAnswer(taskType, typeConfig, payload, toCanonicalAnswer(taskType, input.answer, readShownOrder(assignment.shownOrder)));
  const goldCorrect = treeGold ? isTreeGoldReviewCorrect(treeGold, assignment.goldAnswer) : assignment.isGold ? checkGold(assignment, answer) : null;
  const shownAt = assignment.shownAt ?? assignment.leasedAt;
  const durationMs = Math.min(Math.max(0, now.getTime() - shownAt.getTime()), MAX_DURATION_MS);
  const isTooFast = durationMs < assignment.minSeconds * 1000;
  // What else the judgment moves: an exam answer grades the attempt; a gold answer counts toward the worker's gold
  // record (gold items are shared and hold no slots); a regular answer is progress of its item.
  const countsForExam = assignment.isExam;
  const countsForGold = !assignment.isExam && assignment.isGold && goldCorrect !== null;
  const countsForItem = !assignment.isExam && !assignment.isGold;
  const point = goldCorrect === true ? 1 : 0;
  const promoteId = options.promoteId && isUuid(options.promoteId) && options.promoteId !== assignment.id ? options.promoteId : null;

  // One statement, so one transaction: the guarded ACTIVE -> SUBMITTED move decides. Of two concurrent submits the
  // second waits on the row lock, then finds it SUBMITTED: `moved` is empty and nothing else is written.
  const [written] = await queryRows<{ id: string | null; promotedExpiresAt: Date | null }>(Prisma.sql`
    WITH moved AS (
      UPDATE "Assignment" SET status = 'SUBMITTED', "finishedAt" = ${now}
      WHERE id = ${assignment.id}::uuid AND status = 'ACTIVE'
      RETURNING id, "itemId"
    ), judged AS (
      INSERT INTO "Judgment" (id, "assignmentId", "itemId", "projectId", "workerId", answer, "durationMs", "isGold", "isExam",
        "goldCorrect", "isTooFast", flags, status, "rewardMsats", "createdAt", "evaluatedAt")
      SELECT ${createUuidV7()}::uuid, moved.id, moved."itemId", ${assignment.projectId}::uuid, ${workerId}::uuid,
        ${JSON.stringify(answer)}::jsonb, ${durationMs}::int, ${assignment.isGold}::boolean, ${assignment.isExam}::boolean,
        ${goldCorrect}::boolean, ${isTooFast}::boolean, ${isTooFast ? ['too_fast'] : []}::text[], 'PENDING',
        ${assignment.isExam ? 0n : assignment.rewardMsats}::bigint, ${now}, ${assignment.isExam ? now : null}::timestamp
      FROM moved
      RETURNING id
    ), item_progress AS (
      UPDATE "Item" SET
        "judgmentsDone" = "judgmentsDone" + 1,
        status = CASE WHEN status = 'OPEN' AND "judgmentsDone" + 1 >= "judgmentsNeeded" THEN 'DONE'::"ItemStatus" ELSE status END,
        "completedAt" = CASE WHEN status = 'OPEN' AND "judgmentsDone" + 1 >= "judgmentsNeeded" THEN ${now} ELSE "completedAt" END
      WHERE ${countsForItem}::boolean AND id = (SELECT "itemId" FROM moved)
    ), gold_record AS (
      UPDATE "WorkerProfile" SET "goldSeen" = "goldSeen" + 1, "goldCorrect" = "goldCorrect" + ${point}::int, "updatedAt" = ${new Date()}
      WHERE ${countsForGold}::boolean AND id = ${workerId}::uuid AND EXISTS (SELECT 1 FROM moved)
    ), exam_grade AS (
      -- The last answer grades the attempt: PASSED when correct >= examPassCount, else FAILED. Guarded by
      -- IN_PROGRESS, so an attempt is graded once.
      UPDATE "ExamAttempt" SET
        answered = answered + 1,
        correct = correct + ${point}::int,
        status = CASE
          WHEN answered + 1 < total THEN status
          WHEN correct + ${point}::int >= ${assignment.examPassCount}::int THEN 'PASSED'::"ExamStatus"
          ELSE 'FAILED'::"ExamStatus" END,
        "completedAt" = CASE WHEN answered + 1 >= total THEN ${now} ELSE "completedAt" END
      WHERE ${countsForExam}::boolean AND "workerId" = ${workerId}::uuid AND "projectId" = ${assignment.projectId}::uuid
        AND status = 'IN_PROGRESS' AND EXISTS (SELECT 1 FROM moved)
    ), promoted AS (
      ${promoteSql(workerId, promoteId, assignment.leaseSeconds, now)} AND EXISTS (SELECT 1 FROM moved)
      RETURNING "leaseExpiresAt"
    )
    SELECT (SELECT id::text FROM judged) AS id, (SELECT "leaseExpiresAt" FROM promoted) AS "promotedExpiresAt"`);

  if (!written?.id) {
    // Lost a race: a concurrent submit (or the sweeper, or a skip) got there first.
    const latest = await getOwnAssignment(workerId, assignment.id);
    if (latest.judgmentId) return describeExisting(latest, await promoteLease(workerId, promoteId, assignment.leaseSeconds, now));
    assertSubmittable(latest);
    throw new AppError('CONFLICT', 'This task changed while you were answering. Please try again.');
  }
  return {
    judgmentId: written.id,
    projectId: assignment.projectId,
    duplicate: false,
    isExam: assignment.isExam,
    goldCorrect,
    exam: assignment.isExam ? await getExamResult(db, workerId, examProjectOf(assignment)) : null,
    promoted: written.promotedExpiresAt ? { assignmentId: promoteId!, leaseExpiresAt: written.promotedExpiresAt } : null,
  };
}

/**
 * The UPDATE that puts a lease taken ahead on screen: only the worker's own, still live and not shown yet; its lease
 * runs leaseSeconds from now (never shortened). Callers add their own guard and RETURNING.
 */
export function promoteSql(workerId: string, promoteId: string | null, leaseSeconds: number, now: Date) {
  return Prisma.sql`
      UPDATE "Assignment" SET "shownAt" = ${now},
        "leaseExpiresAt" = GREATEST("leaseExpiresAt", ${now}::timestamp + make_interval(secs => ${leaseSeconds}::int))
      WHERE id = ${promoteId}::uuid AND "workerId" = ${workerId}::uuid AND status = 'ACTIVE' AND "shownAt" IS NULL
        AND "leaseExpiresAt" > ${now}`;
}

/** Promotion on its own, for an answer that was already stored (a retry): the next task still comes on screen. */
export async function promoteLease(workerId: string, promoteId: string | null | undefined, leaseSeconds: number, now: Date): Promise<Promoted> {
  if (!promoteId || !isUuid(promoteId)) return null;
  const [row] = await queryRows<{ leaseExpiresAt: Date }>(Prisma.sql`${promoteSql(workerId, promoteId, leaseSeconds, now)} RETURNING "leaseExpiresAt"`);
  return row ? { assignmentId: promoteId, leaseExpiresAt: row.leaseExpiresAt } : null;
}

type Promoted = SubmitJudgmentResult['promoted'];

/** A broken gold answer is the requester's problem, not the worker's: it grades nothing rather than refuse the answer. */
function checkGold(assignment: SubmitAssignment, answer: unknown): boolean | null {
  try {
    return isGoldCorrect(assignment.taskType, assignment.typeConfig, assignment.payload, answer, assignment.goldAnswer);
  } catch {
    return null;
  }
}

async function getOwnAssignment(workerId: string, assignmentId: string): Promise<SubmitAssignment> {
  const [assignment] =
    isUuid(workerId) && isUuid(assignmentId)
      ? await queryRows<SubmitAssignment>(Prisma.sql`
          SELECT a.id::text AS id, a."workerId"::text AS "workerId", a."itemId"::text AS "itemId", a.status, a."isExam",
            a."leasedAt", a."shownAt", a."shownOrder", j.id::text AS "judgmentId", j."goldCorrect" AS "judgmentGoldCorrect",
            i.payload, i."isGold", i."goldAnswer", p.id::text AS "projectId", p."taskType", p."typeConfig",
            COALESCE(i."rewardMsats", p."rewardMsats") AS "rewardMsats", p."minSeconds", p."examPassCount", p."autoApproveAfterSeconds", p."leaseSeconds",
            w.status AS "workerStatus", i."treeTaskKind"::text AS "treeTaskKind"
          FROM "Assignment" a
          JOIN "Item" i ON i.id = a."itemId"
          JOIN "Project" p ON p.id = a."projectId"
          JOIN "WorkerProfile" w ON w.id = a."workerId"
          LEFT JOIN "Judgment" j ON j."assignmentId" = a.id
          WHERE a.id = ${assignmentId}::uuid AND a."workerId" = ${workerId}::uuid`)
      : [];
  if (!assignment) throw new AppError('NOT_FOUND', 'Task not found.');
  return assignment;
}

function assertSubmittable(assignment: SubmitAssignment): void {
  if (assignment.status === 'EXPIRED') {
    throw new AppError('INVALID_STATE', 'Time ran out on this task and it went back to the pool. Get a new task to keep going.');
  }
  if (assignment.status === 'SKIPPED') throw new AppError('INVALID_STATE', 'You skipped this task, so it can no longer be answered.');
}

function examProjectOf(assignment: SubmitAssignment) {
  return { id: assignment.projectId, taskType: assignment.taskType, examPassCount: assignment.examPassCount };
}

async function describeExisting(assignment: SubmitAssignment, promoted: Promoted): Promise<SubmitJudgmentResult> {
  return {
    judgmentId: assignment.judgmentId!,
    projectId: assignment.projectId,
    duplicate: true,
    isExam: assignment.isExam,
    goldCorrect: assignment.judgmentGoldCorrect,
    exam: assignment.isExam ? await getExamResult(db, assignment.workerId, examProjectOf(assignment)) : null,
    promoted,
  };
}
