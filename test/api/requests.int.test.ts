// The wrapper's contract: Idempotency-Key replay/reuse/concurrency, and the problem+json shape of every error.
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { callApi, createTeamWithKey, pairwiseProject } = await import('./helpers');
const { createProjectRoute, publishProjectRoute, listProjectsRoute, updateProjectRoute } = await import('@/lib/api/v1/projects');
const { uploadBatchRoute } = await import('@/lib/api/v1/batches');
const { errorResponse } = await import('@/lib/api/handler');
const { MAX_JSON_BODY_BYTES } = await import('@/lib/api/body');
const { stopBoss } = await import('@/lib/jobs/boss');

afterAll(async () => {
  await stopBoss();
});

describe('Idempotency-Key', () => {
  it('replays the stored answer for the same key and body, once per team', async () => {
    const { key, teamId } = await createTeamWithKey();
    const headers = { 'idempotency-key': 'create-1' };
    const first = await callApi(createProjectRoute, { key, json: pairwiseProject, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await callApi(createProjectRoute, { key, json: pairwiseProject, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(await db.project.count({ where: { teamId } })).toBe(1);
    // Another team's identical key is its own.
    const other = await createTeamWithKey();
    const theirs = await callApi(createProjectRoute, { key: other.key, json: pairwiseProject, headers });
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.json.id).not.toBe(first.json.id);
  });

  it('refuses the same key with a different body', async () => {
    const { key } = await createTeamWithKey();
    const headers = { 'idempotency-key': 'create-2' };
    expect((await callApi(createProjectRoute, { key, json: pairwiseProject, headers })).status).toBe(201);
    const reused = await callApi(createProjectRoute, { key, json: { ...pairwiseProject, title: 'Something else' }, headers });
    expect(reused.status).toBe(422);
    expect(reused.json.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('runs concurrent duplicates exactly once; the others get 409 or the replay', async () => {
    const { key, teamId } = await createTeamWithKey();
    const headers = { 'idempotency-key': 'create-concurrent' };
    const results = await Promise.all(Array.from({ length: 8 }, () => callApi(createProjectRoute, { key, json: pairwiseProject, headers })));
    const fresh = results.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const result of results) {
      if (result.status === 201) expect(result.json.id).toBe(fresh[0].json.id);
      else {
        expect(result.status).toBe(409);
        expect(result.json.code).toBe('IDEMPOTENCY_IN_PROGRESS');
        expect(result.headers.get('retry-after')).toBe('1');
      }
    }
    expect(await db.project.count({ where: { teamId } })).toBe(1);
  });

  it('releases the key after an error so the client can retry with it', async () => {
    const { key, teamId } = await createTeamWithKey();
    const created = await callApi(createProjectRoute, { key, json: pairwiseProject });
    const projectId = created.json.id as string;
    const headers = { 'idempotency-key': 'publish-1' };
    const refused = await callApi(publishProjectRoute, { key, params: { projectId }, headers });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('INVALID_STATE');
    expect(await db.idempotencyRecord.count({ where: { teamId } })).toBe(0);
    const upload = await callApi(uploadBatchRoute, {
      key, params: { projectId }, body: `${JSON.stringify({ payload: { prompt: 'Q?', responses: ['a', 'b'] } })}\n`, headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(upload.status).toBe(201);
    const published = await callApi(publishProjectRoute, { key, params: { projectId }, headers });
    expect(published.status).toBe(200);
    expect(published.json.status).toBe('ACTIVE');
  });

  it('forgets keys after 24 hours', async () => {
    const { key, teamId } = await createTeamWithKey();
    const headers = { 'idempotency-key': 'old' };
    await callApi(createProjectRoute, { key, json: pairwiseProject, headers });
    await db.idempotencyRecord.updateMany({ where: { teamId }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    const again = await callApi(createProjectRoute, { key, json: pairwiseProject, headers });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await db.project.count({ where: { teamId } })).toBe(2);
  });
});

describe('errors', () => {
  it('answers 422 with per-field details for invalid bodies and queries', async () => {
    const { key } = await createTeamWithKey();
    const bad = await callApi(createProjectRoute, { key, json: { ...pairwiseProject, title: '', rewardSats: 0 } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(bad.json.code).toBe('VALIDATION_FAILED');
    const paths = (bad.json.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.title', 'body.rewardSats']));
    const query = await callApi(listProjectsRoute, { key, query: { limit: '5000' } });
    expect(query.status).toBe(422);
    expect(query.json.errors[0].path).toBe('query.limit');
  });

  it('words 422 errors for people, naming each field, never in zod’s own terms', async () => {
    const { key } = await createTeamWithKey();
    const bad = await callApi(createProjectRoute, {
      key, json: { ...pairwiseProject, rewardSats: 0, judgmentsPerItem: 2.5, taskType: 'RANKING' },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([
      { path: 'body.rewardSats', message: 'rewardSats must be at least 1.', code: 'too_small' },
      { path: 'body.judgmentsPerItem', message: 'judgmentsPerItem must be a whole number.', code: 'invalid_type' },
    ]);
    expect(bad.json.detail).toBe('The request body is invalid: rewardSats must be at least 1. (and 1 more, see `errors`)');
    // The task type's own checks run once the shared fields pass, with the same kind of sentence.
    const config = await callApi(createProjectRoute, { key, json: { ...pairwiseProject, taskType: 'RANKING', typeConfig: { allowTies: 'yes' } } });
    expect(config.json.errors).toEqual([{ path: 'body.typeConfig.allowTies', message: expect.stringMatching(/^typeConfig\.allowTies must be/), code: 'custom' }]);
    for (const { message } of [...bad.json.errors, ...config.json.errors]) expect(message).not.toMatch(/Too small|Too big|Invalid input|expected/);
    const query = await callApi(listProjectsRoute, { key, query: { limit: '0' } });
    expect(query.json.errors).toEqual([{ path: 'query.limit', message: 'limit must be at least 1.', code: 'too_small' }]);
  });

  it('answers 400 for malformed JSON, 415 for a non-JSON body, 413 past 1 MiB', async () => {
    const { key } = await createTeamWithKey();
    const malformed = await callApi(createProjectRoute, { key, body: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe('MALFORMED_JSON');
    const form = await callApi(createProjectRoute, { key, body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const huge = await callApi(createProjectRoute, { key, json: { ...pairwiseProject, instructions: 'x'.repeat(MAX_JSON_BODY_BYTES) } });
    expect(huge.status).toBe(413);
    expect(huge.json.code).toBe('PAYLOAD_TOO_LARGE');
    const created = await callApi(createProjectRoute, { key, json: pairwiseProject });
    const patched = await callApi(updateProjectRoute, { key, params: { projectId: created.json.id }, json: { rewardSats: 12 } });
    expect(patched.status).toBe(200);
    expect(patched.json.rewardSats).toBe(12);
  });

  it('answers 500 with a request id and nothing internal for unexpected errors', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = errorResponse(new Error('relation "Secret" does not exist at db.internal:5432'), 'req-123', {});
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain('Secret');
    expect(JSON.parse(body)).toMatchObject({ code: 'INTERNAL', status: 500, requestId: 'req-123' });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
