// Shared by the authz matrix tests: a world with an owner (worker, team) and the "other" actors, a DB fingerprint
// to prove a refused call changed nothing, and one way to read any entry point's answer as refused or not.
// Import it after the vi.mock calls of ./mocks (static imports are fine: vi.mock is hoisted).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '@/lib/api/keys';
import { claimNextAssignment } from '@/lib/assignment';
import { createTestItems, createTestProject, createTestTeam, createTestWorkers } from '@/lib/assignment/test-fixtures';
import type { Viewer } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { addTestJudgment, createTestActor } from '@/lib/exports/test-fixtures';
import { createDeposit } from '@/lib/funding/deposits';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { createWithdrawLink } from '@/lib/payouts/links';
import type { TeamActor } from '@/lib/teams/actor';
import type { TeamRole } from '@/lib/teams/roles';
import { isDemoMode } from '@/lib/demo/accounts';
import { createTreeForTeam } from '@/lib/trees/team';
import { createTreeProject } from '@/lib/trees/test-fixtures';
import { actors, entriesOf, type Actor, type Area, type MatrixEntry } from './matrix';
import { NavigationSignal, session } from './mocks';

export type World = Awaited<ReturnType<typeof createWorld>>;

async function createTeamSide(label: string) {
  const teamId = await createTestTeam();
  const projectId = await createTestProject({ teamId, judgmentsPerItem: 1, maxJudgmentsPerItem: 1 });
  const itemIds = await createTestItems(projectId, 4, { judgmentsNeeded: 1 });
  const member: TeamActor = await createTestActor(projectId);
  await db.user.update({ where: { id: member.userId! }, data: { email: `${label}-${randomBytes(4).toString('hex')}@example.test`, name: label } });
  const writeKey = await createApiKey(member, { name: `${label} write` });
  const readKey = await createApiKey(member, { name: `${label} read`, scopes: ['read'] });
  const revokedKey = await createApiKey(member, { name: `${label} revoked` });
  await revokeApiKey(member, revokedKey.apiKey.id);
  const webhook = await db.webhook.create({ data: { teamId, url: 'https://hooks.example.test/boltwork', secret: 'whsec_test', events: ['export.ready'] }, select: { id: true } });
  const exp = await db.export.create({
    data: { projectId, teamId, format: 'RAW_JSONL', status: 'READY', card: `# ${label} dataset card`, rowsTotal: 0, createdById: member.userId },
    select: { id: true },
  });
  const batch = await db.batch.create({ data: { projectId, sourceFileName: 'items.jsonl', format: 'JSONL', status: 'IMPORTED', createdById: member.userId }, select: { id: true } });
  const deposit = await createDeposit({ teamId, projectId, amountMsats: 50_000_000n, createdById: member.userId! });
  // A conversation-tree project with one tree started from the team's prompt, for the tree routes.
  const { projectId: treeProjectId } = await createTreeProject({}, { teamId });
  const { treeId } = await createTreeForTeam(member, treeProjectId, { prompt: { text: `${label}: how do volcanoes form?` } });
  const treePrompt = await db.treeMessage.findFirstOrThrow({ where: { treeId, parentId: null }, select: { id: true } });
  const person = async (role: TeamRole) => {
    const user = await db.user.create({ data: { email: `${label}-${role.toLowerCase()}-${randomBytes(4).toString('hex')}@example.test`, roles: ['REQUESTER'] }, select: { id: true } });
    await db.teamMember.create({ data: { teamId, userId: user.id, role } });
    return user.id;
  };
  // People for the role columns and the people actions: an owner, a read-only member, a member to re-role and remove.
  const ownerUserId = await person('OWNER');
  const readerUserId = await person('READ_ONLY');
  const bystanderUserId = await person('MEMBER');
  const invite = await db.teamInvite.create({
    data: { teamId, email: `${label}-invitee@example.test`, role: 'MEMBER', tokenHash: randomBytes(32).toString('hex'), invitedById: ownerUserId, expiresAt: new Date(Date.now() + 86_400_000) },
    select: { id: true },
  });
  return {
    teamId, projectId, itemIds, member, ownerUserId, readerUserId, bystanderUserId, inviteId: invite.id,
    keys: { write: writeKey.key, read: readKey.key, revoked: revokedKey.key, writeKeyId: writeKey.apiKey.id },
    webhookId: webhook.id, exportId: exp.id, batchId: batch.id, depositId: deposit.id,
    treeProjectId, treeId, treePromptId: treePrompt.id,
  };
}

/**
 * The owner worker: a live assignment, a reply task of the tree (whose message they may report), a rejected
 * judgment to appeal, a balance and an open withdraw link.
 */
