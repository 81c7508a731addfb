import 'server-only';
// Position-bias counts straight from SQL, grouped by worker and number of responses, so a project of any size costs
// one aggregate query. Answers are stored canonical; what was shown first is the canonical index shownOrder[0]
// (identity when the order was not shuffled), so "first shown wins" is "the winner's canonical index = shownOrder[0]".
import { db, Prisma } from '@/lib/db';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { summarizePositionBias, type PositionBias, type PositionCounts } from './position-bias';

export function hasPositionBias(taskType: TaskType): boolean {
  return taskType === 'PAIRWISE' || taskType === 'RANKING';
}

/**
 * Counts for the judgments `conditions` keeps (aliases: j Judgment, a Assignment, i Item). PAIRWISE: "A"/"B" are
 * decisive. RANKING: a ranking whose top group is one response is decisive; k is the number of responses shown.
 */
export async function readPositionCounts(projectId: string, taskType: TaskType, conditions: Prisma.Sql): Promise<PositionCounts[]> {
  if (!hasPositionBias(taskType)) return [];
  const winner =
    taskType === 'PAIRWISE'
      ? Prisma.sql`CASE j.answer->>'choice' WHEN 'A' THEN 0 WHEN 'B' THEN 1 END`
      : Prisma.sql`CASE WHEN jsonb_typeof(j.answer->'ranking'->0) = 'array' AND jsonb_array_length(j.answer->'ranking'->0) = 1
          AND jsonb_typeof(j.answer->'ranking'->0->0) = 'number' THEN (j.answer->'ranking'->0->>0)::numeric END`;
  const k =
    taskType === 'PAIRWISE'
      ? Prisma.sql`2`
      : Prisma.sql`COALESCE(CASE WHEN jsonb_typeof(a."shownOrder") = 'array' THEN jsonb_array_length(a."shownOrder") END,
          CASE WHEN jsonb_typeof(i.payload->'responses') = 'array' THEN jsonb_array_length(i.payload->'responses') END, 0)`;
  const rows = await db.$queryRaw<{ workerId: string; k: number; decisive: number; firstWins: number }[]>`
    WITH r AS (
      SELECT j."workerId", ${k} AS k, ${winner} AS winner,
        CASE WHEN jsonb_typeof(a."shownOrder"->0) = 'number' THEN (a."shownOrder"->>0)::numeric ELSE 0 END AS first
      FROM "Judgment" j JOIN "Assignment" a ON a.id = j."assignmentId" JOIN "Item" i ON i.id = j."itemId"
      WHERE j."projectId" = ${projectId}::uuid AND ${conditions})
    SELECT "workerId"::text AS "workerId", k::int AS k, count(winner)::int AS decisive, count(*) FILTER (WHERE winner = first)::int AS "firstWins"
    FROM r GROUP BY 1, 2`;
  return rows;
}

/** The figures for the judgments `conditions` keeps, workers renamed by `rename` (e.g. the team's pseudonyms). */
export async function getPositionBias(projectId: string, taskType: TaskType, conditions: Prisma.Sql, rename: (workerId: string) => string = (id) => id): Promise<PositionBias | null> {
  if (!hasPositionBias(taskType)) return null;
  const counts = await readPositionCounts(projectId, taskType, conditions);
  return summarizePositionBias(counts.map((c) => ({ ...c, workerId: rename(c.workerId) })));
}
