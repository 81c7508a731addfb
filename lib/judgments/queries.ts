import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';

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
