import 'server-only';
import { Prisma, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { roleRefusal } from './roles';

/**
 * Who changes a team's people: one of its owners, or an admin (admin pages only; the admin action checks the ADMIN
 * role before setting `asAdmin`). Services re-check an owner inside their transaction, so an owner demoted a moment
 * ago cannot act on a stale check.
 */
export type PeopleManager = { userId: string; asAdmin?: boolean };

/**
 * Locks the team row for the rest of the transaction and checks the manager. The lock serialises every people change
 * of one team: two owners demoting each other at once cannot leave it without an owner, and two invites to one
 * address cannot both stay pending. Another team's id, or a team the caller is not in, is NOT_FOUND.
 */
export async function lockTeamForManager(tx: Db, by: PeopleManager, teamId: string): Promise<{ id: string; name: string }> {
  const [team] = await tx.$queryRaw<{ id: string; name: string }[]>(Prisma.sql`SELECT id::text AS id, name FROM "Team" WHERE id = ${teamId}::uuid FOR UPDATE`);
  if (!team) throw new AppError('NOT_FOUND', 'Team not found.');
  if (by.asAdmin) return team;
  const member = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId, userId: by.userId } }, select: { role: true } });
  if (!member) throw new AppError('NOT_FOUND', 'Team not found.');
  if (member.role !== 'OWNER') throw new AppError('FORBIDDEN', roleRefusal('OWNER'));
  return team;
}

