import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';

/** The teams the viewer belongs to, with their projects. Only members see a team's data. */
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
            select: { id: true, title: true, taskType: true, status: true, rewardMsats: true, _count: { select: { items: true, judgments: true } } },
          },
        },
      },
    },
  });
  return { viewer, teams: memberships.map((m) => ({ role: m.role, ...m.team })) };
}
