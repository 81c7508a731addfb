// The matrix rows of the team UI (test/authz/matrix.ts, area 'team'): server actions and the cookie-session routes
// under /api/team. Each is called by every actor the matrix refuses (workers, another team's member, an admin who is
// not a member, anonymous) aimed at the owner team's real project / export / key / deposit / webhook, and must be
// refused without changing a row; 'self' callers touch only their own team; a member of the owner team gets through.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSmtpReceiver } from '@/test/smtp-receiver';

vi.mock('@/lib/auth/viewer', async () => (await import('./mocks')).viewerModule());
vi.mock('next/navigation', async () => (await import('./mocks')).navigationModule);
vi.mock('next/cache', async () => (await import('./mocks')).cacheModule);
vi.mock('next/headers', async () => (await import('./mocks')).headersModule);

import { GET as downloadTeamExport } from '@/app/api/team/exports/[exportId]/route';
import { POST as uploadTeamBatch } from '@/app/api/team/projects/[projectId]/batches/route';
import { POST as uploadTeamTreeFile } from '@/app/api/team/projects/[projectId]/tree-uploads/route';
import { createApiKeyAction, revokeApiKeyAction } from '@/lib/api/actions';
import { db } from '@/lib/db';
import { createExportAction } from '@/lib/exports/actions';
import { createDepositAction, getDepositStatusAction, payDepositWithDemoWalletAction } from '@/lib/funding/actions';
import { stopBoss } from '@/lib/jobs/boss';
import { closeProjectAction, createProjectAction, setProjectStatusAction, updateProjectAction } from '@/lib/projects/actions';
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction, revokeInviteAction } from '@/lib/teams/actions';
import { createWebhookAction, deleteWebhookAction, sendTestEventAction, setWebhookActiveAction } from '@/lib/webhooks/actions';
import { pairwiseLine, pairwiseProject } from '@/test/api/helpers';
import { actAs, createWorld, defineMatrixTests, expectAllowed, type Probe, type World } from './harness';
import { entriesOf } from './matrix';

// The owner's allowed invite really mails (env is read lazily, at the first call, so this is in time).
const smtp = await startSmtpReceiver();
process.env.SMTP_URL = smtp.url;
afterAll(() => smtp.close());
afterAll(() => stopBoss());

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
};

/** A seed file for the tree project (a fresh prompt per call: a repeated one would be skipped, not refused). */
function treeSeedRequest(projectId: string): Request {
  const url = `http://localhost/api/team/projects/${projectId}/tree-uploads?kind=seeds&fileName=seeds.jsonl`;
  return new Request(url, { method: 'POST', body: `${JSON.stringify({ prompt: `Why do cats purr? ${Math.random()}` })}\n`, headers: { host: 'localhost', origin: 'http://localhost' } });
}

function uploadRequest(projectId: string): Request {
  const url = `http://localhost/api/team/projects/${projectId}/batches?fileName=items.jsonl&format=jsonl`;
  return new Request(url, { method: 'POST', body: `${pairwiseLine(1)}\n${pairwiseLine(2)}\n`, headers: { host: 'localhost', origin: 'http://localhost' } });
}

const probes: Record<string, Probe> = {
  'lib/projects/actions.ts#createProjectAction': () => createProjectAction(pairwiseProject),
  'lib/projects/actions.ts#updateProjectAction': (w) => updateProjectAction(w.owner.projectId, { title: 'Renamed by someone' }),
  'lib/projects/actions.ts#setProjectStatusAction': (w) => setProjectStatusAction(w.owner.projectId, 'PAUSED'),
  'lib/projects/actions.ts#closeProjectAction': (w) => closeProjectAction(form({ projectId: w.owner.projectId })),
  'lib/exports/actions.ts#createExportAction': (w) => createExportAction({ projectId: w.owner.projectId, format: 'RAW_JSONL' }),
  'lib/api/actions.ts#createApiKeyAction': () => createApiKeyAction(null, form({ name: 'probe key' })),
  'lib/api/actions.ts#revokeApiKeyAction': (w) => revokeApiKeyAction(form({ apiKeyId: w.owner.keys.writeKeyId })),
  'lib/funding/actions.ts#createDepositAction': (w) => createDepositAction({ projectId: w.owner.projectId, amountSats: 2_000 }),
  'lib/funding/actions.ts#getDepositStatusAction': (w) => getDepositStatusAction(w.owner.depositId),
  'lib/funding/actions.ts#payDepositWithDemoWalletAction': (w) => payDepositWithDemoWalletAction(w.owner.depositId),
  'lib/webhooks/actions.ts#createWebhookAction': () => createWebhookAction({ url: 'https://hooks.example.test/new', events: ['export.ready'] }),
  'lib/webhooks/actions.ts#setWebhookActiveAction': (w) => setWebhookActiveAction(w.owner.webhookId, false),
  'lib/webhooks/actions.ts#deleteWebhookAction': (w) => deleteWebhookAction(w.owner.webhookId),
  'lib/webhooks/actions.ts#sendTestEventAction': (w) => sendTestEventAction(w.owner.webhookId),
  'lib/teams/actions.ts#inviteMemberAction': (w) => inviteMemberAction({}, form({ teamId: w.owner.teamId, email: 'probe-invitee@example.test', role: 'OWNER' })),
  'lib/teams/actions.ts#changeMemberRoleAction': (w) => changeMemberRoleAction({}, form({ teamId: w.owner.teamId, userId: w.owner.bystanderUserId, role: 'READ_ONLY' })),
  'lib/teams/actions.ts#removeMemberAction': (w) => removeMemberAction({}, form({ teamId: w.owner.teamId, userId: w.owner.bystanderUserId })),
  'lib/teams/actions.ts#revokeInviteAction': (w) => revokeInviteAction({}, form({ teamId: w.owner.teamId, inviteId: w.owner.inviteId })),
  'app/api/team/exports/[exportId]/route.ts#GET': (w) =>
    downloadTeamExport(new Request(`http://localhost/api/team/exports/${w.owner.exportId}?file=card`), { params: Promise.resolve({ exportId: w.owner.exportId }) }),
  'app/api/team/projects/[projectId]/batches/route.ts#POST': (w) => uploadTeamBatch(uploadRequest(w.owner.projectId), { params: Promise.resolve({ projectId: w.owner.projectId }) }),
  'app/api/team/projects/[projectId]/tree-uploads/route.ts#POST': (w) =>
    uploadTeamTreeFile(treeSeedRequest(w.owner.treeProjectId), { params: Promise.resolve({ projectId: w.owner.treeProjectId }) }),
};