async function createWorkerSide(projectId: string, treeProjectId: string) {
  const [workerId, otherWorkerId] = await createTestWorkers(2);
  const claim = await claimNextAssignment(workerId, projectId);
  if (claim.kind !== 'assigned') throw new Error(`fixture: the owner worker got no assignment (${JSON.stringify(claim)})`);
  const claimedItem = await db.assignment.findUniqueOrThrow({ where: { id: claim.assignment.assignmentId }, select: { itemId: true } });
  const [itemId, spareItemId] = (await db.item.findMany({ where: { projectId, id: { not: claimedItem.itemId } }, orderBy: { id: 'asc' }, take: 2, select: { id: true } })).map((i) => i.id);
  // A second live lease, so "skip" and "submit" each have one to act on.
  const spare = await db.assignment.create({
    data: { itemId: spareItemId, projectId, workerId, status: 'ACTIVE', slot: 1, leaseExpiresAt: new Date(Date.now() + 3_600_000) },
    select: { id: true },
  });
  await db.item.update({ where: { id: spareItemId }, data: { openSlots: 0 } });
  const rejectedJudgmentId = await addTestJudgment({ projectId, itemId, workerId, answer: { choice: 'A' }, status: 'REJECTED' });
  for (const id of [workerId, otherWorkerId]) {
    await db.$transaction(async (t) => {
      const from = await getOrCreateAccount(t, { kind: 'LIGHTNING_IN' });
      const to = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId: id });
      await postTransfer(t, { debitAccountId: from.id, creditAccountId: to.id, amountMsats: 5_000_000n, idempotencyKey: `authz-earnings:${id}`, reason: 'ADJUSTMENT' });
    });
  }
  const link = await createWithdrawLink(workerId);
  const treeClaim = await claimNextAssignment(workerId, treeProjectId);
  if (treeClaim.kind !== 'assigned') throw new Error(`fixture: the owner worker got no tree task (${JSON.stringify(treeClaim)})`);
  return {
    workerId, otherWorkerId, assignmentId: claim.assignment.assignmentId, skipAssignmentId: spare.id, rejectedJudgmentId, withdrawLinkId: link.linkId,
    treeAssignmentId: treeClaim.assignment.assignmentId,
  };
}

async function workerViewer(workerId: string): Promise<Viewer> {
  const profile = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { userId: true, displayName: true, status: true, statusReason: true } });
  return { userId: profile.userId, sessionId: `s-${workerId}`, roles: ['WORKER'], email: null, name: null, worker: { id: workerId, ...profile } };
}

const memberViewer = (userId: string): Viewer => ({ userId, sessionId: `s-${userId}`, roles: ['REQUESTER'], email: null, name: null, worker: null });

export async function createWorld() {
  const owner = await createTeamSide('owner');
  const other = await createTeamSide('other');
  // The other team's actor is an owner there: the strongest outsider (it may manage people, but only at home).
  await db.teamMember.update({ where: { teamId_userId: { teamId: other.teamId, userId: other.member.userId! } }, data: { role: 'OWNER' } });
  // The owner worker leases one of the owner team's items, holds a spare lease on another and has a rejected
  // judgment on a third.
  const worker = await createWorkerSide(owner.projectId, owner.treeProjectId);
  const admin = await db.user.create({ data: { roles: ['ADMIN'], email: `admin-${randomBytes(4).toString('hex')}@example.test` }, select: { id: true } });
  const viewers: Record<Actor, Viewer | null> = {
    anonymous: null,
    worker: await workerViewer(worker.workerId),
    otherWorker: await workerViewer(worker.otherWorkerId),
    teamMember: memberViewer(owner.member.userId!),
    teamOwner: memberViewer(owner.ownerUserId),
    teamReader: memberViewer(owner.readerUserId),
    otherTeam: memberViewer(other.member.userId!),
    admin: { userId: admin.id, sessionId: 's-admin', roles: ['ADMIN'], email: null, name: null, worker: null },
  };
  return { owner, other, worker, adminUserId: admin.id, viewers };
}

export function actAs(world: World, actor: Actor): void {
  session.viewer = world.viewers[actor];
  session.cookies.clear();
}

const allTables = [
  'User', 'Team', 'TeamMember', 'TeamInvite', 'OutboxMail', 'ApiKey', 'WorkerProfile', 'Project', 'Batch', 'Item', 'Assignment', 'Judgment', 'ExamAttempt',
  'LedgerAccount', 'LedgerTransfer', 'Deposit', 'WithdrawLink', 'Withdrawal', 'Export', 'AuditLog', 'Webhook', 'WebhookDelivery',
  'IdempotencyRecord', 'PlatformSetting', 'WorkerFlag', 'ConversationTree', 'TreeMessage', 'TreeMessageFlag',
];

