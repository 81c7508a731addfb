import 'server-only';
import type { AuditActor } from '@/lib/audit/record';
import { db, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';

/**
 * Who acts for a team: a signed-in member (UI) or one of the team's API keys. Every team-scoped service takes one,
 * so the UI and the API share the same checks. A project of another team always looks like a missing one.
 * Free of request/session code, so services, jobs, benches and tests can import it outside Next.
 */
export type TeamActor =
  | { kind: 'USER'; teamId: string; userId: string; apiKeyId: null }
  | { kind: 'API_KEY'; teamId: string; userId: string | null; apiKeyId: string };

export function auditActorOf(actor: TeamActor): AuditActor {
  return actor.kind === 'USER' ? { kind: 'USER', userId: actor.userId } : { kind: 'API_KEY', userId: actor.userId ?? undefined };
}

/** Checks that the project belongs to the actor's team; returns its id and team. */
export async function assertTeamProject(actor: TeamActor, projectId: string, tx: Db = db): Promise<{ id: string; teamId: string }> {
  const project = await tx.project.findFirst({ where: { id: projectId, teamId: actor.teamId }, select: { id: true, teamId: true } });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  return project;
}
