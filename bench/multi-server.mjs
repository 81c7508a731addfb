// More than one machine (issue 7): two `next start` processes on different ports behind a round-robin balancer,
// plus a separate job worker, all on one PostgreSQL. Runs the worker loop and the payout storm in that layout
// (bench/worker-loop.mjs --servers=2 --job-worker, bench/payout-storm.mjs --servers=2), each on a fresh embedded
// database, and fails unless both report zero violations: no item over-assigned, no duplicate judgment, nothing
// paid twice, every accepted payout paid, the ledger summing to zero. Writes bench/results/multi-server.json
// (with the runs' own files beside it) and prints one line.
//
// --pgbouncer runs the layout twice in this one invocation: straight to PostgreSQL (the anchor), then with every
// process's DATABASE_URL through a PgBouncer in transaction mode and pg-boss's own connections (its pool, its
// LISTEN) and the quality evaluator's LISTEN on DATABASE_DIRECT_URL (docs/scaling.md), and reports the throughput through it beside the direct one. It first
// probes what works through PgBouncer (bench/lib/pgbouncer-probe.mjs) and records the answers. Debian's
// `pgbouncer` is installed when missing (root, apt-get); without --pgbouncer nothing here needs it.
// --pgbouncer-only skips the direct run. --pgbouncer-pool=N sets default_pool_size (server connections per database
// and user; default 20), --pgbouncer-max-client-conn=N max_client_conn (default 1000).
//
//   node --conditions=react-server --import tsx bench/multi-server.mjs [workers=200] [seconds=20] [judgments=1000] [concurrency=100]
//        [--pgbouncer | --pgbouncer-only] [--pgbouncer-pool=20] [--pgbouncer-max-client-conn=1000]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { probePgBouncer } from './lib/pgbouncer-probe.mjs';
import { ensurePgBouncer } from './lib/pgbouncer.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const [workers = '200', seconds = '20', judgments = '1000', concurrency = '100'] = args.filter((arg) => !arg.startsWith('--'));
const PGBOUNCER_ONLY = args.includes('--pgbouncer-only');
const PGBOUNCER = PGBOUNCER_ONLY || args.includes('--pgbouncer');
const POOL_SIZE = Number(flag('pgbouncer-pool', 20));
const MAX_CLIENT_CONN = Number(flag('pgbouncer-max-client-conn', 1000));
const SERVERS = 2;
const results = 'bench/results';
// Bounded in time: each bench has its own watchdog; this one covers the probe and anything between the runs.
const watchdog = setTimeout(() => {
  console.error('multi-server: over its time budget, stopping');
  process.exit(2);
}, 3_600_000);
watchdog.unref();

function run(script, scriptArgs, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script, ...scriptArgs], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      last = (last + chunk.toString()).split('\n').filter(Boolean).at(-1) ?? last;
    });
    child.on('exit', (code) => resolve({ code, summary: last }));
  });
}

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);