/** Every row of every domain table (an API key's lastUsedAt aside: a valid key is stamped on use, by design). */
export async function fingerprintAll(): Promise<string> {
  const parts = allTables.map((table) => `(SELECT coalesce(md5(string_agg((to_jsonb(t) - 'lastUsedAt')::text, ',' ORDER BY (to_jsonb(t) - 'lastUsedAt')::text)), '-') FROM "${table}" t)`);
  const [row] = await db.$queryRawUnsafe<{ digest: string }[]>(`SELECT md5(concat_ws('|', ${parts.join(', ')})) AS digest`);
  return row.digest;
}

/** The owner's rows only (owner team and its projects, owner worker): for 'self' calls by other actors. */
export async function fingerprintOwner(world: World): Promise<string> {
  const team = world.owner.teamId;
  const worker = world.worker.workerId;
  const projects = `(SELECT id FROM "Project" WHERE "teamId" = '${team}')`;
  const scoped: [string, string][] = [
    ['Team', `id = '${team}'`],
    ['TeamMember', `"teamId" = '${team}'`],
    ['TeamInvite', `"teamId" = '${team}'`],
    ['ApiKey', `"teamId" = '${team}'`],
    ['Project', `"teamId" = '${team}'`],
    ['Batch', `"projectId" IN ${projects}`],
    ['Item', `"projectId" IN ${projects}`],
    ['Export', `"projectId" IN ${projects}`],
    ['ConversationTree', `"projectId" IN ${projects}`],
    ['TreeMessage', `"treeId" IN (SELECT id FROM "ConversationTree" WHERE "projectId" IN ${projects})`],
    ['Assignment', `"projectId" IN ${projects} OR "workerId" = '${worker}'`],
    ['Judgment', `"projectId" IN ${projects} OR "workerId" = '${worker}'`],
    ['Webhook', `"teamId" = '${team}'`],
    ['Deposit', `"teamId" = '${team}'`],
    ['WorkerProfile', `id = '${worker}'`],
    ['WithdrawLink', `"workerId" = '${worker}'`],
    ['Withdrawal', `"workerId" = '${worker}'`],
    ['LedgerAccount', `"teamId" = '${team}' OR "workerId" = '${worker}'`],
  ];
  const parts = scoped.map(([table, where]) => `(SELECT coalesce(md5(string_agg((to_jsonb(t) - 'lastUsedAt')::text, ',' ORDER BY (to_jsonb(t) - 'lastUsedAt')::text)), '-') FROM "${table}" t WHERE ${where})`);
  const [row] = await db.$queryRawUnsafe<{ digest: string }[]>(`SELECT md5(concat_ws('|', ${parts.join(', ')})) AS digest`);
  return row.digest;
}

export type Outcome = { refused: boolean; detail: string };

const refusalCodes = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);
const refusalMessage = /^(Please sign in\.|You do not have access to this\.|Only a team owner can do this\.|Read-only members can look but not change anything\.|No worker profile for this account\.|You are not in a team yet\.|[\w ]+ not found\.|.*only available in demo mode\.)$/;

/** The message an action put in its result instead of throwing, whatever its result's shape. */
function messageOf(result: unknown): string | null {
  if (!result || typeof result !== 'object') return null;
  const record = result as Record<string, unknown>;
  for (const key of ['error', 'reason', 'message']) if (typeof record[key] === 'string') return record[key] as string;
  return null;
}

/**
 * Runs an entry point and says whether it refused: an AppError UNAUTHENTICATED/FORBIDDEN/NOT_FOUND, a redirect to
 * sign-in or to forbidden/not-found, an HTTP 401/403/404, a null answer from a "mine or null" query, or a result
 * that carries one of the refusal messages.
 */
/** Task cards carry bigint rewards (server actions serialize them; JSON does not). */
const withBigInts = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

export async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof NavigationSignal) {
      const refused = /^\/login|^(forbidden|unauthorized|not-found)$/.test(error.target);
      return { refused, detail: `redirect ${error.target}` };
    }
    if (isAppError(error)) return { refused: refusalCodes.has(error.code), detail: `AppError ${error.code}: ${error.message}` };
    return { refused: false, detail: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
  if (result instanceof Response) return { refused: [401, 403, 404].includes(result.status), detail: `HTTP ${result.status} ${await result.clone().text().catch(() => '')}`.slice(0, 300) };
  if (result === null) return { refused: true, detail: 'null (not theirs)' };
  if (result === undefined) return { refused: false, detail: 'done (void)' };
  const message = messageOf(result);
  const isFailure = (result as { ok?: unknown }).ok === false || (result as { kind?: unknown }).kind === 'error' || (result as { status?: unknown }).status === 'error';
  if (isFailure && message !== null) return { refused: refusalMessage.test(message), detail: `result ${JSON.stringify(result, withBigInts)}` };
  return { refused: false, detail: `result ${JSON.stringify(result, withBigInts).slice(0, 200)}` };
}

