import 'server-only';
import type { AuditActor } from '@/lib/audit/record';
import { requireRole } from '@/lib/auth/viewer';
import { db, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';

/**
 * Who acts for a team: a signed-in member (UI) or one of the team's API keys. Every team-scoped service takes one,
 * so the UI and the API share the same checks. A project of another team always looks like a missing one.
 */
export type TeamActor =
  | { kind: 'USER'; teamId: string; userId: string; apiKeyId: null }
  | { kind: 'API_KEY'; teamId: string; userId: string | null; apiKeyId: string };

export function auditActorOf(actor: TeamActor): AuditActor {
  return actor.kind === 'USER' ? { kind: 'USER', userId: actor.userId } : { kind: 'API_KEY', userId: actor.userId ?? undefined };
}

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

/** Checks that the project belongs to the actor's team; returns its id and team. */
export async function assertTeamProject(actor: TeamActor, projectId: string, tx: Db = db): Promise<{ id: string; teamId: string }> {
  const project = await tx.project.findFirst({ where: { id: projectId, teamId: actor.teamId }, select: { id: true, teamId: true } });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  return project;
}
