import 'server-only';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TeamActor } from './actor';

// Session-based team access for pages and server actions. Services take the resulting TeamActor (./actor).

/** The viewer as an actor for `teamId`, or for their first team when none is given. */
export async function requireTeamMember(teamId?: string): Promise<TeamActor> {
  const viewer = await requireRole('REQUESTER');
  const membership = await db.teamMember.findFirst({
    where: { userId: viewer.userId, ...(teamId ? { teamId } : {}) },
    orderBy: { createdAt: 'asc' },
    select: { teamId: true },
  });
  if (!membership) throw new AppError(teamId ? 'NOT_FOUND' : 'FORBIDDEN', teamId ? 'Team not found.' : 'You are not in a team yet.');
  return { kind: 'USER', teamId: membership.teamId, userId: viewer.userId, apiKeyId: null };
}

/** The viewer as an actor for the team that owns `projectId` (NOT_FOUND when they are not a member). */
export async function requireProjectMember(projectId: string): Promise<TeamActor> {
  const viewer = await requireRole('REQUESTER');
  const project = await db.project.findFirst({
    where: { id: projectId, team: { members: { some: { userId: viewer.userId } } } },
    select: { teamId: true },
  });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  return { kind: 'USER', teamId: project.teamId, userId: viewer.userId, apiKeyId: null };
}