const statusOf = (outcomeDetail: string) => Number(/^HTTP (\d+)/.exec(outcomeDetail)?.[1]);

defineMatrixTests({
  area: 'team',
  world: () => world,
  probes,
  allowedLast: ['lib/teams/actions.ts#changeMemberRoleAction', 'lib/teams/actions.ts#removeMemberAction', 'lib/teams/actions.ts#revokeInviteAction', 'lib/webhooks/actions.ts#deleteWebhookAction', 'lib/api/actions.ts#revokeApiKeyAction', 'lib/projects/actions.ts#closeProjectAction'],
  afterAllowed: {
    'lib/projects/actions.ts#updateProjectAction': async (w) => {
      expect((await db.project.findUniqueOrThrow({ where: { id: w.owner.projectId } })).title).toBe('Renamed by someone');
    },
    'lib/projects/actions.ts#closeProjectAction': async (w) => {
      expect((await db.project.findUniqueOrThrow({ where: { id: w.owner.projectId } })).status).toBe('DONE');
    },
    'lib/api/actions.ts#revokeApiKeyAction': async (w) => {
      expect((await db.apiKey.findUniqueOrThrow({ where: { id: w.owner.keys.writeKeyId } })).revokedAt).not.toBeNull();
    },
    'lib/webhooks/actions.ts#deleteWebhookAction': async (w) => {
      expect(await db.webhook.count({ where: { id: w.owner.webhookId } })).toBe(0);
    },
    'lib/teams/actions.ts#inviteMemberAction': async (w) => {
      expect(await db.teamInvite.count({ where: { teamId: w.owner.teamId, email: 'probe-invitee@example.test', role: 'OWNER' } })).toBe(1);
      expect(smtp.received.at(-1)?.to).toEqual(['probe-invitee@example.test']);
    },
    'lib/teams/actions.ts#changeMemberRoleAction': async (w) => {
      expect(await db.teamMember.findUnique({ where: { teamId_userId: { teamId: w.owner.teamId, userId: w.owner.bystanderUserId } } })).toMatchObject({ role: 'READ_ONLY' });
    },
    'lib/teams/actions.ts#removeMemberAction': async (w) => {
      expect(await db.teamMember.count({ where: { teamId: w.owner.teamId, userId: w.owner.bystanderUserId } })).toBe(0);
    },
    'lib/teams/actions.ts#revokeInviteAction': async (w) => {
      expect((await db.teamInvite.findUniqueOrThrow({ where: { id: w.owner.inviteId } })).revokedAt).not.toBeNull();
    },
    'lib/exports/actions.ts#createExportAction': async (w) => {
      expect(await db.export.count({ where: { projectId: w.owner.projectId } })).toBe(2);
    },
    'app/api/team/exports/[exportId]/route.ts#GET': async (_w, outcome) => {
      expect(statusOf(outcome.detail)).toBe(200);
      expect(outcome.detail).toContain('owner dataset card');
    },
    'app/api/team/projects/[projectId]/batches/route.ts#POST': async (_w, outcome) => {
      expect(statusOf(outcome.detail)).toBe(201);
    },
    'app/api/team/projects/[projectId]/tree-uploads/route.ts#POST': async (w, outcome) => {
      expect(statusOf(outcome.detail)).toBe(201);
      expect(await db.conversationTree.count({ where: { projectId: w.owner.treeProjectId, origin: 'TEAM' } })).toBeGreaterThan(1);
    },
  },
});

describe('a read-only member', () => {
  // The refusals above cover every change; these are the reads the role is for.
  for (const entry of entriesOf('team').filter((e) => e.access.teamReader === 'allow')) {
    it(`gets through on ${entry.id}`, async () => {
      actAs(world, 'teamReader');
      await expectAllowed(`${entry.id} as teamReader`, () => probes[entry.id](world, 'teamReader'));
    });
  }
});

describe('an admin who is also a REQUESTER but not a member', () => {
  // Admins act on teams only through the admin panel (audited, with a reason); team pages and actions need membership.
  it('is refused on the owner team’s project like any other non-member', async () => {
    await db.user.update({ where: { id: world.adminUserId }, data: { roles: ['ADMIN', 'REQUESTER'] } });
    actAs(world, 'admin');
    world.viewers.admin!.roles.push('REQUESTER');
    const result = await updateProjectAction(world.owner.projectId, { title: 'Admin was here' });
    expect(result).toMatchObject({ ok: false, error: 'Project not found.' });
    expect((await db.project.findUniqueOrThrow({ where: { id: world.owner.projectId } })).title).not.toBe('Admin was here');
  });
});
