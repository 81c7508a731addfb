import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TeamActor } from './actor';
import { hasTeamRole, roleRefusal, type TeamRole } from './roles';

// Session-based team access for pages, server actions and the cookie routes. Services take the resulting TeamActor
// (./actor). Membership and role are read from TeamMember on every call, never from the session, so a removed or
// demoted member loses access with their next request.

/** A signed-in member acting for one team, with their role in it. */
export type TeamMemberActor = Extract<TeamActor, { kind: 'USER' }> & { role: TeamRole };

function toActor(teamId: string, userId: string, role: TeamRole, min: TeamRole): TeamMemberActor {
  if (!hasTeamRole(role, min)) throw new AppError('FORBIDDEN', roleRefusal(min));
  return { kind: 'USER', teamId, userId, apiKeyId: null, role };
}

/**
 * The viewer as an actor for `teamId`, or for their first team when none is given; FORBIDDEN when their role there
 * is below `min`. Another team's id looks like a missing team.
 */
export async function requireTeamRole(min: TeamRole, teamId?: string): Promise<TeamMemberActor> {
  const viewer = await requireRole('REQUESTER');
  const membership = await db.teamMember.findFirst({
    where: { userId: viewer.userId, ...(teamId ? { teamId } : {}) },
    orderBy: { createdAt: 'asc' },
    select: { teamId: true, role: true },
  });
  if (!membership) throw new AppError(teamId ? 'NOT_FOUND' : 'FORBIDDEN', teamId ? 'Team not found.' : 'You are not in a team yet.');
  return toActor(membership.teamId, viewer.userId, membership.role, min);
}

/** Any member, read-only included: for reads. */
export function requireTeamMember(teamId?: string): Promise<TeamMemberActor> {
  return requireTeamRole('READ_ONLY', teamId);
}

/** The viewer as an actor for the team that owns `projectId` (NOT_FOUND when they are not a member; FORBIDDEN below `min`). */
export async function requireProjectRole(projectId: string, min: TeamRole): Promise<TeamMemberActor> {
  const viewer = await requireRole('REQUESTER');
  const project = await db.project.findFirst({
    where: { id: projectId, team: { members: { some: { userId: viewer.userId } } } },
    select: { teamId: true, team: { select: { members: { where: { userId: viewer.userId }, select: { role: true } } } } },
  });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  return toActor(project.teamId, viewer.userId, project.team.members[0].role, min);
}

/** Any member of the project's team, read-only included: for reads. */
export function requireProjectMember(projectId: string): Promise<TeamMemberActor> {
  return requireProjectRole(projectId, 'READ_ONLY');
}
