// Accounts for teams, end to end on real PostgreSQL: an admin creates a team, the owner invite goes through a real
// SMTP server on 127.0.0.1, the link makes an account once (and only once when two use it at the same moment), owners
// invite, change roles and remove people, and access follows TeamMember on every request. The team actions are
// called with a real session cookie through the real viewer code; only Next's request objects are faked.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startSmtpReceiver } from '@/test/smtp-receiver';

vi.mock('next/headers', async () => (await import('@/test/authz/mocks')).headersModule);
vi.mock('next/cache', async () => (await import('@/test/authz/mocks')).cacheModule);
vi.mock('next/navigation', async () => (await import('@/test/authz/mocks')).navigationModule);

const smtp = await startSmtpReceiver();
process.env.SMTP_URL = smtp.url;
process.env.BOLTWORK_PUBLIC_URL = 'https://work.example.com';
afterAll(() => smtp.close());

const { db } = await import('@/lib/db');
const { session } = await import('@/test/authz/mocks');
const { hashPassword } = await import('@/lib/auth/password');
const { createSession, getViewerBySessionToken } = await import('@/lib/auth/sessions');
const { sessionCookieName } = await import('@/lib/auth/request-context');
const { createApiKey } = await import('@/lib/api/keys');
const { createTestProject } = await import('@/lib/assignment/test-fixtures');
const { createProjectAction } = await import('@/lib/projects/actions');
const { pairwiseProject } = await import('@/test/api/helpers');
const { createTeam } = await import('./create-team');
const { inviteToTeam, revokeInvite } = await import('./invites');
const { acceptInviteAsViewer, acceptInviteWithNewAccount, getInviteView } = await import('./accept');
const { changeMemberRole, removeMember } = await import('./members');
const { requireProjectMember, requireProjectRole, requireTeamMember, requireTeamRole } = await import('./access');
const { changeMemberRoleAction, inviteMemberAction, removeMemberAction, revokeInviteAction } = await import('./actions');

// No client address: every call counts against the shared bucket, which is sized for a crowd (lib/rate-limit).
const meta = { ip: null };
const password = 'a long enough password';
const inviteLink = /https:\/\/work\.example\.com\/invite\/([A-Za-z0-9_-]{43})/;
const tokenFor = (email: string) => smtp.lastMatch(email, inviteLink)[1];
let counter = 0;
const unique = (label: string) => `${label}-${++counter}-${Date.now().toString(36)}@example.test`;

const admin = await db.user.create({ data: { email: 'root@ops.example', roles: ['ADMIN'], passwordHash: await hashPassword(password) }, select: { id: true } });

/** A team whose owner accepted the admin's invite with a new account; returns the ids. */
async function createTeamWithOwner(name = 'Acme Labs') {
  const ownerEmail = unique('owner');
  const { teamId } = await createTeam(admin.id, { name, ownerEmail }, meta);
  await acceptInviteWithNewAccount({ token: tokenFor(ownerEmail), name: 'Olga Owner', password, confirm: password }, meta);
  const owner = await db.user.findUniqueOrThrow({ where: { email: ownerEmail }, select: { id: true } });
  return { teamId, ownerId: owner.id, ownerEmail };
}

/** Invites `role` into the team as its owner and accepts with a new account. */
async function addPerson(teamId: string, ownerId: string, role: 'OWNER' | 'MEMBER' | 'READ_ONLY') {
  const email = unique(role.toLowerCase());
  await inviteToTeam({ userId: ownerId }, { teamId, email, role }, meta);
  await acceptInviteWithNewAccount({ token: tokenFor(email), name: `${role} person`, password, confirm: password }, meta);
  return (await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

/** Makes `userId` the caller of the next actions, with a real session cookie. */
async function signInAs(userId: string) {
  const { token } = await createSession(userId, 'PASSWORD', meta);
  session.viewer = null;
  session.cookies.clear();
  session.cookies.set(sessionCookieName(), token);
  return token;
}

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
};

const roleOf = async (teamId: string, userId: string) =>
  (await db.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true } }))?.role ?? null;

