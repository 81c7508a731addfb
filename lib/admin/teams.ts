import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';

/** Every team with its people by role and its pending invites, newest first (the admin teams page). */
export async function listTeamsForAdmin() {
  await requireRole('ADMIN');
  const now = new Date();
  const teams = await db.team.findMany({
    orderBy: { createdAt: 'desc' },
    take: 500,
    select: {
      id: true,
      name: true,
      createdAt: true,
      members: { select: { role: true } },
      invites: { where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, select: { email: true, role: true } },
      _count: { select: { projects: true } },
    },
  });
  return teams.map(({ members, ...team }) => ({
    ...team,
    owners: members.filter((m) => m.role === 'OWNER').length,
    members: members.length,
    readOnly: members.filter((m) => m.role === 'READ_ONLY').length,
  }));
}
