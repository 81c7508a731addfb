// No one but an admin reaches an admin action, query or route handler. The list is discovered by walking the source
// (every 'use server' module, query module and route handler that checks for ADMIN), so a new admin entry point is
// covered without editing this file. Each is called as anonymous, as a WORKER and as a REQUESTER with real target
// ids, and must be refused (AppError UNAUTHENTICATED/FORBIDDEN, or 401/403) without changing anything.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '@/lib/auth/sessions';
import { session } from './mocks';

// The request context every authz test fakes (test/authz/mocks.ts). Actions may answer by redirecting (e.g. back to
// the review queue with a notice): the redirect is thrown, as in Next.
vi.mock('next/cache', async () => (await import('./mocks')).cacheModule);
vi.mock('next/navigation', async () => (await import('./mocks')).navigationModule);
vi.mock('@/lib/auth/viewer', async () => (await import('./mocks')).viewerModule());

const { db } = await import('@/lib/db');
const { stopBoss } = await import('@/lib/jobs/boss');
const { createTestItems, createTestProject, createTestWorkers } = await import('@/lib/assignment/test-fixtures');
const { addTestJudgment, createTestActor } = await import('@/lib/exports/test-fixtures');

afterAll(() => stopBoss());

const root = process.cwd();
const adminCheck = /requireRole\)?\(\s*['"]ADMIN['"]\s*\)/;
const otherRoleCheck = /requireRole\)?\(\s*['"](WORKER|REQUESTER)['"]|requireTeamMember|requireProjectMember|requireTeamRole|requireProjectRole|requireWorker/;

/** Exports of mixed modules that are deliberately not admin-only (worker or team actions beside an admin one). */
const notAdminExports = new Set([
  'lib/payouts/actions.ts#createWithdrawLinkAction',
  'lib/payouts/actions.ts#getWithdrawStatusAction',
  'lib/payouts/actions.ts#withdrawWithDemoWalletAction',
  'lib/payouts/actions.ts#saveLightningAddressAction',
]);

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['generated', 'node_modules', '__fixtures__'].includes(entry.name) ? [] : walk(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.includes('test-') ? [rel] : [];
  });
}

/** Top-level helpers of a module (function or const), with their source, so `run(...)` wrappers are followed. */
function localHelpers(source: string): Map<string, string> {
  const helpers = new Map<string, string>();
  const starts = [...source.matchAll(/^(?:async\s+)?(?:function\s+(\w+)|const\s+(\w+)\s*=)/gm)];
  for (const match of starts) {
    const end = source.indexOf('\n}', match.index);
    const lineEnd = source.indexOf(';\n', match.index);
    const stop = end === -1 ? source.length : lineEnd !== -1 && lineEnd < source.indexOf('{', match.index) ? lineEnd : end;
    helpers.set(match[1] ?? match[2], source.slice(match.index, stop));
  }
  return helpers;
}

/** 'admin' when the function checks ADMIN itself or through a local helper; 'other' for another role; else null. */
function classify(body: string, helpers: Map<string, string>): 'admin' | 'other' | null {
  if (adminCheck.test(body)) return 'admin';
  if (otherRoleCheck.test(body)) return 'other';
  for (const [name, helper] of helpers) {
    if (!new RegExp(`\\b${name}\\)?\\(`).test(body)) continue;
    if (adminCheck.test(helper)) return 'admin';
    if (otherRoleCheck.test(helper)) return 'other';
  }
  return null;
}

const isUseServer = (source: string) => /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*\s*['"]use server['"]/.test(source);
type Fn = (...args: unknown[]) => unknown;
type EntryPoint = { id: string; kind: 'action' | 'query' | 'route'; fn: Fn; method?: string };

async function discover(): Promise<{ entries: EntryPoint[]; unclassified: string[] }> {
  const entries: EntryPoint[] = [];
  const unclassified: string[] = [];
  for (const file of [...walk('lib'), ...walk('app')]) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    const isRoute = /(^|\/)route\.ts$/.test(file) && (file.includes('(admin)') || file.includes('api/admin'));
    if (!isRoute && !adminCheck.test(source)) continue;
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    const helpers = localHelpers(source);
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function') continue;
      const fn = value as Fn;
      const id = `${file}#${name}`;
      if (isRoute) {
        if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) entries.push({ id, kind: 'route', fn, method: name });
      } else if (isUseServer(source)) {
        const role = classify(fn.toString(), helpers);
        if (role === 'admin' || (role === null && !otherRoleCheck.test(source))) entries.push({ id, kind: 'action', fn });
        else if (role === null && !notAdminExports.has(id)) unclassified.push(id);
      } else if (adminCheck.test(fn.toString())) {
        entries.push({ id, kind: 'query', fn });
      }
    }
  }
  return { entries, unclassified };
}