describe('an admin creates a team', () => {
  it('with no member yet, and mails its first owner an invite over SMTP that makes a REQUESTER account once', async () => {
    const { teamId } = await createTeam(admin.id, { name: 'Acme Labs', ownerEmail: 'Lead@Acme.Example' }, meta);
    expect(await db.teamMember.count({ where: { teamId } })).toBe(0);
    const invite = await db.teamInvite.findFirstOrThrow({ where: { teamId } });
    expect(invite).toMatchObject({ email: 'lead@acme.example', role: 'OWNER', invitedById: admin.id, acceptedAt: null });
    expect(invite.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['lead@acme.example']);
    expect(mail.raw).toMatch(/Subject: You are invited to Acme Labs on Boltwork/);
    const token = tokenFor('lead@acme.example');
    // Only the token's hash is stored.
    expect(invite.tokenHash).not.toContain(token);

    expect(await getInviteView(token)).toMatchObject({ teamName: 'Acme Labs', email: 'lead@acme.example', role: 'OWNER', hasAccount: false });
    const signedIn = await acceptInviteWithNewAccount({ token, name: 'Lea Lead', password, confirm: password }, meta);
    const viewer = await getViewerBySessionToken(signedIn.token);
    expect(viewer).toMatchObject({ email: 'lead@acme.example', name: 'Lea Lead', roles: ['REQUESTER'] });
    expect(await roleOf(teamId, viewer!.userId)).toBe('OWNER');
    const actions = (await db.auditLog.findMany({ where: { action: { startsWith: 'team' } }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['team.create', 'team_invite.create', 'team_invite.accept']));

    // Once only.
    expect(await getInviteView(token)).toBeNull();
    await expect(acceptInviteWithNewAccount({ token, name: 'Again', password, confirm: password }, meta)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses an admin address as owner (admins are never team members)', async () => {
    await expect(createTeam(admin.id, { name: 'Ops', ownerEmail: 'root@ops.example' }, meta)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('invite links', () => {
  it('expire, and a made-up or malformed token opens nothing', async () => {
    const { teamId, ownerId } = await createTeamWithOwner();
    const email = unique('late');
    await inviteToTeam({ userId: ownerId }, { teamId, email, role: 'MEMBER' }, meta);
    const token = tokenFor(email);
    await db.teamInvite.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getInviteView(token)).toBeNull();
    await expect(acceptInviteWithNewAccount({ token, name: 'Late', password, confirm: password }, meta)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(acceptInviteWithNewAccount({ token: 'x'.repeat(43), name: 'Guess', password, confirm: password }, meta)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(acceptInviteWithNewAccount({ token: '../../etc', name: 'Guess', password, confirm: password }, meta)).rejects.toThrow(/expired/);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it('work for exactly one of two accepts at the same moment', async () => {
    const { teamId, ownerId } = await createTeamWithOwner();
    const email = unique('racer');
    await inviteToTeam({ userId: ownerId }, { teamId, email, role: 'MEMBER' }, meta);
    const token = tokenFor(email);
    const both = await Promise.allSettled([1, 2].map((i) => acceptInviteWithNewAccount({ token, name: `Racer ${i}`, password, confirm: password }, meta)));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'INVALID_INPUT' } });
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await db.teamMember.count({ where: { teamId, user: { email } } })).toBe(1);

    // The same for an existing account accepting twice at once.
    const other = await createTeamWithOwner('Other Co');
    await inviteToTeam({ userId: other.ownerId }, { teamId: other.teamId, email, role: 'READ_ONLY' }, meta);
    const again = tokenFor(email);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const twice = await Promise.allSettled([1, 2].map(() => acceptInviteAsViewer({ userId: user.id }, again, meta)));
    expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await roleOf(other.teamId, user.id)).toBe('READ_ONLY');
  });

  it('to the same address again replaces the pending one; a withdrawn one stops working', async () => {
    const { teamId, ownerId } = await createTeamWithOwner();
    const email = unique('twice');
    await inviteToTeam({ userId: ownerId }, { teamId, email, role: 'MEMBER' }, meta);
    const first = tokenFor(email);
    await inviteToTeam({ userId: ownerId }, { teamId, email, role: 'READ_ONLY' }, meta);
    const second = tokenFor(email);
    expect(second).not.toBe(first);
    expect(await db.teamInvite.count({ where: { teamId, email, acceptedAt: null, revokedAt: null } })).toBe(1);
    await expect(acceptInviteWithNewAccount({ token: first, name: 'First', password, confirm: password }, meta)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await acceptInviteWithNewAccount({ token: second, name: 'Second', password, confirm: password }, meta);
    expect(await roleOf(teamId, (await db.user.findUniqueOrThrow({ where: { email } })).id)).toBe('READ_ONLY');
    // Already in: inviting again says so.
    await expect(inviteToTeam({ userId: ownerId }, { teamId, email, role: 'MEMBER' }, meta)).rejects.toMatchObject({ code: 'CONFLICT' });

    const withdrawn = unique('withdrawn');
    const { inviteId } = await inviteToTeam({ userId: ownerId }, { teamId, email: withdrawn, role: 'MEMBER' }, meta);
    await revokeInvite({ userId: ownerId }, { teamId, inviteId }, meta);
    expect(await getInviteView(tokenFor(withdrawn))).toBeNull();
  });

  it('for an address with an account need that account signed in; admins and other accounts are refused', async () => {
    const { teamId, ownerId } = await createTeamWithOwner();
    const existing = await createTeamWithOwner('Their Own Team');
    await inviteToTeam({ userId: ownerId }, { teamId, email: existing.ownerEmail.toUpperCase(), role: 'MEMBER' }, meta);
    const token = tokenFor(existing.ownerEmail);
    expect(await getInviteView(token)).toMatchObject({ hasAccount: true, role: 'MEMBER' });
    await expect(acceptInviteWithNewAccount({ token, name: 'Squatter', password, confirm: password }, meta)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(acceptInviteAsViewer({ userId: ownerId }, token, meta)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await acceptInviteAsViewer({ userId: existing.ownerId }, token, meta);
    expect(await roleOf(teamId, existing.ownerId)).toBe('MEMBER');
    expect(await roleOf(existing.teamId, existing.ownerId)).toBe('OWNER');

    // An admin who also holds REQUESTER cannot slip in through an invite to their address.
    await db.user.update({ where: { id: admin.id }, data: { roles: ['ADMIN', 'REQUESTER'] } });
    await inviteToTeam({ userId: ownerId }, { teamId, email: 'root@ops.example', role: 'MEMBER' }, meta);
    await expect(acceptInviteAsViewer({ userId: admin.id }, tokenFor('root@ops.example'), meta)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await db.user.update({ where: { id: admin.id }, data: { roles: ['ADMIN'] } });
    expect(await roleOf(teamId, admin.id)).toBeNull();
  });
});

describe('owners manage people', () => {
  it('change roles, and the last owner can be neither demoted nor removed', async () => {
    const { teamId, ownerId } = await createTeamWithOwner();
    const memberId = await addPerson(teamId, ownerId, 'MEMBER');
    await expect(changeMemberRole({ userId: ownerId }, { teamId, userId: ownerId, role: 'MEMBER' }, meta)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(removeMember({ userId: ownerId }, { teamId, userId: ownerId }, meta)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await roleOf(teamId, ownerId)).toBe('OWNER');

    await changeMemberRole({ userId: ownerId }, { teamId, userId: memberId, role: 'OWNER' }, meta);
    // Two owners demoting each other at once: the team row lock lets one through, and one owner is left.
    const both = await Promise.allSettled([
      changeMemberRole({ userId: ownerId }, { teamId, userId: memberId, role: 'READ_ONLY' }, meta),
      changeMemberRole({ userId: memberId }, { teamId, userId: ownerId, role: 'READ_ONLY' }, meta),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.teamMember.count({ where: { teamId, role: 'OWNER' } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'team_member.role', targetId: { startsWith: teamId } }, orderBy: { id: 'desc' } });
    expect(audit.before).toEqual({ role: 'OWNER' });
    expect(audit.after).toMatchObject({ role: 'READ_ONLY' });
  });

  it('members and read-only members cannot manage people', async () => {
    const { teamId, ownerId } = await createTeamWithOwner();
    const memberId = await addPerson(teamId, ownerId, 'MEMBER');
    const readerId = await addPerson(teamId, ownerId, 'READ_ONLY');
    for (const by of [memberId, readerId]) {
      await expect(inviteToTeam({ userId: by }, { teamId, email: unique('sneaky'), role: 'OWNER' }, meta)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(changeMemberRole({ userId: by }, { teamId, userId: by, role: 'OWNER' }, meta)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(removeMember({ userId: by }, { teamId, userId: ownerId }, meta)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await signInAs(by);
      expect(await inviteMemberAction({}, form({ teamId, email: unique('sneaky'), role: 'MEMBER' }))).toMatchObject({ ok: false, error: 'Only a team owner can do this.' });
    }
    expect(await roleOf(teamId, memberId)).toBe('MEMBER');
    expect(await roleOf(teamId, readerId)).toBe('READ_ONLY');
  });

  it('read-only members read but change nothing', async () => {
    const { teamId, ownerId } = await createTeamWithOwner();
    const readerId = await addPerson(teamId, ownerId, 'READ_ONLY');
    const projectId = await createTestProject({ teamId });
    await signInAs(readerId);
    expect(await requireTeamMember()).toMatchObject({ teamId, role: 'READ_ONLY' });
    expect(await requireProjectMember(projectId)).toMatchObject({ teamId, role: 'READ_ONLY' });
    await expect(requireTeamRole('MEMBER')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await createProjectAction(pairwiseProject)).toMatchObject({ ok: false, error: 'Read-only members can look but not change anything.' });
    expect(await db.project.count({ where: { teamId } })).toBe(1);
  });

  it('removal ends access at the next request and revokes the keys the person made; a demotion revokes their write keys', async () => {
    const { teamId, ownerId } = await createTeamWithOwner();
    const memberId = await addPerson(teamId, ownerId, 'MEMBER');
    const projectId = await createTestProject({ teamId });
    const asMember = { kind: 'USER' as const, teamId, userId: memberId, apiKeyId: null };
    const writeKey = await createApiKey(asMember, { name: 'ci write' });
    const readKey = await createApiKey(asMember, { name: 'ci read', scopes: ['read'] });
    const token = await signInAs(memberId);
    expect(await requireProjectMember(projectId)).toMatchObject({ role: 'MEMBER' });

    await changeMemberRole({ userId: ownerId }, { teamId, userId: memberId, role: 'READ_ONLY' }, meta);
    const revoked = async () => (await db.apiKey.findMany({ where: { revokedAt: { not: null }, teamId }, select: { id: true } })).map((k) => k.id).sort();
    expect(await revoked()).toEqual([writeKey.apiKey.id]);
    await expect(requireProjectRole(projectId, 'MEMBER')).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await removeMember({ userId: ownerId }, { teamId, userId: memberId }, meta);
    expect(await revoked()).toEqual([writeKey.apiKey.id, readKey.apiKey.id].sort());
    // The session itself lives on (the person may be in other teams), but this team is gone for it.
    expect(await getViewerBySessionToken(token)).not.toBeNull();
    await expect(requireProjectMember(projectId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(requireTeamMember(teamId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(requireTeamMember()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await db.auditLog.count({ where: { action: 'team_member.remove', targetId: `${teamId}:${memberId}` } })).toBe(1);
  });
});

describe('another team', () => {
  it('is "not found" to an owner of one team: no invite, role change, removal or withdrawal there', async () => {
    const a = await createTeamWithOwner('Team A');
    const b = await createTeamWithOwner('Team B');
    const bMember = await addPerson(b.teamId, b.ownerId, 'MEMBER');
    const { inviteId } = await inviteToTeam({ userId: b.ownerId }, { teamId: b.teamId, email: unique('pending'), role: 'MEMBER' }, meta);
    const invitesBefore = await db.teamInvite.count();

    await expect(inviteToTeam({ userId: a.ownerId }, { teamId: b.teamId, email: unique('x'), role: 'OWNER' }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(changeMemberRole({ userId: a.ownerId }, { teamId: b.teamId, userId: bMember, role: 'OWNER' }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(removeMember({ userId: a.ownerId }, { teamId: b.teamId, userId: bMember }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Their own team's id with the other team's people or invite: nothing of B is reachable either.
    await expect(removeMember({ userId: a.ownerId }, { teamId: a.teamId, userId: bMember }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(revokeInvite({ userId: a.ownerId }, { teamId: a.teamId, inviteId }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await signInAs(a.ownerId);
    const notFound = { ok: false, error: 'Team not found.' };
    expect(await inviteMemberAction({}, form({ teamId: b.teamId, email: unique('x'), role: 'MEMBER' }))).toMatchObject(notFound);
    expect(await changeMemberRoleAction({}, form({ teamId: b.teamId, userId: bMember, role: 'READ_ONLY' }))).toMatchObject(notFound);
    expect(await removeMemberAction({}, form({ teamId: b.teamId, userId: bMember }))).toMatchObject(notFound);
    expect(await revokeInviteAction({}, form({ teamId: b.teamId, inviteId }))).toMatchObject(notFound);
    expect(await roleOf(b.teamId, bMember)).toBe('MEMBER');
    expect(await db.teamInvite.count()).toBe(invitesBefore);
    expect(await db.teamInvite.count({ where: { id: inviteId, revokedAt: null } })).toBe(1);
  });
});
