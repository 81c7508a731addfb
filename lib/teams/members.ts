import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { db, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { SessionMeta } from '@/lib/auth/sessions';
import { lockTeamForManager, type PeopleManager } from './manager';
import type { TeamRole } from './roles';

// Owners change roles and remove people. Access is read from TeamMember on every request (lib/teams/access.ts), so
// the change holds from the person's next click: no session needs ending. API keys are team keys, but whoever made
// one still knows it: removal revokes every key the person created for the team, and a demotion to read-only
// revokes the ones that can write.

const LAST_OWNER = 'A team needs at least one owner: make someone else an owner first.';

async function getMemberOrThrow(tx: Db, teamId: string, userId: string): Promise<TeamRole> {
  const member = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true } });
  if (!member) throw new AppError('NOT_FOUND', 'Member not found.');
  return member.role;
}

/** Refuses to leave the team without an owner (the team row is locked, so the count holds until commit). */
async function assertNotLastOwner(tx: Db, teamId: string, role: TeamRole): Promise<void> {
  if (role !== 'OWNER') return;
  const owners = await tx.teamMember.count({ where: { teamId, role: 'OWNER' } });
  if (owners <= 1) throw new AppError('INVALID_STATE', LAST_OWNER);
}

/** Revokes the person's keys for the team (only the write-capable ones with `writeOnly`); returns their ids. */
async function revokeKeysOf(tx: Db, teamId: string, userId: string, writeOnly: boolean): Promise<string[]> {
  const keys = await tx.apiKey.findMany({ where: { teamId, createdById: userId, revokedAt: null }, select: { id: true, scopes: true } });
  // A key without scopes has them all (lib/api/keys.ts).
  const ids = keys.filter((key) => !writeOnly || key.scopes.length === 0 || key.scopes.includes('write')).map((key) => key.id);
  if (ids.length) await tx.apiKey.updateMany({ where: { id: { in: ids } }, data: { revokedAt: new Date() } });
  return ids;
}

export async function changeMemberRole(
  by: PeopleManager,
  input: { teamId: string; userId: string; role: TeamRole },
  meta: SessionMeta = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockTeamForManager(tx, by, input.teamId);
    const before = await getMemberOrThrow(tx, input.teamId, input.userId);
    if (before === input.role) return;
    if (input.role !== 'OWNER') await assertNotLastOwner(tx, input.teamId, before);
    await tx.teamMember.update({ where: { teamId_userId: { teamId: input.teamId, userId: input.userId } }, data: { role: input.role } });
    const revokedApiKeyIds = input.role === 'READ_ONLY' ? await revokeKeysOf(tx, input.teamId, input.userId, true) : [];
    await recordAudit(
      {
        actor: { kind: 'USER', userId: by.userId },
        action: 'team_member.role',
        targetType: 'TeamMember',
        targetId: `${input.teamId}:${input.userId}`,
        before: { role: before },
        after: { role: input.role, revokedApiKeyIds },
        ip: meta.ip ?? null,
      },
      tx,
    );
  });
}

export async function removeMember(by: PeopleManager, input: { teamId: string; userId: string }, meta: SessionMeta = {}): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockTeamForManager(tx, by, input.teamId);
    const role = await getMemberOrThrow(tx, input.teamId, input.userId);
    await assertNotLastOwner(tx, input.teamId, role);
    await tx.teamMember.delete({ where: { teamId_userId: { teamId: input.teamId, userId: input.userId } } });
    const revokedApiKeyIds = await revokeKeysOf(tx, input.teamId, input.userId, false);
    await recordAudit(
      {
        actor: { kind: 'USER', userId: by.userId },
        action: 'team_member.remove',
        targetType: 'TeamMember',
        targetId: `${input.teamId}:${input.userId}`,
        before: { role },
        after: { revokedApiKeyIds },
        ip: meta.ip ?? null,
      },
      tx,
    );
  });
}
