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
  if (filter.worker) {
    where.worker = uuid.test(filter.worker) ? { id: filter.worker } : { displayName: { equals: filter.worker, mode: 'insensitive' } };
  }
  return where;
}