/** One run of the layout: the worker loop, then the payout storm, each on its own fresh database. */
async function runLayout({ through, anchors }) {
  const prefix = through ? `${results}/multi-server-pgbouncer` : `${results}/multi-server`;
  const files = { loop: `${prefix}-worker-loop.json`, storm: `${prefix}-payout-storm.json`, loopPool: `${prefix}-worker-loop-pool.json`, stormPool: `${prefix}-payout-storm-pool.json` };
  for (const file of Object.values(files)) fs.rmSync(file, { force: true });
  const env = (report) => (through ? { BENCH_PGBOUNCER: `default_pool_size=${POOL_SIZE},max_client_conn=${MAX_CLIENT_CONN}`, BENCH_PGBOUNCER_REPORT: report } : { BENCH_PGBOUNCER: '0' });
  const loop = await run('bench/worker-loop.mjs', [workers, seconds, `--servers=${SERVERS}`, '--job-worker', '--fast', ...(anchors ? [] : ['--no-anchors']), `--out=${files.loop}`], env(files.loopPool));
  const storm = await run('bench/payout-storm.mjs', [judgments, concurrency, `--servers=${SERVERS}`, `--out=${files.storm}`], env(files.stormPool));
  const loopResult = read(files.loop);
  const stormResult = read(files.storm);
  const http = loopResult?.product?.http;
  const workerLoop = http && {
    virtualWorkers: loopResult.setup.virtualWorkers,
    seconds: loopResult.setup.seconds,
    cyclesPerSecond: http.cyclesPerSecond,
    cycle: http.cycle,
    // worker-loop.mjs samples the first app server only: with 2 behind the balancer, a tap costs about twice `server`.
    cpuMsPerCycle: http.cpuMsPerCycle,
    appCpuMsPerTapEstimate: http.cpuMsPerCycle?.server ? Math.round(http.cpuMsPerCycle.server * SERVERS * 100) / 100 : null,
    requestsPerServer: loopResult.servers?.requestsPerServer,
    evaluation: loopResult.evaluation,
    violations: loopResult.violations,
    errors: http.errors,
    plainSqlCyclesPerSecond: loopResult.plainSql?.cyclesPerSecond ?? null,
    loadAverageAtEnd: loopResult.machine?.loadAverageAtEnd,
    exitCode: loop.code,
  };
  const payoutStorm = stormResult && {
    judgments: stormResult.judgments,
    concurrency: stormResult.concurrency,
    accepted: stormResult.accepted,
    paid: stormResult.paid,
    refusedReasons: stormResult.refusedReasons,
    approvalToPaidMs: stormResult.approvalToPaidMs,
    payoutsPerSecond: stormResult.payoutsPerSecond,
    plainSqlPayoutsPerSecond: stormResult.plainSql?.payoutsPerSecond ?? null,
    doublePayments: stormResult.doublePayments,
    ledgerSum: stormResult.ledgerSum,
    violations: stormResult.violations,
    requestsPerServer: stormResult.http?.requestsPerServer,
    exitCode: storm.code,
  };
  const ok =
    loop.code === 0 && storm.code === 0 && loopResult?.violations === 0 && stormResult?.doublePayments === 0 && stormResult?.ledgerSum === '0' && stormResult?.paid === stormResult?.accepted;
  const pool = through ? { workerLoop: read(files.loopPool), payoutStorm: read(files.stormPool) } : null;
  for (const file of [files.loopPool, files.stormPool]) fs.rmSync(file, { force: true });
  return { workerLoop, payoutStorm, pool, ok };
}

/** What PgBouncer saw during one run, per tap where it can be said. */
function describePool(report, cycles) {
  if (!report) return null;
  const totals = report.stats.reduce((sum, row) => ({ transactions: sum.transactions + row.transactions, queries: sum.queries + row.queries, waitMs: sum.waitMs + row.waitMsTotal }), { transactions: 0, queries: 0, waitMs: 0 });
  return {
    peakServerConnections: report.peaks.serverConnections,
    peakActiveServerConnections: report.peaks.activeServerConnections,
    peakClientConnections: report.peaks.clientConnections,
    peakWaitingClients: report.peaks.waitingClients,
    maxClientWaitMs: report.peaks.maxWaitMs,
    transactions: totals.transactions,
    queries: totals.queries,
    clientWaitMsTotal: totals.waitMs,
    pgbouncerCpuMs: report.cpuMs,
    pgbouncerCpuUsPerTransaction: totals.transactions ? Math.round((report.cpuMs * 1000) / totals.transactions) : null,
    ...(cycles ? { note: 'the totals include the run\'s warm-up and each phone\'s first page (start + prefetch), not only the measured taps' } : {}),
    byDatabase: report.stats,
  };
}

let compatibility = null;
if (PGBOUNCER) {
  ensurePgBouncer(console.error);
  compatibility = await probePgBouncer();
}
const loadAverageAtStart = os.loadavg().map((n) => Math.round(n * 100) / 100);
const direct = PGBOUNCER_ONLY ? null : await runLayout({ through: false, anchors: true });
const pooled = PGBOUNCER ? await runLayout({ through: true, anchors: PGBOUNCER_ONLY }) : null;

