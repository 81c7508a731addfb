// The assignment engine's public shapes. Isomorphic (no DB): client components may import `skipReasons` and the
// types from here; the functions live behind `lib/assignment/index.ts`, which is server-only.
import type { ExamStatus, TaskType } from '@/lib/generated/prisma/enums';
import type { TreeTask } from '@/lib/trees/task-card';

export const skipReasons = ['unclear', 'broken', 'offensive', 'too_hard', 'other'] as const;
export type SkipReason = (typeof skipReasons)[number];

export function isSkipReason(value: unknown): value is SkipReason {
  return typeof value === 'string' && (skipReasons as readonly string[]).includes(value);
}

/**
 * What the worker's phone gets for one task. Gold and regular items look exactly alike here: nothing tells them
 * apart (no isGold, no goldAnswer). `payload` is in SHOWN order; answers come back in shown terms.
 */
export type AssignmentView = {
  assignmentId: string;
  projectId: string;
  projectTitle: string;
  /** Markdown from the requester: untrusted, render sanitized. */
  instructions: string;
  taskType: TaskType;
  /** The project's parsed typeConfig (defaults filled in). */
  config: unknown;
  /** The item as shown: toShownPayload(type, payload, shownOrder). */
  payload: unknown;
  leasedAt: Date;
  leaseExpiresAt: Date;
  /** 0 for exam questions: they pay nothing. */
  rewardMsats: bigint;
  minSeconds: number;
  /** Non-null while this is an onboarding exam question; `answered` counts questions already submitted. */
  exam: { answered: number; total: number; passCount: number } | null;
  /** Set for a conversation tree's task (the item's payload carries a `tree` part): its kind, role, labels, replies. */
  tree?: TreeTask | null;
};

export type ClaimNoneReason = 'PROJECT_NOT_ACTIVE' | 'WORKER_NOT_ACTIVE' | 'NO_ITEMS_LEFT' | 'WORKER_LIMIT_REACHED' | 'EXAM_FAILED' | 'OUT_OF_FUNDS';

export type ClaimResult = { kind: 'assigned'; assignment: AssignmentView } | { kind: 'none'; reason: ClaimNoneReason };

/** An exam question the worker got wrong, in the terms the worker saw (shown order), with the right answer. */
export type ExamMiss = { itemId: string; payload: unknown; goldAnswer: unknown; answer: unknown };

export type ExamResult = {
  status: ExamStatus;
  correct: number;
  answered: number;
  total: number;
  passCount: number;
  missed: ExamMiss[];
};

export type SubmitJudgmentResult = {
  judgmentId: string;
  projectId: string;
  /** True when this assignment already had a judgment (double tap, retry): that first judgment is returned. */
  duplicate: boolean;
  isExam: boolean;
  /** Server-side only: whether a gold item was answered correctly; null for regular items. Don't show it per task. */
  goldCorrect: boolean | null;
  /** Non-null for exam questions. */
  exam: ExamResult | null;
  /** The lease taken ahead that this submit put on screen (SubmitOptions.promoteId), with its new expiry; null if none. */
  promoted: { assignmentId: string; leaseExpiresAt: Date } | null;
};

export type WorkerProjectCard = {
  projectId: string;
  title: string;
  taskType: TaskType;
  /** A conversation-tree project (task type WRITING with treeConfig): its card says so, not "Writing". */
  isTree: boolean;
  rewardMsats: bigint;
  estimatedSeconds: number;
  /** rewardMsats * 3600 / estimatedSeconds. */
  hourlyRateMsats: bigint;
  /** Open items this worker has never been given, capped at TASKS_LEFT_CAP (show "1000+"). */
  tasksLeft: number;
  exam: { required: boolean; status: 'NOT_STARTED' | ExamStatus; total: number; passCount: number };
  /** Why there is nothing here for this worker now (tasksLeft 0), or null when there is work. */
  unavailable: ProjectUnavailableReason | null;
};

/**
 * EXAM_FAILED: the qualification test was failed; LIMIT_REACHED: the per-person limit is used up; ALL_DONE: the
 * worker answered every item still open to them; NONE_LEFT: they answered none, and every open item is taken.
 */
export type ProjectUnavailableReason = 'EXAM_FAILED' | 'LIMIT_REACHED' | 'ALL_DONE' | 'NONE_LEFT';

export const TASKS_LEFT_CAP = 1000;
