import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';

/** Platform overview: people, work, and what the ledger owes against what it holds. */
export async function getAdminOverview() {
  await requireRole('ADMIN');
  const [workers, teams, projects, pendingReviews, balances] = await Promise.all([
    db.workerProfile.groupBy({ by: ['status'], _count: true }),
    db.team.count(),
    db.project.groupBy({ by: ['status'], _count: true }),
    db.judgment.count({ where: { status: 'PENDING' } }),
    db.ledgerAccount.groupBy({ by: ['kind'], _sum: { balanceMsats: true } }),
  ]);
  const sumOf = (...kinds: string[]) =>
    balances.filter((b) => kinds.includes(b.kind)).reduce((total, b) => total + (b._sum.balanceMsats ?? 0n), 0n);
  return {
    workersByStatus: Object.fromEntries(workers.map((w) => [w.status, w._count])),
    teams,
    projectsByStatus: Object.fromEntries(projects.map((p) => [p.status, p._count])),
    pendingReviews,
    workerLiabilitiesMsats: sumOf('WORKER_AVAILABLE', 'WORKER_RESERVED'),
    escrowMsats: sumOf('TEAM_ESCROW', 'PROJECT_ESCROW'),
    hotWalletMsats: sumOf('HOT_WALLET'),
    ledgerSumMsats: balances.reduce((total, b) => total + (b._sum.balanceMsats ?? 0n), 0n),
  };
}
