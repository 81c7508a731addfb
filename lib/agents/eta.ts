import 'server-only';
// How long the remaining judgments of a job should take, from what workers are doing now. Two measurements, best
// first: the job's own pace over the last 10 minutes, then the platform's pace over the last hour shared among the
// projects with open work (this job counted as one more). No recent work at all: null, not a guess.
import { db } from '@/lib/db';

const OWN_WINDOW_SECONDS = 600;
const OWN_MIN_JUDGMENTS = 5;
const PLATFORM_WINDOW_SECONDS = 3600;

export async function estimateEtaSeconds(remainingJudgments: number, options: { projectId?: string; now?: Date } = {}): Promise<number | null> {
  if (remainingJudgments <= 0) return 0;
  const now = options.now ?? new Date();
  if (options.projectId) {
    const since = new Date(now.getTime() - OWN_WINDOW_SECONDS * 1000);
    const own = await db.judgment.count({ where: { projectId: options.projectId, isExam: false, createdAt: { gte: since, lte: now } } });
    if (own >= OWN_MIN_JUDGMENTS) return Math.ceil((remainingJudgments * OWN_WINDOW_SECONDS) / own);
  }
  const since = new Date(now.getTime() - PLATFORM_WINDOW_SECONDS * 1000);
  const [row] = await db.$queryRaw<{ judgments: number; projects: number }[]>`
    SELECT (SELECT count(*)::int FROM "Judgment" WHERE "createdAt" >= ${since} AND "createdAt" <= ${now} AND NOT "isExam") AS judgments,
           (SELECT count(*)::int FROM "Project" p WHERE p.status = 'ACTIVE'
              AND EXISTS (SELECT 1 FROM "Item" i WHERE i."projectId" = p.id AND i.status = 'OPEN')) AS projects`;
  if (!row || row.judgments === 0) return null;
  const sharers = options.projectId ? Math.max(row.projects, 1) : row.projects + 1;
  const perSecond = row.judgments / PLATFORM_WINDOW_SECONDS / sharers;
  return Math.ceil(remainingJudgments / perSecond);
}
