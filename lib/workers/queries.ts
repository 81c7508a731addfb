import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { accountKey } from '@/lib/ledger/accounts';

/** The worker's home: who they are, what they hold, and the projects open to them. */
export async function getWorkerHome() {
  const viewer = await requireRole('WORKER');
  if (!viewer.worker) throw new AppError('NOT_FOUND', 'No worker profile for this account.');
  const workerId = viewer.worker.id;
  const [accounts, pending, projects] = await Promise.all([
    db.ledgerAccount.findMany({
      where: { key: { in: [accountKey({ kind: 'WORKER_AVAILABLE', workerId }), accountKey({ kind: 'WORKER_RESERVED', workerId })] } },
      select: { kind: true, balanceMsats: true },
    }),
    db.judgment.aggregate({ where: { workerId, status: 'PENDING' }, _sum: { rewardMsats: true }, _count: true }),
    db.project.findMany({
      where: { status: 'ACTIVE' },
      orderBy: { createdAt: 'desc' },
      take: 20,
      select: { id: true, title: true, taskType: true, rewardMsats: true, estimatedSeconds: true, _count: { select: { items: { where: { status: 'OPEN', openSlots: { gt: 0 } } } } } },
    }),
  ]);
  const balance = (kind: string) => accounts.find((a) => a.kind === kind)?.balanceMsats ?? 0n;
  return {
    worker: viewer.worker,
    availableMsats: balance('WORKER_AVAILABLE'),
    reservedMsats: balance('WORKER_RESERVED'),
    pendingMsats: pending._sum.rewardMsats ?? 0n,
    pendingCount: pending._count,
    projects: projects.map((p) => ({ ...p, openItems: p._count.items })),
  };
}