const ids: Record<string, string> = {};
let viewers: Record<'anonymous' | 'worker' | 'requester', Viewer | null>;

beforeAll(async () => {
  const projectId = await createTestProject();
  const [workerId] = await createTestWorkers(1);
  const [itemId] = await createTestItems(projectId, 1);
  const judgmentId = await addTestJudgment({ projectId, itemId, workerId, answer: { choice: 'A' }, status: 'PENDING' });
  await db.item.update({ where: { id: itemId }, data: { judgmentsDone: 1, openSlots: 2 } });
  await db.judgment.update({ where: { id: judgmentId }, data: { status: 'REJECTED', reason: 'spam', appealText: 'please', appealStatus: 'OPEN', appealedAt: new Date() } });
  const pendingId = await addTestJudgment({ projectId, itemId: (await createTestItems(projectId, 1))[0], workerId, answer: { choice: 'B' }, status: 'PENDING' });
  await db.workerFlag.create({ data: { workerId, kind: 'IP_BURST', score: 0.8 } });
  Object.assign(ids, { projectId, workerId, itemId, judgmentId, pendingId });
  const worker = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId } });
  const requester = await createTestActor(projectId);
  viewers = {
    anonymous: null,
    worker: { userId: worker.userId, sessionId: 's-w', roles: ['WORKER'], email: null, name: null, worker: { id: workerId, displayName: worker.displayName, status: 'ACTIVE', statusReason: null } },
    requester: { userId: requester.userId!, sessionId: 's-r', roles: ['REQUESTER'], email: 'r@example.test', name: 'R', worker: null },
  };
});

/** Everything an admin entry point could change, hashed: audit rows, statuses, slots, flags, settings. */
async function fingerprint(): Promise<string> {
  const [row] = await db.$queryRaw<{ digest: string }[]>`
    SELECT md5(concat_ws('|',
      (SELECT count(*) FROM "AuditLog"),
      (SELECT count(*) FROM "Team"),
      (SELECT count(*) FROM "TeamInvite"),
      (SELECT count(*) FROM "OutboxMail"),
      (SELECT string_agg(id::text || status || coalesce("statusReason", ''), ',' ORDER BY id) FROM "WorkerProfile"),
      (SELECT string_agg(id::text || status || coalesce("appealStatus"::text, '') || coalesce(reason, ''), ',' ORDER BY id) FROM "Judgment"),
      (SELECT string_agg(id::text || status || coalesce("statusReason", ''), ',' ORDER BY id) FROM "Project"),
      (SELECT string_agg(id::text || status || "openSlots" || "judgmentsDone", ',' ORDER BY id) FROM "Item"),
      (SELECT string_agg(id::text || status, ',' ORDER BY id) FROM "WorkerFlag"),
      (SELECT string_agg(key || value::text, ',' ORDER BY key) FROM "PlatformSetting"),
      (SELECT string_agg(id::text || "balanceMsats", ',' ORDER BY id) FROM "LedgerAccount")
    )) AS digest`;
  return row.digest;
}

function formWithTargets(): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries({ ...ids, name: 'Probe team', ownerEmail: 'probe@example.test', email: 'probe@example.test', teamId: ids.projectId, reason: 'authz probe', confirm: 'BAN', intent: 'pause', decision: 'UPHOLD' })) data.set(key, value);
  data.set('judgmentIds', ids.pendingId);
  return data;
}

const refusalMessages = ['Please sign in.', 'You do not have access to this.'];

