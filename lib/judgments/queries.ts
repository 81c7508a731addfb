import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getConsensus } from './consensus';
import { buildReviewWhere } from './filters';
import type { ReviewFilter } from './schemas';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pending judgments, oldest first, for the admin review queue. */
export async function listPendingJudgments(options: { projectId?: string; take?: number } = {}) {
  await requireRole('ADMIN');
  return db.judgment.findMany({
    where: { status: 'PENDING', isExam: false, ...(options.projectId ? { projectId: options.projectId } : {}) },
    orderBy: { createdAt: 'asc' },
    take: Math.min(options.take ?? 50, 200),
    select: {
      id: true,
      answer: true,
      durationMs: true,
      flags: true,
      rewardMsats: true,
      createdAt: true,
      project: { select: { title: true, taskType: true } },
      worker: { select: { displayName: true } },
    },
  });
}

const queueSelect = {
  id: true,
  itemId: true,
  answer: true,
  durationMs: true,
  flags: true,
  isGold: true,
  goldCorrect: true,
  isTooFast: true,
  status: true,
  reason: true,
  appealText: true,
  appealStatus: true,
  appealedAt: true,
  rewardMsats: true,
  createdAt: true,
  item: { select: { externalId: true, payload: true, isGold: true, goldAnswer: true, judgmentsDone: true, judgmentsNeeded: true } },
  project: { select: { id: true, title: true, taskType: true } },
  worker: { select: { id: true, displayName: true, trustScore: true, status: true } },
} as const;

export type ReviewQueueJudgment = Awaited<ReturnType<typeof listReviewQueue>>['data'][number];

/**
 * The review queue: judgments matching the filter, oldest first, a page at a time. Keyset paging on the id (uuid v7,
 * so time-ordered): `cursor` is the last id of the previous page. `pendingTotal` counts every PENDING match for the UI.
 */
export async function listReviewQueue(filter: ReviewFilter, options: { cursor?: string; limit?: number } = {}) {
  await requireRole('ADMIN');
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 100);
  const where = buildReviewWhere(filter);
  const cursor = options.cursor && uuid.test(options.cursor) ? options.cursor : undefined;
  const [rows, total] = await Promise.all([
    db.judgment.findMany({ where: { ...where, ...(cursor ? { id: { gt: cursor } } : {}) }, orderBy: { id: 'asc' }, take: limit + 1, select: queueSelect }),
    db.judgment.count({ where }),
  ]);
  const data = rows.slice(0, limit);
  return { data, total, nextCursor: rows.length > limit ? data[data.length - 1].id : null };
}

/** Projects for the review filter, most recent first. */
export async function listReviewProjects() {
  await requireRole('ADMIN');
  return db.project.findMany({ orderBy: { createdAt: 'desc' }, take: 200, select: { id: true, title: true, status: true } });
}

/** One item with every worker's answer side by side, its gold answer and the majority consensus. */
export async function getItemReviewOrThrow(itemId: string) {
  await requireRole('ADMIN');
  if (!uuid.test(itemId)) throw new AppError('NOT_FOUND', 'No such item.');
  const item = await db.item.findUnique({
    where: { id: itemId },
    select: {
      id: true,
      externalId: true,
      payload: true,
      isGold: true,
      goldAnswer: true,
      status: true,
      judgmentsDone: true,
      judgmentsNeeded: true,
      openSlots: true,
      project: { select: { id: true, title: true, taskType: true } },
      judgments: {
        where: { isExam: false },
        orderBy: { id: 'asc' },
        select: {
          id: true,
          answer: true,
          durationMs: true,
          flags: true,
          status: true,
          reason: true,
          goldCorrect: true,
          appealStatus: true,
          appealText: true,
          createdAt: true,
          worker: { select: { id: true, displayName: true, trustScore: true, status: true } },
        },
      },
    },
  });
  if (!item) throw new AppError('NOT_FOUND', 'No such item.');
  // Rejected answers are not evidence of what the item is; the consensus counts the rest.
  const counted = item.judgments.filter((j) => j.status !== 'REJECTED').map((j) => ({ workerId: j.worker.id, answer: j.answer }));
  return { ...item, consensus: getConsensus(item.project.taskType, counted) };
}

/** The signed-in worker's appeal state per judgment, for the earnings page (which lists the judgments themselves). */
export async function listOwnAppealStates(judgmentIds: string[]) {
  const viewer = await requireRole('WORKER');
  if (!viewer.worker || judgmentIds.length === 0) return new Map<string, { appealStatus: 'OPEN' | 'UPHELD' | 'DENIED' | null; canAppeal: boolean }>();
  const rows = await db.judgment.findMany({
    where: { id: { in: judgmentIds.slice(0, 500) }, workerId: viewer.worker.id },
    select: { id: true, status: true, appealStatus: true, isExam: true },
  });
  return new Map(rows.map((r) => [r.id, { appealStatus: r.appealStatus, canAppeal: r.status === 'REJECTED' && r.appealStatus === null }]));
}
