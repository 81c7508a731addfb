// PostgreSQL restarts while the app runs. This file starts its own embedded cluster (the shared test cluster serves
// other files at the same time), points the app's one database client at it, stops it and starts it again on the
// same port and data directory. During the outage every entry point answers an error at once, in its own shape;
// afterwards the same client, never re-imported nor rebuilt, serves them again.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../../scripts/lib/schema-engine.mjs';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const dataDir = path.resolve(`.data/test-pg-restart-${process.pid}-${randomBytes(4).toString('hex')}`);
const DATABASE = 'boltwork';
let postgres = await startEmbeddedPostgres({ dataDir, fast: true });
const port = postgres.port;
await ensureDatabase(postgres.url(), DATABASE);
await applyMigrations({ url: postgres.url(DATABASE), migrationsDir: path.resolve('prisma/migrations') });
// Before anything reads the environment: the app's client must connect here, not to the shared cluster.
process.env.DATABASE_URL = postgres.url(DATABASE);

const { db, disconnectDb } = await import('@/lib/db');
const health = await import('@/app/api/health/route');
const lnurlWithdraw = await import('@/app/api/lnurl/withdraw/route');
const { listProjectsRoute } = await import('@/lib/api/v1/projects');
const { callApi, createTeamWithKey } = await import('@/test/api/helpers');
const { createWithdrawLink, getWithdrawRequest } = await import('@/lib/payouts/links');
const { fundedWorker } = await import('@/lib/payouts/test-support');

const clientHolder = globalThis as { __boltworkDb?: unknown };
let apiKey = '';
let k1 = '';

beforeAll(async () => {
  ({ key: apiKey } = await createTeamWithKey());
  const link = await createWithdrawLink(await fundedWorker(50_000n));
  k1 = new URL(link.lnurlw.replace('lnurlw://', 'http://')).searchParams.get('k1')!;
});

afterAll(async () => {
  await disconnectDb();
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Fails the test instead of hanging it: an entry point that never answers is the bug we look for. */
async function answersWithin<T>(label: string, call: Promise<T>, ms = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([call, hang]);
  } finally {
    clearTimeout(timer);
  }
}

const getHealth = () => answersWithin('GET /api/health', health.GET());
const getWithdrawLinkHttp = () => answersWithin('GET /api/lnurl/withdraw', lnurlWithdraw.GET(new Request(`http://localhost/api/lnurl/withdraw?k1=${k1}`)));
const listProjects = () => answersWithin('GET /api/v1/projects', callApi(listProjectsRoute, { key: apiKey }));

async function expectEverythingWorks() {
  const ok = await getHealth();
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ status: 'ok' });
  expect((await listProjects()).status).toBe(200);
  const wallet = await getWithdrawLinkHttp();
  expect(await wallet.json()).toMatchObject({ tag: 'withdrawRequest', k1 });
  expect(await answersWithin('getWithdrawRequest', getWithdrawRequest(k1))).toMatchObject({ k1, maxMsats: expect.any(BigInt) });
}

describe('PostgreSQL restarts under the running app', () => {
  it('fails requests cleanly during the outage and serves them with the same client afterwards', { timeout: 120_000 }, async () => {
    await expectEverythingWorks();
    const client = clientHolder.__boltworkDb;
    expect(client).toBeDefined();

    await postgres.stop();

    // Health: 503 with JSON, so a load balancer takes this instance out.
    const down = await getHealth();
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('application/json');
    expect(await down.json()).toEqual({ status: 'unavailable' });
    // Team API: a problem+json 503 with Retry-After that says nothing about SQL or connections.
    const api = await listProjects();
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    expect(api.json).toMatchObject({ status: api.status, requestId: api.headers.get('x-request-id') });
    expect(JSON.stringify(api.json)).not.toMatch(/ECONNREFUSED|postgres|prisma|SELECT/i);
    // A wallet reading its link gets the LNURL protocol's own error shape.
    expect(await (await getWithdrawLinkHttp()).json()).toEqual({ status: 'ERROR', reason: 'Something went wrong. Please try again.' });
    // A service call rejects rather than hangs.
    await expect(answersWithin('getWithdrawRequest', getWithdrawRequest(k1))).rejects.toThrow();

    postgres = await startEmbeddedPostgres({ dataDir, port, fast: true });
    expect(postgres.port).toBe(port);

    await expectEverythingWorks();
    expect(clientHolder.__boltworkDb).toBe(client);
  });
});
