import 'server-only';
// The project dashboard's figures. Counting happens in SQL; only agreement loads answers, for a capped set of items.
import { db, Prisma } from '@/lib/db';
import type { JudgmentStatus, TaskType } from '@/lib/generated/prisma/enums';
import { accountKey, getAccountBalance } from '@/lib/ledger/accounts';
import { judgmentCostMsats } from '@/lib/ledger/money';
import { createPseudonymizer } from '@/lib/exports/ids';
import type { PositionBias } from '@/lib/quality/position-bias';
import { getPositionBias } from '@/lib/quality/position-bias-read';
import { assertTeamProject, type TeamActor } from '@/lib/teams/actor';
import { computeAgreement, type AgreementResult } from './agreement';

/** Agreement reads the answers of at most this many items (the most recently answered ones). */
export const AGREEMENT_ITEM_CAP = 5_000;
const HOUR_MS = 3_600_000;

export type ProjectStats = {
  taskType: TaskType;
  items: { total: number; done: number; inProgress: number; waiting: number; gold: number; cancelled: number };
  /** Judgments still to collect on open work items. */
  remainingJudgments: number;
  /** Work judgments (exam answers left out) by review status. */
  judgments: Record<JudgmentStatus, number> & { total: number };
  money: {
    /** Rewards and fees paid out of the escrow for approved judgments (from the ledger). */
    spentMsats: bigint;
    escrowMsats: bigint;
    /** What the pending judgments will cost when approved. */
    pendingCostMsats: bigint;
  };
  throughput: {
    last24h: number;
    perHour: number;
    /** 24 hourly buckets, oldest first; the last one is the current (partial) hour. */
    buckets: { start: string; count: number }[];
  };
  /** Hours until every remaining judgment is in at the last 24h's pace; null when nothing was done lately. */
  etaHours: number | null;
  agreement: AgreementResult & { itemsUsed: number; capped: boolean };
  gold: { judged: number; correct: number; accuracy: number | null };
  /** PAIRWISE/RANKING: how often the response shown first wins (rejected work left out); workers pseudonymous. */
  positionBias: PositionBias | null;
};

type ItemRow = { total: number; done: number; in_progress: number; waiting: number; gold: number; cancelled: number; remaining: number };

