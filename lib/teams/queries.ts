import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { accountKey } from '@/lib/ledger/accounts';
import { requireTeamMember } from './access';
import type { TeamRole } from './roles';

/** The viewer's role in the team the team pages act for (their first), or null when they are in none. */
export async function getViewerTeamRole(): Promise<TeamRole | null> {
  try {
    return (await requireTeamMember()).role;
  } catch (error) {
    if (isAppError(error) && error.code === 'FORBIDDEN') return null;
    throw error;
  }
}

/** The teams the viewer belongs to, with their projects and unallocated balance. Only members see a team's data. */
export async function getTeamHome() {
  const viewer = await requireRole('REQUESTER');
  const memberships = await db.teamMember.findMany({
    where: { userId: viewer.userId },
    select: {
      role: true,
      team: {
        select: {
          id: true,
          name: true,
          projects: {
            orderBy: { createdAt: 'desc' },
            select: { id: true, title: true, taskType: true, treeConfig: true, status: true, rewardMsats: true, _count: { select: { items: true, judgments: true } } },
          },
        },
      },
    },
  });
  const teamIds = memberships.map((m) => m.team.id);
  const accounts = await db.ledgerAccount.findMany({
    where: { key: { in: teamIds.map((teamId) => accountKey({ kind: 'TEAM_ESCROW', teamId })) } },
    select: { teamId: true, balanceMsats: true },
  });
  const balances = new Map(accounts.map((account) => [account.teamId, account.balanceMsats]));
  return { viewer, teams: memberships.map((m) => ({ role: m.role, ...m.team, balanceMsats: balances.get(m.team.id) ?? 0n })) };
}

/**
 * The members page: for each team of the viewer, its people and the viewer's role there. Pending invites are listed
 * to owners only (they carry addresses of people who are not members yet).
 */
export async function getTeamPeoplePage() {
  const viewer = await requireRole('REQUESTER');
  const memberships = await db.teamMember.findMany({
    where: { userId: viewer.userId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, team: { select: { id: true, name: true } } },
  });
  const teams = await Promise.all(
    memberships.map(async ({ role, team }) => ({
      ...team,
      viewerRole: role,
      members: await db.teamMember.findMany({
        where: { teamId: team.id },
        orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
        select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      }),
      invites:
        role === 'OWNER'
          ? await db.teamInvite.findMany({
              where: { teamId: team.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
              orderBy: { createdAt: 'desc' },
              select: { id: true, email: true, role: true, expiresAt: true },
            })
          : [],
    })),
  );
  return { viewer, teams };
}