const ratio = (a, b) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);
const settings = pooled?.pool?.workerLoop?.settings ?? pooled?.pool?.payoutStorm?.settings ?? null;
const summary = {
  measuredAt: new Date().toISOString(),
  command: `node --conditions=react-server --import tsx bench/multi-server.mjs ${args.join(' ')}`.trim(),
  machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100) },
  layout: `${SERVERS} x next start behind a round-robin balancer (BOLTWORK_TRUSTED_PROXY_HOPS=1) + 1 job worker process, one embedded PostgreSQL (fsync off for the worker loop)`,
  workerLoop: direct?.workerLoop ?? null,
  payoutStorm: direct?.payoutStorm ?? null,
  pgbouncer: pooled && {
    layout: 'the same, with DATABASE_URL of every process through one PgBouncer; pg-boss\'s own connections (pool, LISTEN) and the quality evaluator\'s LISTEN on DATABASE_DIRECT_URL, straight to PostgreSQL',
    settings,
    workerLoop: pooled.workerLoop,
    payoutStorm: pooled.payoutStorm,
    poolDuringWorkerLoop: describePool(pooled.pool.workerLoop, pooled.workerLoop?.cyclesPerSecond),
    poolDuringPayoutStorm: describePool(pooled.pool.payoutStorm, null),
    ratioToDirect: direct && {
      workerLoop: ratio(pooled.workerLoop?.cyclesPerSecond, direct.workerLoop?.cyclesPerSecond),
      payoutStorm: ratio(pooled.payoutStorm?.payoutsPerSecond, direct.payoutStorm?.payoutsPerSecond),
      // Plain SQL never goes through PgBouncer: how much the machine itself moved between the two runs.
      plainSqlBesideWorkerLoop: ratio(pooled.workerLoop?.plainSqlCyclesPerSecond, direct.workerLoop?.plainSqlCyclesPerSecond),
      plainSqlBesidePayoutStorm: ratio(pooled.payoutStorm?.plainSqlPayoutsPerSecond, direct.payoutStorm?.plainSqlPayoutsPerSecond),
    },
    ok: pooled.ok,
  },
  pgbouncerCompatibility: compatibility,
};
const ok = (direct?.ok ?? true) && (pooled?.ok ?? true);
summary.ok = ok;
fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(`${results}/multi-server.json`, `${JSON.stringify(summary, null, 2)}\n`);

const line = (name, side) =>
  `${name}: worker loop ${side?.workerLoop?.cyclesPerSecond ?? '?'} cycles/s, violations ${side?.workerLoop?.violations ?? '?'}; ` +
  `payout storm ${side?.payoutStorm?.paid ?? '?'}/${side?.payoutStorm?.accepted ?? '?'} paid, ${side?.payoutStorm?.payoutsPerSecond ?? '?'} payouts/s, double payments ${side?.payoutStorm?.doublePayments ?? '?'}, ledger sum ${side?.payoutStorm?.ledgerSum ?? '?'}`;
const parts = [];
if (direct) parts.push(line('direct', direct));
if (pooled) {
  const pool = summary.pgbouncer.poolDuringWorkerLoop;
  parts.push(
    `${line(`through PgBouncer ${settings?.version ?? ''} (pool_mode=${settings?.pool_mode}, default_pool_size=${settings?.default_pool_size}, max_client_conn=${settings?.max_client_conn}; peak ${pool?.peakServerConnections ?? '?'} server connections for ${pool?.peakClientConnections ?? '?'} clients)`, pooled)}` +
      (summary.pgbouncer.ratioToDirect
        ? `; ratio to direct ${summary.pgbouncer.ratioToDirect.workerLoop} (loop; plain SQL beside it ${summary.pgbouncer.ratioToDirect.plainSqlBesideWorkerLoop}), ${summary.pgbouncer.ratioToDirect.payoutStorm} (storm; plain SQL ${summary.pgbouncer.ratioToDirect.plainSqlBesidePayoutStorm})`
        : ''),
  );
}
console.log(`multi-server (${SERVERS} x next start + job worker): ${parts.join(' | ')} -> ${ok ? 'OK' : 'FAILED'}`);
if (!ok) process.exitCode = 1;
