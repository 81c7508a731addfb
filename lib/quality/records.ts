import 'server-only';
import type { Db } from '@/lib/db';
import type { TaskType } from '@/lib/generated/prisma/enums';
import type { QualityRules } from './rules';
import { scoreConsensus, type WorkerRecord } from './verdict';

// The records the quality rules look at, read for many (worker, project) pairs at once: four statements per batch
// of judgments, whatever its size, instead of four per judgment. Each window is the rule's own (rules of the pair's
// project), read newest first through the (workerId, createdAt) and (workerId, status) indexes.

export type RecordRequest = { workerId: string; projectId: string; rules: QualityRules };

const pairKey = (workerId: string, projectId: string) => `${workerId}:${projectId}`;

/** The worker's record per (worker, project) pair, keyed `${workerId}:${projectId}`. */
export async function loadWorkerRecords(tx: Db, requests: RecordRequest[]): Promise<Map<string, WorkerRecord>> {
  const pairs = [...new Map(requests.map((r) => [pairKey(r.workerId, r.projectId), r])).values()];
  const records = new Map<string, WorkerRecord>(
    pairs.map((p) => [pairKey(p.workerId, p.projectId), { recent: [], skips: { total: 0, skipped: 0 }, consensus: { checked: 0, agreed: 0 }, gold: { seen: 0, correct: 0 } }]),
  );
  if (pairs.length === 0) return records;
  const workers = pairs.map((p) => p.workerId);
  const projects = pairs.map((p) => p.projectId);
  const column = (pick: (rules: QualityRules) => number) => pairs.map((p) => pick(p.rules));

  const [recent, skips, gold, consensus] = await Promise.all([
    tx.$queryRaw<{ w: string; p: string; answer: unknown; shownOrder: unknown }[]>`
      SELECT pair.w::text AS w, pair.p::text AS p, r.answer, r."shownOrder"
      FROM unnest(${workers}::uuid[], ${projects}::uuid[], ${column((r) => r.straightLining.window)}::int[]) AS pair(w, p, win)
      CROSS JOIN LATERAL (
        SELECT j.answer, a."shownOrder" FROM "Judgment" j JOIN "Assignment" a ON a.id = j."assignmentId"
        WHERE j."workerId" = pair.w AND j."projectId" = pair.p AND NOT j."isExam"
        ORDER BY j."createdAt" DESC LIMIT pair.win
      ) r`,
    tx.$queryRaw<{ w: string; p: string; total: number; skipped: number }[]>`
      SELECT pair.w::text AS w, pair.p::text AS p, s.total, s.skipped
      FROM unnest(${workers}::uuid[], ${projects}::uuid[], ${column((r) => r.skipWindow)}::int[]) AS pair(w, p, win)
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped FROM (
          SELECT status FROM "Assignment"
          WHERE "workerId" = pair.w AND "projectId" = pair.p AND NOT "isExam" AND status NOT IN ('ACTIVE', 'BARRED')
          ORDER BY "leasedAt" DESC LIMIT pair.win
        ) last
      ) s`,
    loadGoldRecords(tx, pairs.map((p) => ({ workerId: p.workerId, window: p.rules.goldWindow }))),
    loadConsensusRecords(tx, pairs.map((p) => ({ workerId: p.workerId, rules: p.rules }))),
  ]);
  for (const row of recent) records.get(pairKey(row.w, row.p))!.recent.push({ answer: row.answer, shownOrder: row.shownOrder });
  for (const row of skips) records.get(pairKey(row.w, row.p))!.skips = { total: row.total, skipped: row.skipped };
  pairs.forEach((p, index) => {
    const record = records.get(pairKey(p.workerId, p.projectId))!;
    record.gold = gold[index];
    record.consensus = consensus[index];
  });
  return records;
}

/** Per request (same order): the worker's last `window` gold answers in any project, and how many were right. */
export async function loadGoldRecords(tx: Db, requests: { workerId: string; window: number }[]): Promise<{ seen: number; correct: number }[]> {
  if (requests.length === 0) return [];
  const rows = await tx.$queryRaw<{ n: number; seen: number; correct: number }[]>`
    SELECT req.n::int AS n, g.seen, g.correct
    FROM unnest(${requests.map((r) => r.workerId)}::uuid[], ${requests.map((r) => r.window)}::int[]) WITH ORDINALITY AS req(w, win, n)
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS seen, count(*) FILTER (WHERE "goldCorrect")::int AS correct FROM (
        SELECT "goldCorrect" FROM "Judgment"
        WHERE "workerId" = req.w AND "isGold" AND NOT "isExam" AND "goldCorrect" IS NOT NULL
        ORDER BY "createdAt" DESC LIMIT req.win
      ) last
    ) g`;
  const byIndex = new Map(rows.map((row) => [row.n, { seen: row.seen, correct: row.correct }]));
  return requests.map((_, index) => byIndex.get(index + 1) ?? { seen: 0, correct: 0 });
}

/**
 * Per request (same order): how often the worker's answer matched the majority of the other workers' answers, over
 * their last consensusWindow regular answers (any project) on items with at least consensusMinJudgments live (not
 * rejected) answers (scoreConsensus).
 */
export async function loadConsensusRecords(
  tx: Db,
  requests: { workerId: string; rules: QualityRules }[],
): Promise<{ checked: number; agreed: number }[]> {
  if (requests.length === 0) return [];
  const rows = await tx.$queryRaw<{ n: number; taskType: TaskType; answer: unknown; others: unknown[] }[]>`
    SELECT req.n::int AS n, m."taskType", m.answer,
      (SELECT coalesce(array_agg(o.answer), '{}') FROM "Judgment" o
       WHERE o."itemId" = m."itemId" AND o."workerId" <> req.w AND o.status <> 'REJECTED' AND NOT o."isExam") AS others
    FROM unnest(${requests.map((r) => r.workerId)}::uuid[], ${requests.map((r) => r.rules.consensusMinJudgments)}::int[],
      ${requests.map((r) => r.rules.consensusWindow)}::int[]) WITH ORDINALITY AS req(w, min, win, n)
    CROSS JOIN LATERAL (
      SELECT j."itemId", j.answer, p."taskType" FROM "Judgment" j JOIN "Project" p ON p.id = j."projectId"
      WHERE j."workerId" = req.w AND NOT j."isGold" AND NOT j."isExam" AND j.status <> 'REJECTED'
        AND (SELECT count(*) FROM "Judgment" c WHERE c."itemId" = j."itemId" AND c.status <> 'REJECTED' AND NOT c."isExam") >= req.min
      ORDER BY j."createdAt" DESC LIMIT req.win
    ) m`;
  const grouped = new Map<number, typeof rows>();
  for (const row of rows) grouped.set(row.n, [...(grouped.get(row.n) ?? []), row]);
  return requests.map((_, index) => scoreConsensus(grouped.get(index + 1) ?? []));
}
