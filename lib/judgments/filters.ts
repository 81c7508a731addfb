import 'server-only';
import type { Prisma } from '@/lib/db';
import type { ReviewFilter } from './schemas';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The review queue's WHERE clause, shared by the list and bulk approval so "approve all shown" approves exactly
 * what the filter shows. Exam answers are graded by the exam, not reviewed, so they never appear here.
 */
export function buildReviewWhere(filter: ReviewFilter): Prisma.JudgmentWhereInput {
  const where: Prisma.JudgmentWhereInput = { isExam: false };
  if (filter.status === 'APPEAL') where.appealStatus = 'OPEN';
  else where.status = filter.status;
  if (filter.projectId) where.projectId = filter.projectId;
  if (filter.flag) where.flags = { has: filter.flag };
  if (filter.worker) where.worker = workerMatch(filter.worker.trim());
  return where;
}

// The code every card prints ("Worker A109CF", defaultDisplayName in lib/workers/profiles.ts) is the linking key's
// first three bytes after its 02/03 prefix: it finds the worker whatever name they chose since.
const workerCode = /^(?:worker\s+)?([0-9a-f]{6})$/i;

function workerMatch(text: string): Prisma.WorkerProfileWhereInput {
  if (uuid.test(text)) return { id: text };
  const byName: Prisma.WorkerProfileWhereInput = { displayName: { equals: text, mode: 'insensitive' } };
  const code = workerCode.exec(text)?.[1]?.toLowerCase();
  if (!code) return byName;
  return { OR: [byName, { linkingKey: { startsWith: `02${code}` } }, { linkingKey: { startsWith: `03${code}` } }] };
}
