import 'server-only';
import { db } from '@/lib/db';
import type { ExamStatus, TaskType } from '@/lib/generated/prisma/enums';
import { isUuid } from './ids';
import { notGivenTo } from './item-picker';
import { TASKS_LEFT_CAP, type WorkerProjectCard } from './types';

const MAX_PROJECTS = 50;

type ProjectRow = {
  projectId: string;
  title: string;
  taskType: TaskType;
  isTree: boolean;
  rewardMsats: bigint;
  estimatedSeconds: number;
  examGoldCount: number;
  examPassCount: number;
  maxJudgmentsPerWorker: number | null;
  examStatus: ExamStatus | null;
  examTotal: number | null;
  tasksLeft: number;
};

/**
 * The ACTIVE projects a worker can pick from, newest first, with what their card shows. tasksLeft counts the open
 * regular items this worker was never given (the claim's own anti-join), stopping at TASKS_LEFT_CAP so a big
 * project costs no more than a small one, and never more than what the worker's per-project limit still allows.
 */
export async function listProjectsForWorker(workerId: string): Promise<WorkerProjectCard[]> {
  if (!isUuid(workerId)) return [];
  const rows = await db.$queryRaw<ProjectRow[]>`
    SELECT p.id::text AS "projectId", p.title, p."taskType", p."treeConfig" IS NOT NULL AS "isTree", p."rewardMsats", p."estimatedSeconds",
      p."examGoldCount", p."examPassCount", p."maxJudgmentsPerWorker",
      e.status AS "examStatus", e.total AS "examTotal",
      (SELECT count(*)::int FROM (
        SELECT 1 FROM "Item" i
        ${notGivenTo(workerId)}
        WHERE i."projectId" = p.id AND i.status = 'OPEN' AND i."isGold" = false AND i."openSlots" > 0 AND given.item IS NULL
        LIMIT ${TASKS_LEFT_CAP}
      ) AS open_items) AS "tasksLeft"
    FROM "Project" p
    LEFT JOIN "ExamAttempt" e ON e."workerId" = ${workerId}::uuid AND e."projectId" = p.id
    WHERE p.status = 'ACTIVE'
    ORDER BY p."createdAt" DESC
    LIMIT ${MAX_PROJECTS}`;

  // What the worker already did counts for a per-person limit, and tells "all done" from "none left" when no item is.
  const counted = rows.filter((row) => row.maxJudgmentsPerWorker !== null || row.tasksLeft === 0).map((row) => row.projectId);
  const doneCounts = counted.length
    ? await db.judgment.groupBy({ by: ['projectId'], where: { workerId, projectId: { in: counted }, isExam: false }, _count: true })
    : [];
  const done = new Map(doneCounts.map((count) => [count.projectId, count._count]));

  return rows.map((row) => {
    const allowance = row.maxJudgmentsPerWorker === null ? Infinity : Math.max(0, row.maxJudgmentsPerWorker - (done.get(row.projectId) ?? 0));
    const examBlocks = row.examGoldCount > 0 && row.examStatus === 'FAILED';
    return {
      projectId: row.projectId,
      title: row.title,
      taskType: row.taskType,
      isTree: row.isTree,
      rewardMsats: row.rewardMsats,
      estimatedSeconds: row.estimatedSeconds,
      hourlyRateMsats: (row.rewardMsats * 3600n) / BigInt(row.estimatedSeconds),
      tasksLeft: examBlocks ? 0 : Math.min(row.tasksLeft, allowance),
      unavailable: examBlocks ? 'EXAM_FAILED' : allowance === 0 ? 'LIMIT_REACHED' : row.tasksLeft > 0 ? null : done.get(row.projectId) ? 'ALL_DONE' : 'NONE_LEFT',
      exam: {
        required: row.examGoldCount > 0,
        status: row.examStatus ?? 'NOT_STARTED',
        total: row.examTotal ?? row.examGoldCount,
        passCount: row.examPassCount,
      },
    };
  });
}
