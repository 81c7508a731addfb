import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { getLightningBackend } from '@/lib/lightning';
import { arePayoutsPaused } from '@/lib/payouts/switch';
import { getReconcilerStatus } from './reconciler';

/** Platform overview: people, work, and what the ledger owes against what it holds. */
export async function getAdminOverview() {
  await requireRole('ADMIN');
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  const [workers, teams, projects, pendingReviews, balances, payoutsByStatus, payoutsPaused, node, inFlight, failed24h, openAppeals, openFlags, reconciler, agentRefundsFailed] = await Promise.all([
    db.workerProfile.groupBy({ by: ['status'], _count: true }),
    db.team.count(),
    db.project.groupBy({ by: ['status'], _count: true }),
    db.judgment.count({ where: { status: 'PENDING' } }),
    db.ledgerAccount.groupBy({ by: ['kind'], _sum: { balanceMsats: true } }),
    db.withdrawal.groupBy({ by: ['status'], where: { createdAt: { gte: startOfDay } }, _count: true, _sum: { amountMsats: true } }),
    arePayoutsPaused(),
    getLightningBackend()
      .getInfo()
      .catch(() => null),
    // Not yet final, whenever they started: SENDING is in flight, UNKNOWN waits for the reconciler.
    db.withdrawal.groupBy({ by: ['status'], where: { status: { in: ['SENDING', 'UNKNOWN'] } }, _count: true, _sum: { amountMsats: true } }),
    db.withdrawal.aggregate({ where: { status: 'FAILED', updatedAt: { gte: new Date(Date.now() - 86_400_000) } }, _count: true, _sum: { amountMsats: true } }),
    db.judgment.count({ where: { appealStatus: 'OPEN' } }),
    db.workerFlag.groupBy({ by: ['workerId'], where: { status: 'OPEN' } }).then((rows) => rows.length),
    getReconcilerStatus(),
    // Agent refunds the job worker has given up on (5 failures in a row): their sats stay owed until an admin acts.
    db.$queryRaw<{ jobs: number }[]>`
      SELECT count(*)::int AS jobs FROM "AgentJob" j
      WHERE (SELECT r.status FROM "AgentRefund" r WHERE r."agentJobId" = j.id ORDER BY r."createdAt" DESC LIMIT 1) = 'FAILED'`.then((rows) => rows[0]?.jobs ?? 0),
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
    agentRefundsOwedMsats: sumOf('AGENT_REFUND'),
    agentRefundsGivenUp: agentRefundsFailed,
    hotWalletMsats: sumOf('HOT_WALLET'),
    ledgerSumMsats: balances.reduce((total, b) => total + (b._sum.balanceMsats ?? 0n), 0n),
    // What came in over Lightning minus what went out: what the node should hold for the platform.
    expectedNodeMsats: -sumOf('LIGHTNING_IN', 'LIGHTNING_OUT'),
    nodeBalanceMsats: node?.balanceMsats ?? null,
    nodeReachable: node !== null,
    payoutsToday: Object.fromEntries(payoutsByStatus.map((p) => [p.status, { count: p._count, msats: p._sum.amountMsats ?? 0n }])),
    payoutsPaused,
    payoutsInFlight: Object.fromEntries(inFlight.map((p) => [p.status, { count: p._count, msats: p._sum.amountMsats ?? 0n }])),
    payoutsFailed24h: { count: failed24h._count, msats: failed24h._sum.amountMsats ?? 0n },
    openAppeals,
    workersWithOpenFlags: openFlags,
    reconciler,
  };
}