export async function getProjectStats(actor: TeamActor, projectId: string, options: { now?: Date } = {}): Promise<ProjectStats> {
  const { teamId } = await assertTeamProject(actor, projectId);
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { taskType: true, typeConfig: true, rewardMsats: true, feeBps: true } });
  const now = options.now ?? new Date();
  // Buckets are whole clock hours (UTC): the current hour and the 23 before it.
  const since = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS);

  const [[items], judgmentGroups, [spent], hourly, [gold], escrowMsats, answers, positionBias] = await Promise.all([
    db.$queryRaw<ItemRow[]>`
      WITH live AS (SELECT DISTINCT "itemId" FROM "Assignment" WHERE "projectId" = ${projectId}::uuid AND status = 'ACTIVE')
      SELECT count(*)::int AS total,
        count(*) FILTER (WHERE NOT i."isGold" AND i.status = 'DONE')::int AS done,
        count(*) FILTER (WHERE NOT i."isGold" AND i.status = 'OPEN' AND live."itemId" IS NOT NULL)::int AS in_progress,
        count(*) FILTER (WHERE NOT i."isGold" AND i.status = 'OPEN' AND live."itemId" IS NULL)::int AS waiting,
        count(*) FILTER (WHERE i."isGold")::int AS gold,
        count(*) FILTER (WHERE NOT i."isGold" AND i.status = 'CANCELLED')::int AS cancelled,
        COALESCE(SUM(GREATEST(i."judgmentsNeeded" - i."judgmentsDone", 0)) FILTER (WHERE NOT i."isGold" AND i.status = 'OPEN'), 0)::int AS remaining
      FROM "Item" i LEFT JOIN live ON live."itemId" = i.id
      WHERE i."projectId" = ${projectId}::uuid`,
    db.judgment.groupBy({ by: ['status'], where: { projectId, isExam: false }, _count: { _all: true } }),
    db.$queryRaw<{ spent: bigint }[]>`
      SELECT COALESCE(SUM(t."amountMsats"), 0)::bigint AS spent
      FROM "LedgerTransfer" t JOIN "LedgerAccount" a ON a.id = t."debitAccountId"
      WHERE a.key = ${accountKey({ kind: 'PROJECT_ESCROW', teamId, projectId })} AND t.reason IN ('JUDGMENT_REWARD', 'PLATFORM_FEE')`,
    db.$queryRaw<{ bucket: number; count: number }[]>`
      SELECT floor(extract(epoch FROM ("createdAt" - ${since.toISOString()}::timestamp)) / 3600)::int AS bucket, count(*)::int AS count
      FROM "Judgment"
      WHERE "projectId" = ${projectId}::uuid AND "isExam" = false AND "createdAt" >= ${since.toISOString()}::timestamp
      GROUP BY 1`,
    db.$queryRaw<{ judged: number; correct: number }[]>`
      SELECT count(*)::int AS judged, count(*) FILTER (WHERE "goldCorrect")::int AS correct
      FROM "Judgment" WHERE "projectId" = ${projectId}::uuid AND "isGold" AND "isExam" = false AND "goldCorrect" IS NOT NULL`,
    getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId, projectId }),
    loadAgreementAnswers(projectId, project.taskType),
    loadPositionBias(teamId, projectId, project.taskType),
  ]);

  const judgments = { PENDING: 0, APPROVED: 0, REJECTED: 0, total: 0 };
  for (const group of judgmentGroups) {
    judgments[group.status] = group._count._all;
    judgments.total += group._count._all;
  }
  const buckets = Array.from({ length: 24 }, (_, index) => ({ start: new Date(since.getTime() + index * HOUR_MS).toISOString(), count: 0 }));
  for (const row of hourly) if (row.bucket >= 0 && row.bucket < 24) buckets[row.bucket].count += row.count;
  const last24h = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  // The current hour is partial: the pace is measured over the time that actually passed.
  const elapsedHours = (now.getTime() - since.getTime()) / HOUR_MS;
  const perHour = elapsedHours > 0 ? last24h / elapsedHours : 0;
  const agreed = computeAgreement(project.taskType, project.typeConfig, answers.rows);

  return {
    taskType: project.taskType,
    items: { total: items.total, done: items.done, inProgress: items.in_progress, waiting: items.waiting, gold: items.gold, cancelled: items.cancelled },
    remainingJudgments: items.remaining,
    judgments,
    money: {
      spentMsats: spent?.spent ?? 0n,
      escrowMsats,
      pendingCostMsats: judgmentCostMsats(project.rewardMsats, project.feeBps) * BigInt(judgments.PENDING),
    },
    throughput: { last24h, perHour, buckets },
    etaHours: items.remaining === 0 ? 0 : perHour > 0 ? items.remaining / perHour : null,
    agreement: { ...agreed, itemsUsed: answers.items, capped: answers.items >= AGREEMENT_ITEM_CAP },
    gold: { judged: gold?.judged ?? 0, correct: gold?.correct ?? 0, accuracy: gold && gold.judged > 0 ? gold.correct / gold.judged : null },
    positionBias,
  };
}

/** Position bias over the project's answers (not rejected, not exam), workers named as in the team's exports. */
async function loadPositionBias(teamId: string, projectId: string, taskType: TaskType): Promise<PositionBias | null> {
  if (taskType !== 'PAIRWISE' && taskType !== 'RANKING') return null;
  const { pseudonymSalt } = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { pseudonymSalt: true } });
  return getPositionBias(projectId, taskType, Prisma.sql`j."isExam" = false AND j.status <> 'REJECTED'`, createPseudonymizer(pseudonymSalt));
}

/** Answers (not rejected, not exam) of the most recently answered items with at least two of them. */
async function loadAgreementAnswers(projectId: string, taskType: TaskType): Promise<{ rows: { itemId: string; answer: unknown }[]; items: number }> {
  if (taskType === 'WRITING') return { rows: [], items: 0 };
  const rows = await db.$queryRaw<{ itemId: string; answer: unknown }[]>`
    WITH recent AS (
      SELECT "itemId" FROM "Judgment"
      WHERE "projectId" = ${projectId}::uuid AND "isExam" = false AND status <> 'REJECTED'
      GROUP BY "itemId" HAVING count(*) >= 2
      ORDER BY max("createdAt") DESC
      LIMIT ${AGREEMENT_ITEM_CAP})
    SELECT j."itemId"::text AS "itemId", j.answer
    FROM "Judgment" j JOIN recent r ON r."itemId" = j."itemId"
    WHERE j."isExam" = false AND j.status <> 'REJECTED'`;
  return { rows, items: new Set(rows.map((row) => row.itemId)).size };
}
