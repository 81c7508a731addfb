import 'server-only';
// The signed-in viewer as an actor for the team that owns an export (UI downloads). Others get NOT_FOUND.
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TeamActor } from '@/lib/teams/actor';

export async function requireExportMember(exportId: string): Promise<TeamActor> {
  const viewer = await requireRole('REQUESTER');
  const exp = await db.export.findFirst({
    where: { id: exportId, team: { members: { some: { userId: viewer.userId } } } },
    select: { teamId: true },
  });
  if (!exp) throw new AppError('NOT_FOUND', 'Export not found.');
  return { kind: 'USER', teamId: exp.teamId, userId: viewer.userId, apiKeyId: null };
}
