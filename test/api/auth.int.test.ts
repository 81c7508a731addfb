import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { callApi, createTeamWithKey, pairwiseProject } = await import('./helpers');
const { createProjectRoute, getProjectRoute, listProjectsRoute } = await import('@/lib/api/v1/projects');
const { openApiRoute } = await import('@/lib/api/v1/meta');
const { revokeApiKey, createApiKey, listApiKeys, API_RATE_LIMIT } = await import('@/lib/api/keys');
const { stopBoss } = await import('@/lib/jobs/boss');

afterAll(async () => {
  await stopBoss();
});

function expectProblem(result: { status: number; headers: Headers; json: Record<string, unknown> }, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.headers.get('content-type')).toBe('application/problem+json');
  expect(result.json).toMatchObject({ status, code, type: `urn:boltwork:problem:${code.toLowerCase().replaceAll('_', '-')}` });
  expect(typeof result.json.detail).toBe('string');
  expect(result.json.requestId).toBe(result.headers.get('x-request-id'));
}

describe('API key authentication', () => {
  it('answers 401 without a key, with a malformed or unknown key, and for a revoked or expired key', async () => {
    const { key, apiKeyId, userActor } = await createTeamWithKey();
    expectProblem(await callApi(listProjectsRoute, { key: null }), 401, 'UNAUTHENTICATED');
    expectProblem(await callApi(listProjectsRoute, { key: 'not-a-key' }), 401, 'UNAUTHENTICATED');
    expectProblem(await callApi(listProjectsRoute, { key: `bw_live_${'A'.repeat(43)}` }), 401, 'UNAUTHENTICATED');
    expect((await callApi(listProjectsRoute, { key })).status).toBe(200);

    await revokeApiKey(userActor, apiKeyId);
    expectProblem(await callApi(listProjectsRoute, { key }), 401, 'UNAUTHENTICATED');

    const expiring = await createApiKey(userActor, { name: 'short', expiresAt: new Date(Date.now() + 60_000) });
    expect((await callApi(listProjectsRoute, { key: expiring.key })).status).toBe(200);
    await db.apiKey.update({ where: { id: expiring.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectProblem(await callApi(listProjectsRoute, { key: expiring.key }), 401, 'UNAUTHENTICATED');
  });

  it('stores only a hash and a display prefix, audits creation, and updates lastUsedAt at most once a minute', async () => {
    const { key, apiKeyId, teamId, userActor } = await createTeamWithKey();
    expect(key).toMatch(/^bw_live_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.keyHash).not.toContain(key.slice(8));
    expect(row.prefix).toBe(key.slice(0, 12));
    expect(row.lastUsedAt).toBeNull();
    expect(await db.auditLog.count({ where: { action: 'api_key.create', targetId: apiKeyId } })).toBe(1);

    await callApi(listProjectsRoute, { key });
    const first = (await db.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } })).lastUsedAt;
    expect(first).not.toBeNull();
    await callApi(listProjectsRoute, { key });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } })).lastUsedAt).toEqual(first);

    const [listed] = await listApiKeys(userActor);
    expect(listed).toMatchObject({ id: apiKeyId, prefix: key.slice(0, 12) });
    expect(JSON.stringify(listed)).not.toContain(row.keyHash);
    // Keys cannot mint keys.
    const apiActor = { kind: 'API_KEY' as const, teamId, userId: userActor.userId, apiKeyId };
    await expect(createApiKey(apiActor, { name: 'escalate' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('hides other teams’ projects behind 404', async () => {
    const mine = await createTeamWithKey();
    const theirs = await createTeamWithKey();
    const created = await callApi(createProjectRoute, { key: theirs.key, json: pairwiseProject });
    expect(created.status).toBe(201);
    const projectId = created.json.id as string;
    expect((await callApi(getProjectRoute, { key: theirs.key, params: { projectId } })).status).toBe(200);
    expectProblem(await callApi(getProjectRoute, { key: mine.key, params: { projectId } }), 404, 'NOT_FOUND');
    expectProblem(await callApi(getProjectRoute, { key: mine.key, params: { projectId: 'not-a-uuid' } }), 404, 'NOT_FOUND');
    const mineList = await callApi(listProjectsRoute, { key: mine.key });
    expect(mineList.json).toEqual({ data: [], nextCursor: null });
  });

  it('refuses writes to a read-only key', async () => {
    const { key } = await createTeamWithKey({ scopes: ['read'] });
    expect((await callApi(listProjectsRoute, { key })).status).toBe(200);
    expectProblem(await callApi(createProjectRoute, { key, json: pairwiseProject }), 403, 'FORBIDDEN');
  });

  it('rate-limits each key with 429 and Retry-After', async () => {
    const { key, apiKeyId } = await createTeamWithKey();
    const ok = await callApi(listProjectsRoute, { key });
    expect(ok.headers.get('x-ratelimit-limit')).toBe(String(API_RATE_LIMIT.limit));
    expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(API_RATE_LIMIT.limit - 1));
    // Use up the window without 600 round trips.
    await db.rateLimitBucket.update({ where: { key: `api-key:${apiKeyId}` }, data: { count: API_RATE_LIMIT.limit } });
    const limited = await callApi(listProjectsRoute, { key });
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    // Another key of another team is not affected.
    const other = await createTeamWithKey();
    expect((await callApi(listProjectsRoute, { key: other.key })).status).toBe(200);
  });

  it('serves the OpenAPI document without a key', async () => {
    const result = await callApi(openApiRoute, { key: null });
    expect(result.status).toBe(200);
    expect(result.json.openapi).toBe('3.1.0');
    expect(Object.keys(result.json.paths)).toContain('/projects/{projectId}/batches');
  });
});
