// DATABASE_DIRECT_URL (docs/scaling.md): behind a transaction-pooling PgBouncer on DATABASE_URL, pg-boss (its pool
// and its LISTEN) must reach PostgreSQL directly, and everything else keeps going through DATABASE_URL (the quality
// evaluator polls through it). No PgBouncer here: the two URLs name the same database as two roles, so pg_stat_activity
// tells which URL each of the real job worker's connections came from.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';

const { db } = await import('@/lib/db');
const { createTestItems, createTestProject, createTestWorkers } = await import('@/lib/assignment/test-fixtures');
const { claimLeases, advanceTaskLoop } = await import('@/lib/assignment');

const databaseUrl = process.env.DATABASE_URL!;
const database = new URL(databaseUrl).pathname.slice(1);
const directRole = `direct_${randomBytes(4).toString('hex')}`;
await db.$executeRawUnsafe(`CREATE ROLE ${directRole} LOGIN SUPERUSER PASSWORD 'direct-secret'`);
const directUrl = Object.assign(new URL(databaseUrl), { username: directRole, password: 'direct-secret' }).toString();

afterAll(async () => {
  await db.$executeRawUnsafe(`REASSIGN OWNED BY ${directRole} TO CURRENT_USER`);
  await db.$executeRawUnsafe(`DROP OWNED BY ${directRole}`);
  await db.$executeRawUnsafe(`DROP ROLE ${directRole}`);
});

type Backend = { usename: string; application_name: string; query: string };

async function backends(): Promise<Backend[]> {
  return db.$queryRaw<Backend[]>`
    SELECT usename, application_name, query FROM pg_stat_activity WHERE datname = ${database} AND pid <> pg_backend_pid()`;
}

/** Runs the real job worker (`npm run worker`) until pg-boss listens and its pool is up; returns what it connected as. */
async function withJobWorker(env: Record<string, string>, poolName: string, check: (connections: Backend[]) => Promise<void>): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/jobs/worker.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  try {
    const listening = (rows: Backend[]) =>
      rows.some((row) => row.application_name === 'boltwork-jobs' && /LISTEN|pg_listening_channels/.test(row.query)) &&
      rows.some((row) => row.application_name === poolName);
    let rows = await backends();
    for (let waited = 0; !listening(rows) && waited < 60_000 && child.exitCode === null; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rows = await backends();
    }
    expect(listening(rows), `the job worker did not start its listener:\n${output}`).toBe(true);
    await check(rows);
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

const rolesOf = (rows: Backend[], applicationName: string) => [...new Set(rows.filter((row) => row.application_name === applicationName).map((row) => row.usename))];

describe('DATABASE_DIRECT_URL', () => {
  it('unset: the job worker listens, sends and queries on DATABASE_URL', { timeout: 120_000 }, async () => {
    await withJobWorker({}, '', async (rows) => {
      const role = new URL(databaseUrl).username;
      expect(rolesOf(rows, 'boltwork-jobs')).toEqual([role]);
    });
  });

  it('set: pg-boss (its pool and LISTEN) uses it, the queries keep to DATABASE_URL, answers are still evaluated', { timeout: 120_000 }, async () => {
    const projectId = await createTestProject({ judgmentsPerItem: 1, autoApproveAfterSeconds: 0 });
    await createTestItems(projectId, 2);
    const [workerId] = await createTestWorkers(1);
    // The worker's own pool is named in its DATABASE_URL, so its connections stand apart from this test's.
    const pooledUrl = Object.assign(new URL(databaseUrl), { search: '?application_name=boltwork-test-pool' }).toString();
    await withJobWorker({ DATABASE_URL: pooledUrl, DATABASE_DIRECT_URL: directUrl }, 'boltwork-test-pool', async (rows) => {
      expect(rolesOf(rows, 'boltwork-jobs')).toEqual([directRole]);
      // The worker's Prisma pool (the evaluator's batches, payouts, exports) stays on DATABASE_URL, where the pooler is.
      expect(rolesOf(rows, 'boltwork-test-pool')).toEqual([new URL(databaseUrl).username]);

      // An answer stored here is evaluated by the worker's evaluator, which polls through DATABASE_URL.
      const leases = await claimLeases(workerId, projectId, { want: 1 });
      if (leases.kind === 'none') throw new Error(`no task: ${leases.reason}`);
      await advanceTaskLoop(workerId, { assignmentId: leases.current.assignmentId, outcome: { answer: { choice: 'A' } }, aheadId: null });
      let judgment = await db.judgment.findFirstOrThrow({ where: { projectId, workerId } });
      for (let waited = 0; judgment.evaluatedAt === null && waited < 30_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        judgment = await db.judgment.findFirstOrThrow({ where: { projectId, workerId } });
      }
      expect(judgment.evaluatedAt).not.toBeNull();
    });
  });
});