async function expectRefused(entry: EntryPoint, who: keyof typeof viewers) {
  const expectedCode = who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  if (entry.kind === 'route') {
    const url = `http://localhost/admin/probe?workerId=${ids.workerId}&projectId=${ids.projectId}`;
    const init: RequestInit = { method: entry.method, ...(entry.method === 'GET' ? {} : { body: JSON.stringify(ids), headers: { 'content-type': 'application/json' } }) };
    const response = (await entry.fn(new Request(url, init), { params: Promise.resolve({ ...ids }) })) as Response;
    expect(response.status, `${entry.id} as ${who}`).toBe(who === 'anonymous' ? 401 : 403);
    return;
  }
  let outcome: unknown;
  try {
    const form = formWithTargets();
    // Actions take a FormData, an object or ids: each gets all of them, with real targets.
    outcome = await entry.fn(form, form, ids.workerId);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NEXT_NAVIGATION')) {
      // Refused by redirecting with the refusal as a notice.
      expect(refusalMessages.some((m) => decodeURIComponent(error.message.replaceAll('+', ' ')).includes(m)), `${entry.id} as ${who}: ${error.message}`).toBe(true);
      return;
    }
    expect(error, `${entry.id} as ${who} threw something else`).toMatchObject({ name: 'AppError', code: expectedCode });
    return;
  }
  // Actions that answer with a result instead of throwing must carry the refusal.
  expect(refusalMessages.some((m) => JSON.stringify(outcome ?? null).includes(m)), `${entry.id} as ${who} was not refused: ${JSON.stringify(outcome)}`).toBe(true);
}

describe('admin entry points', () => {
  it('are discovered from the source, including the known ones', async () => {
    const { entries, unclassified } = await discover();
    expect(unclassified, 'a mixed use-server module exports a function that is neither ADMIN-checked nor listed as non-admin').toEqual([]);
    const found = entries.map((e) => e.id);
    for (const known of [
      'lib/payouts/actions.ts#setPayoutsPausedAction',
      'lib/judgments/actions.ts#approveJudgmentAction',
      'lib/judgments/actions.ts#rejectJudgmentAction',
      'lib/fraud/actions.ts#pauseWorkerAction',
      'lib/fraud/actions.ts#banWorkerAction',
      'lib/fraud/actions.ts#clearWorkerFlagsAction',
      'lib/fraud/actions.ts#reactivateWorkerAction',
      'lib/admin/actions.ts#setProjectStatusAsAdminAction',
      'lib/admin/actions.ts#retryAgentRefundAction',
      'lib/admin/actions.ts#createTeamAction',
      'lib/admin/actions.ts#inviteTeamOwnerAction',
      'lib/admin/teams.ts#listTeamsForAdmin',
      'lib/admin/payouts.ts#listMoneyInFlight',
      'lib/admin/queries.ts#getAdminOverview',
      'lib/admin/projects.ts#listProjectQuality',
      'lib/admin/audit.ts#searchAuditLog',
      'lib/admin/audit.ts#streamAuditCsv',
      'lib/fraud/queries.ts#listFlaggedWorkers',
      'lib/fraud/queries.ts#getWorkerForAdminOrThrow',
      'app/(admin)/admin/audit/export/route.ts#GET',
    ]) {
      expect(found).toContain(known);
    }
  });

  for (const who of ['anonymous', 'worker', 'requester'] as const) {
    it(`refuse ${who} callers and change nothing`, async () => {
      const { entries } = await discover();
      session.viewer = viewers[who];
      const before = await fingerprint();
      for (const entry of entries) await expectRefused(entry, who);
      expect(await fingerprint()).toBe(before);
      session.viewer = null;
    });
  }
});

describe('the probe itself', () => {
  it('reaches the code for an admin (so the refusals above are real), and detects a change', async () => {
    const { entries } = await discover();
    const pause = entries.find((e) => e.id === 'lib/fraud/actions.ts#pauseWorkerAction')!;
    const admin = await db.user.create({ data: { roles: ['ADMIN'] } });
    session.viewer = { userId: admin.id, sessionId: 's-a', roles: ['ADMIN'], email: null, name: null, worker: null };
    const before = await fingerprint();
    await pause.fn(formWithTargets());
    session.viewer = null;
    expect((await db.workerProfile.findUniqueOrThrow({ where: { id: ids.workerId } })).status).toBe('PAUSED');
    expect(await fingerprint()).not.toBe(before);
  });
});
