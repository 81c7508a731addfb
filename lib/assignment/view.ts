import 'server-only';
import { db } from '@/lib/db';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { parseTypeConfig, toShownPayload } from '@/lib/tasks';
import { readTreeTask } from '@/lib/trees/task-card';
import { isUuid } from './ids';
import type { AssignmentView } from './types';

/** The project fields a view needs. */
export const viewProjectSelect = {
  id: true,
  title: true,
  instructions: true,
  taskType: true,
  typeConfig: true,
  rewardMsats: true,
  minSeconds: true,
  examPassCount: true,
} as const;

export type ViewProject = {
  id: string;
  title: string;
  instructions: string;
  taskType: TaskType;
  typeConfig: unknown;
  rewardMsats: bigint;
  minSeconds: number;
  examPassCount: number;
};

/** The view fields of a project row that carries more. */
export function toViewProject(row: ViewProject): ViewProject {
  const { id, title, instructions, taskType, typeConfig, rewardMsats, minSeconds, examPassCount } = row;
  return { id, title, instructions, taskType, typeConfig, rewardMsats, minSeconds, examPassCount };
}

/** What a view needs of the assignment. Gold facts (isGold, goldAnswer) are not even passed in. */
export type ViewAssignment = {
  id: string;
  isExam: boolean;
  leasedAt: Date;
  leaseExpiresAt: Date;
  shownOrder: unknown;
  payload: unknown;
};

/** Assignment.shownOrder as stored (Json): a permutation array or null. */
export function readShownOrder(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((index) => Number.isInteger(index)) ? (value as number[]) : null;
}

/** The phone's view of a lease: the payload in shown order, the project's parsed config, exam progress if any. */
export function buildAssignmentView(
  assignment: ViewAssignment,
  project: ViewProject,
  exam: { answered: number; total: number } | null,
): AssignmentView {
  const tree = project.taskType === 'WRITING' ? readTreeTask(assignment.payload, assignment.id) : null;
  return {
    assignmentId: assignment.id,
    projectId: project.id,
    projectTitle: project.title,
    instructions: project.instructions,
    taskType: project.taskType,
    config: parseTypeConfig(project.taskType, project.typeConfig),
    payload: toShownPayload(project.taskType, assignment.payload, readShownOrder(assignment.shownOrder)),
    leasedAt: assignment.leasedAt,
    leaseExpiresAt: assignment.leaseExpiresAt,
    // A tree task pays its kind's reward (Item.rewardMsats, repeated in its payload), the others the project's.
    rewardMsats: assignment.isExam ? 0n : (tree?.rewardMsats ?? project.rewardMsats),
    minSeconds: project.minSeconds,
    exam: assignment.isExam ? { answered: exam?.answered ?? 0, total: exam?.total ?? 0, passCount: project.examPassCount } : null,
    ...(tree && { tree }),
  };
}

/**
 * The worker's own assignment while it can still be answered (ACTIVE, lease not run out), for the task page and
 * its reloads; null otherwise (someone else's, submitted, skipped, expired or unknown).
 */
export async function getAssignmentForWorker(
  workerId: string,
  assignmentId: string,
  options: { now?: Date } = {},
): Promise<AssignmentView | null> {
  if (!isUuid(workerId) || !isUuid(assignmentId)) return null;
  const assignment = await db.assignment.findFirst({
    where: { id: assignmentId, workerId, status: 'ACTIVE', leaseExpiresAt: { gt: options.now ?? new Date() } },
    select: {
      id: true,
      projectId: true,
      isExam: true,
      leasedAt: true,
      leaseExpiresAt: true,
      shownOrder: true,
      item: { select: { payload: true } },
      project: { select: viewProjectSelect },
    },
  });
  if (!assignment) return null;
  const exam = assignment.isExam
    ? await db.examAttempt.findUnique({
        where: { workerId_projectId: { workerId, projectId: assignment.projectId } },
        select: { answered: true, total: true },
      })
    : null;
  return buildAssignmentView({ ...assignment, payload: assignment.item.payload }, assignment.project, exam);
}

export type UnavailableReason = 'unknown' | 'answered' | 'skipped' | 'expired';

/**
 * Why the worker's task page has nothing to answer (getAssignmentForWorker gave null): another worker's assignment
 * or a bad id looks like one that never existed.
 */
export async function getUnavailableReason(workerId: string, assignmentId: string): Promise<UnavailableReason> {
  if (!isUuid(workerId) || !isUuid(assignmentId)) return 'unknown';
  const assignment = await db.assignment.findFirst({ where: { id: assignmentId, workerId }, select: { status: true } });
  if (!assignment) return 'unknown';
  if (assignment.status === 'SUBMITTED') return 'answered';
  if (assignment.status === 'SKIPPED') return 'skipped';
  return 'expired'; // EXPIRED, or ACTIVE with its lease run out and not yet swept
}

/**
 * The worker's other live lease in the project of `currentId` (leased ahead), for the task page, so a reload keeps
 * showing the next task at once; null when there is none. Exam questions are never leased ahead.
 */
export async function getAheadForWorker(workerId: string, current: AssignmentView, options: { now?: Date } = {}): Promise<AssignmentView | null> {
  if (current.exam) return null;
  const ahead = await db.assignment.findFirst({
    where: { workerId, projectId: current.projectId, status: 'ACTIVE', isExam: false, id: { not: current.assignmentId }, leaseExpiresAt: { gt: options.now ?? new Date() } },
    select: { id: true, isExam: true, leasedAt: true, leaseExpiresAt: true, shownOrder: true, item: { select: { payload: true } }, project: { select: viewProjectSelect } },
  });
  return ahead ? buildAssignmentView({ ...ahead, payload: ahead.item.payload }, ahead.project, null) : null;
}