/** A refused call: refused, and not one row of any domain table changed. */
export async function expectRefusedAndUnchanged(label: string, run: () => Promise<unknown>): Promise<void> {
  const before = await fingerprintAll();
  const outcome = await outcomeOf(run);
  expect(outcome.refused, `${label} should be refused, got ${outcome.detail}`).toBe(true);
  expect(await fingerprintAll(), `${label} was refused but changed the database`).toBe(before);
}

/** A 'self' call: it runs (not refused), and the owner's rows stay as they were. */
export async function expectSelfOnly(label: string, world: World, run: () => Promise<unknown>): Promise<void> {
  const before = await fingerprintOwner(world);
  const outcome = await outcomeOf(run);
  expect(outcome.refused, `${label} should run for the caller, got ${outcome.detail}`).toBe(false);
  expect(await fingerprintOwner(world), `${label} changed the owner's data`).toBe(before);
}

/** An allowed call reaches the code (so the refusals are real): returns the outcome for further checks. */
export async function expectAllowed(label: string, run: () => Promise<unknown>): Promise<Outcome> {
  const outcome = await outcomeOf(run);
  expect(outcome.refused, `${label} should be allowed, got ${outcome.detail}`).toBe(false);
  return outcome;
}

export type Probe = (world: World, actor: Actor) => Promise<unknown>;

/**
 * The matrix rows of one area as tests: every refused actor (with the owner's real ids) first, then 'self' callers,
 * then one allowed call per entry (last, because some allowed calls delete or close what the refusals aim at).
 * `allowedLast` orders destructive allowed calls after the others.
 */
export function defineMatrixTests(options: {
  area: Area;
  world: () => World;
  probes: Record<string, Probe>;
  allowedLast?: string[];
  /** Extra checks after an allowed call, e.g. that the owner's row really changed. */
  afterAllowed?: Record<string, (world: World, outcome: Outcome) => Promise<void>>;
}): void {
  const entries = entriesOf(options.area);
  it(`has a probe for every ${options.area} entry of the matrix, and none for anything else`, () => {
    expect(Object.keys(options.probes).sort()).toEqual(entries.map((e) => e.id).sort());
  });

  const isOff = (entry: MatrixEntry) => Boolean(entry.demoOnly) && !isDemoMode();
  const refusals = entries.flatMap((entry) => actors.filter((actor) => entry.access[actor] === 'deny' || isOff(entry)).map((actor) => ({ entry, actor })));
  const selfCalls = entries.filter((e) => !isOff(e)).flatMap((entry) => actors.filter((a) => entry.access[a] === 'self').map((actor) => ({ entry, actor })));

  if (refusals.length) {
    describe('refused callers change nothing', () => {
      for (const { entry, actor } of refusals) {
        it(`${entry.id} refuses ${actor}`, async () => {
          const world = options.world();
          actAs(world, actor);
          await expectRefusedAndUnchanged(`${entry.id} as ${actor}`, () => options.probes[entry.id](world, actor));
        });
      }
    });
  }

  if (selfCalls.length) {
    describe('self-only callers leave the owner alone', () => {
      for (const { entry, actor } of selfCalls) {
        it(`${entry.id} as ${actor} acts only on their own data`, async () => {
          const world = options.world();
          actAs(world, actor);
          await expectSelfOnly(`${entry.id} as ${actor}`, world, () => options.probes[entry.id](world, actor));
        });
      }
    });
  }

  describe('allowed callers reach the code (so the refusals above are real)', () => {
    const last = new Set(options.allowedLast ?? []);
    const allowed = entries.filter((e) => !isOff(e) && actors.some((a) => e.access[a] === 'allow' || e.access[a] === 'public'));
    for (const entry of [...allowed.filter((e) => !last.has(e.id)), ...allowed.filter((e) => last.has(e.id)).sort((x, y) => options.allowedLast!.indexOf(x.id) - options.allowedLast!.indexOf(y.id))]) {
      const actor = actors.find((a) => entry.access[a] === 'allow') ?? 'anonymous';
      it(`${entry.id} lets ${actor} through`, async () => {
        const world = options.world();
        actAs(world, actor);
        const outcome = await expectAllowed(`${entry.id} as ${actor}`, () => options.probes[entry.id](world, actor));
        await options.afterAllowed?.[entry.id]?.(world, outcome);
      });
    }
  });
}
