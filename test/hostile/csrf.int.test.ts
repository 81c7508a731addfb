// CSRF: a page on another site makes the victim's browser send a state-changing request with the victim's cookie.
//
// Server actions are guarded by Next itself. In next 16.4.6, node_modules/next/dist/server/app-render/action-handler.js,
// handleAction(): the Origin header's host must equal x-forwarded-host (else host), read by parseHostHeader(), unless
// it is listed in experimental.serverActions.allowedOrigins (csrf-protection.js, isCsrfOriginAllowed()); otherwise
// the action is aborted with "Invalid Server Actions request." before it runs. A request with no Origin goes through
// with a warning (browsers always send Origin on a POST). That needs a running server to exercise end to end; here
// we pin what it depends on (no allowedOrigins in our config) and the cookie attributes that back it up.
//
// Route handlers get no such check, so the cookie-authenticated one that changes state (the team upload,
// app/api/team/projects/[projectId]/batches) calls lib/http/same-origin.ts. /api/v1 needs none: it only accepts an
// Authorization header, which no browser sends on its own.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

process.env.BOLTWORK_PUBLIC_URL = 'https://boltwork.example';
vi.mock('next/headers', () => import('./fake-next'));
vi.mock('next/navigation', () => import('./fake-next'));

const { fakeRequest, resetFakeRequest, NavigationSignal } = await import('./fake-next');
const { db } = await import('@/lib/db');
const { createSession } = await import('@/lib/auth/sessions');
const { hashPassword } = await import('@/lib/auth/password');
const { signInWithPasswordAction, startWalletLoginAction } = await import('@/lib/auth/actions');
const { createTestProject, createTestTeam } = await import('@/lib/assignment/test-fixtures');
const { POST: uploadBatch } = await import('@/app/api/team/projects/[projectId]/batches/route');
const { callApi, createTeamWithKey, pairwiseProject } = await import('@/test/api/helpers');
const { createProjectRoute } = await import('@/lib/api/v1/projects');

const csv = 'id,text\r\n1,hello\r\n2,world\r\n';

/** A signed-in ML-team member of a fresh team with a DRAFT classification project. */
async function signedInMember() {
  const teamId = await createTestTeam();
  const user = await db.user.create({ data: { roles: ['REQUESTER'], email: `m-${teamId}@example.test` } });
  await db.teamMember.create({ data: { teamId, userId: user.id, role: 'OWNER' } });
  const projectId = await createTestProject({ teamId, taskType: 'CLASSIFICATION', typeConfig: { labels: ['a', 'b'] }, status: 'DRAFT' });
  const { token } = await createSession(user.id, 'PASSWORD', {});
  return { projectId, cookie: `__Host-bw_session=${token}` };
}

async function upload(projectId: string, cookie: string, headers: Record<string, string>) {
  const all = { cookie, host: 'boltwork.example', ...headers };
  resetFakeRequest(all);
  const request = new Request(`https://boltwork.example/api/team/projects/${projectId}/batches?fileName=a.csv&format=csv`, {
    method: 'POST',
    headers: all,
    body: csv,
  });
  return uploadBatch(request, { params: Promise.resolve({ projectId }) });
}

const stored = async (projectId: string) => ({
  batches: await db.batch.count({ where: { projectId } }),
  items: await db.item.count({ where: { projectId } }),
});

describe("Next's server action origin check", () => {
  it('is present in this Next version and our config adds no allowed origins', async () => {
    const handler = fs.readFileSync(path.join(process.cwd(), 'node_modules/next/dist/server/app-render/action-handler.js'), 'utf8');
    expect(handler).toContain('function parseHostHeader(');
    expect(handler).toMatch(/originHost !== host\.value/);
    expect(fs.readFileSync(path.join(process.cwd(), 'next.config.js'), 'utf8')).not.toMatch(/allowedOrigins/);
    const { isCsrfOriginAllowed } = await import('next/dist/server/app-render/csrf-protection.js');
    expect(isCsrfOriginAllowed('evil.example', undefined)).toBe(false);
  });
});

describe('session cookies', () => {
  it('are __Host-, HttpOnly, Secure and SameSite=Lax on https, for password and wallet sign-in', async () => {
    await db.user.create({ data: { roles: ['REQUESTER'], email: 'cookie@team.example', passwordHash: await hashPassword('right password') } });
    const form = new FormData();
    form.set('email', 'cookie@team.example');
    form.set('password', 'right password');
    resetFakeRequest({ 'x-forwarded-for': '198.51.100.20' });
    await expect(signInWithPasswordAction({}, form)).rejects.toBeInstanceOf(NavigationSignal);
    const [session] = fakeRequest.setCookies;
    resetFakeRequest({ 'x-forwarded-for': '198.51.100.20' });
    expect(await startWalletLoginAction()).not.toHaveProperty('error');
    const [walletLogin] = fakeRequest.setCookies;
    expect(walletLogin.name).toBe('__Host-bw_wallet_login');
    for (const cookie of [session, walletLogin]) {
      expect(cookie.options).toMatchObject({ httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
      expect(cookie.options).not.toHaveProperty('domain');
    }
    expect(session.name).toBe('__Host-bw_session');
    expect(await db.session.count({ where: { user: { email: 'cookie@team.example' } } })).toBe(1);
  });
});

describe('cookie-authenticated upload route', () => {
  it('refuses cross-site posts with 403 before anything is stored', async () => {
    const { projectId, cookie } = await signedInMember();
    const attacks: Record<string, Record<string, string>> = {
      'another origin': { origin: 'https://evil.example' },
      'Sec-Fetch-Site cross-site, no Origin': { 'sec-fetch-site': 'cross-site' },
      'a sibling subdomain': { origin: 'https://boltwork.example.evil.example', 'sec-fetch-site': 'same-site' },
      'an opaque origin (sandboxed frame)': { origin: 'null' },
      'a look-alike host': { origin: 'https://boltwork.example:8443' },
    };
    for (const [name, headers] of Object.entries(attacks)) {
      const response = await upload(projectId, cookie, headers);
      expect(response.status, name).toBe(403);
      expect(await response.json(), name).toMatchObject({ code: 'CROSS_SITE', error: expect.stringContaining('Cross-site') });
    }
    expect(await stored(projectId)).toEqual({ batches: 0, items: 0 });
  });

  it('accepts the same request from our own page (so the refusals above are real)', async () => {
    const { projectId, cookie } = await signedInMember();
    const response = await upload(projectId, cookie, { origin: 'https://boltwork.example', 'sec-fetch-site': 'same-origin' });
    expect(response.status).toBe(201);
    expect(await stored(projectId)).toEqual({ batches: 1, items: 2 });
  });
});

describe('/api/v1 (Bearer keys)', () => {
  it('needs the key: a cross-site post with only cookies is 401 and creates nothing', async () => {
    const { teamId, key } = await createTeamWithKey();
    const { cookie } = await signedInMember();
    const before = await db.project.count({ where: { teamId } });
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', cookie };
    const refused = await callApi(createProjectRoute, { key: null, json: pairwiseProject, headers: crossSite });
    expect(refused.status).toBe(401);
    expect(await db.project.count({ where: { teamId } })).toBe(before);
    // A script holding the key may call from anywhere: no browser attaches it ambiently, so Origin is irrelevant.
    const scripted = await callApi(createProjectRoute, { key, json: pairwiseProject, headers: crossSite });
    expect(scripted.status).toBe(201);
    expect(await db.project.count({ where: { teamId } })).toBe(before + 1);
  });
});
