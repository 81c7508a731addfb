import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db, Prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { WorkerFlagStatus, WorkerStatus } from '@/lib/generated/prisma/enums';

export type FlaggedWorkerRow = {
  id: string;
  displayName: string;
  status: WorkerStatus;
  statusReason: string | null;
  trustScore: number;
  goldSeen: number;
  goldCorrect: number;
  judgmentsApproved: number;
  judgmentsRejected: number;
  createdAt: Date;
  maxScore: number;
  availableMsats: bigint;
  pendingJudgments: number;
  pendingMsats: bigint;
  flags: { id: string; kind: string; score: number; status: WorkerFlagStatus; details: Prisma.JsonValue; lastSeenAt: Date }[];
};

/** Which flags rank a worker: OPEN ones by default; ACTIONED shows the workers already paused or banned. */
export type FlagListFilter = 'OPEN' | 'ACTIONED' | 'CLEARED';

/** Workers ranked by their highest flag score (in the chosen flag status), with what an admin needs to decide. */
export async function listFlaggedWorkers(options: { status?: FlagListFilter; take?: number } = {}): Promise<FlaggedWorkerRow[]> {
  await requireRole('ADMIN');
  const status = options.status ?? 'OPEN';
  const take = Math.min(Math.max(options.take ?? 100, 1), 500);
  const rows = await db.$queryRaw<Omit<FlaggedWorkerRow, 'flags'>[]>`
    WITH ranked AS (
      SELECT "workerId", max(score) AS "maxScore" FROM "WorkerFlag"
      WHERE status = ${status}::"WorkerFlagStatus" GROUP BY "workerId"
      ORDER BY max(score) DESC, "workerId" LIMIT ${take}
    )
    SELECT w.id, w."displayName", w.status, w."statusReason", w."trustScore", w."goldSeen", w."goldCorrect",
           w."judgmentsApproved", w."judgmentsRejected", w."createdAt", r."maxScore",
           coalesce((SELECT sum("balanceMsats") FROM "LedgerAccount" a WHERE a."workerId" = w.id AND a.kind = 'WORKER_AVAILABLE'), 0)::bigint AS "availableMsats",
           (SELECT count(*) FROM "Judgment" j WHERE j."workerId" = w.id AND j.status = 'PENDING')::int AS "pendingJudgments",
           coalesce((SELECT sum("rewardMsats") FROM "Judgment" j WHERE j."workerId" = w.id AND j.status = 'PENDING'), 0)::bigint AS "pendingMsats"
    FROM ranked r JOIN "WorkerProfile" w ON w.id = r."workerId"
    ORDER BY r."maxScore" DESC, w.id`;
  const flags = await db.workerFlag.findMany({
    where: { workerId: { in: rows.map((r) => r.id) }, status },
    orderBy: { score: 'desc' },
    select: { id: true, workerId: true, kind: true, score: true, status: true, details: true, lastSeenAt: true },
  });
  return rows.map((row) => ({ ...row, flags: flags.filter((f) => f.workerId === row.id) }));
}

/** One worker for the admin: profile figures, every flag, trust history, recent sign-ins. */
export async function getWorkerForAdminOrThrow(workerId: string) {
  await requireRole('ADMIN');
  if (!/^[0-9a-f-]{36}$/i.test(workerId)) throw new AppError('NOT_FOUND', 'No such worker.');
  const worker = await db.workerProfile.findUnique({
    where: { id: workerId },
    select: {
      id: true,
      userId: true,
      displayName: true,
      status: true,
      statusReason: true,
      statusChangedAt: true,
      trustScore: true,
      goldSeen: true,
      goldCorrect: true,
      judgmentsApproved: true,
      judgmentsRejected: true,
      dailyPayoutCapMsats: true,
      lightningAddress: true,
      signupIp: true,
      createdAt: true,
      lastSeenAt: true,
      flags: { orderBy: { score: 'desc' }, select: { id: true, kind: true, score: true, status: true, details: true, lastSeenAt: true, resolvedAt: true, resolvedById: true } },
      trustHistory: { orderBy: { createdAt: 'desc' }, take: 50, select: { id: true, score: true, inputs: true, reason: true, createdAt: true } },
    },
  });
  if (!worker) throw new AppError('NOT_FOUND', 'No such worker.');
  const [sessions, balances, pending] = await Promise.all([
    db.session.findMany({ where: { userId: worker.userId }, orderBy: { createdAt: 'desc' }, take: 20, select: { ip: true, userAgent: true, createdAt: true } }),
    db.ledgerAccount.groupBy({ by: ['kind'], where: { workerId }, _sum: { balanceMsats: true } }),
    db.judgment.aggregate({ where: { workerId, status: 'PENDING' }, _count: true, _sum: { rewardMsats: true } }),
  ]);
  const balanceOf = (kind: string) => balances.find((b) => b.kind === kind)?._sum.balanceMsats ?? 0n;
  return {
    ...worker,
    sessions,
    availableMsats: balanceOf('WORKER_AVAILABLE'),
    reservedMsats: balanceOf('WORKER_RESERVED'),
    pendingJudgments: pending._count,
    pendingMsats: pending._sum.rewardMsats ?? 0n,
  };
}
