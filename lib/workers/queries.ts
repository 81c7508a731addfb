import 'server-only';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { listProjectsForWorker } from '@/lib/assignment';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { accountKey } from '@/lib/ledger/accounts';

async function requireWorker() {
  const viewer = await requireRole('WORKER');
  if (!viewer.worker) throw new AppError('NOT_FOUND', 'No worker profile for this account.');
  return viewer.worker;
}

async function getBalances(workerId: string) {
  const accounts = await db.ledgerAccount.findMany({
    where: { key: { in: [accountKey({ kind: 'WORKER_AVAILABLE', workerId }), accountKey({ kind: 'WORKER_RESERVED', workerId })] } },
    select: { kind: true, balanceMsats: true },
  });
  const balance = (kind: string) => accounts.find((a) => a.kind === kind)?.balanceMsats ?? 0n;
  return { availableMsats: balance('WORKER_AVAILABLE'), reservedMsats: balance('WORKER_RESERVED') };
}

type EarningsRow = { pendingMsats: bigint | null; pendingCount: number; todayMsats: bigint | null; weekMsats: bigint | null; weekMs: bigint | null };

/**
 * Pending, today's and hourly figures over paid (non-exam) work that was not rejected. One statement over the
 * worker's last week (the strip under every task runs it).
 */
async function getEarningsFigures(workerId: string) {
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600 * 1000);
  const [row] = await db.$queryRaw<EarningsRow[]>`
    SELECT
      sum("rewardMsats") FILTER (WHERE status = 'PENDING')::bigint AS "pendingMsats",
      count(*) FILTER (WHERE status = 'PENDING')::int AS "pendingCount",
      sum("rewardMsats") FILTER (WHERE status <> 'REJECTED' AND "createdAt" >= ${startOfDay})::bigint AS "todayMsats",
      sum("rewardMsats") FILTER (WHERE status <> 'REJECTED' AND "createdAt" >= ${weekAgo})::bigint AS "weekMsats",
      sum("durationMs") FILTER (WHERE status <> 'REJECTED' AND "createdAt" >= ${weekAgo})::bigint AS "weekMs"
    FROM "Judgment"
    WHERE "workerId" = ${workerId}::uuid AND NOT "isExam" AND (status = 'PENDING' OR "createdAt" >= ${weekAgo < startOfDay ? weekAgo : startOfDay})`;
  const weekMs = row?.weekMs ?? 0n;
  return {
    pendingMsats: row?.pendingMsats ?? 0n,
    pendingCount: row?.pendingCount ?? 0,
    todayMsats: row?.todayMsats ?? 0n,
    // Money per hour of measured task time over the last 7 days; null until there is a minute of work.
    hourlyMsats: weekMs >= 60_000n ? ((row?.weekMsats ?? 0n) * 3_600_000n) / weekMs : null,
  };
}

/** The worker's home: who they are, what they hold and earned, and the projects open to them. */
export async function getWorkerHome() {
  const worker = await requireWorker();
  const [balances, figures, projects] = await Promise.all([
    getBalances(worker.id),
    getEarningsFigures(worker.id),
    listProjectsForWorker(worker.id),
  ]);
  return { worker, ...balances, ...figures, projects };
}

/** Every judgment of the worker, newest first, with its status and the reason for a rejection. */
export async function getWorkerEarnings(options: { take?: number } = {}) {
  const worker = await requireWorker();
  const [balances, figures, judgments] = await Promise.all([
    getBalances(worker.id),
    getEarningsFigures(worker.id),
    db.judgment.findMany({
      where: { workerId: worker.id },
      orderBy: { createdAt: 'desc' },
      take: Math.min(options.take ?? 100, 500),
      select: {
        id: true,
        status: true,
        reason: true,
        rewardMsats: true,
        isExam: true,
        createdAt: true,
        project: { select: { title: true } },
      },
    }),
  ]);
  return { worker, ...balances, ...figures, judgments };
}

/**
 * What a worker needs to appeal a rejection knowingly: the task as they saw its content, and their answer. Only for
 * their own rejected judgments among `judgmentIds` (the earnings list), so the page loads no other payloads.
 */
export type RejectedTaskDetail = { payload: unknown; answer: unknown; taskType: TaskType; typeConfig: unknown };

export async function getRejectedTaskDetails(workerId: string, judgmentIds: string[]): Promise<Map<string, RejectedTaskDetail>> {
  if (judgmentIds.length === 0) return new Map();
  const rows = await db.judgment.findMany({
    where: { id: { in: judgmentIds }, workerId, status: 'REJECTED' },
    select: { id: true, answer: true, item: { select: { payload: true } }, project: { select: { taskType: true, typeConfig: true } } },
  });
  return new Map(rows.map((row) => [row.id, { payload: row.item.payload, answer: row.answer, taskType: row.project.taskType, typeConfig: row.project.typeConfig }]));
}

export type EarningsStrip = { pendingMsats: bigint; availableMsats: bigint; todayMsats: bigint; hourlyMsats: bigint | null };

/** The strip under each task: what is pending, available, earned today, and the hourly rate. */
export async function getWorkerEarningsStrip(): Promise<EarningsStrip> {
  return getEarningsStripFor((await requireWorker()).id);
}

/** The strip's figures for a worker the caller already checked (the task loop's action). */
export async function getEarningsStripFor(workerId: string): Promise<EarningsStrip> {
  const [balances, figures] = await Promise.all([getBalances(workerId), getEarningsFigures(workerId)]);
  return { pendingMsats: figures.pendingMsats, availableMsats: balances.availableMsats, todayMsats: figures.todayMsats, hourlyMsats: figures.hourlyMsats };
}
