// Payout storm (issue 7, benchmark 2; issue 14): N approvals (default 1,000), each followed by a worker's
// LNURL-withdraw, at concurrency C (default 100), on the `sim` Lightning backend, against a fresh embedded PostgreSQL.
//   lane (one phone + one admin click each):  approveJudgment -> createWithdrawLink -> wallet simulator over real
//     HTTP: GET /api/lnurl/withdraw, makes an invoice on its own simulated node, GET .../callback?k1=&pr=
//   app: the LNURL route handlers served on 127.0.0.1 by node:http (bench/lib/payout-storm-server.mjs) in a process of
//     their own, as on an app server; the callback pays right after its answer is written, as Next's after() runs it
//   jobs: the real job worker process (lib/jobs/worker.ts): the fallback payout.send jobs (due 10 s later) and the
//     reconciler, which must find nothing to do
// Reports approval (commit) -> paid and callback -> paid p50/p99/max, where one payout's time goes (claim, send
// lease, paid), the CPU per payout of each process, payouts/s, double payments and the ledger sum (both must be 0),
// beside the same database writes as plain SQL at the same concurrency (the machine's limit, measured in the same run).
// Writes bench/results/payout-storm.json and prints one line.
//   node --conditions=react-server --import tsx bench/payout-storm.mjs [judgments=1000] [concurrency=100] [--servers=N]
//        [--lnurl-in-process] [--sql-stats] [--out=FILE]
// --servers=N serves the LNURL endpoints from N `next start` processes behind a round-robin balancer instead
// (bench/lib/app-servers.mjs), with the job worker as its own process beside them: the production layout.
// --sql-stats adds statements per payout (pg_stat_statements) and pg_stat_activity samples (lock waits) to the JSON.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { checkPayments, measureLatencies, measurePayoutPhases, percentile } from './lib/payout-storm-checks.mjs';
import { fundProject, seedPayoutStorm } from './lib/payout-storm-seed.mjs';
import { startLnurlServer, startLnurlServerProcess } from './lib/payout-storm-server.mjs';
import { runPlainSqlPayouts } from './lib/payout-storm-sql.mjs';
import { startCpuWatch } from './lib/payout-storm-cpu.mjs';
import { startActivitySampler, startPayoutSqlStats } from './lib/payout-storm-sql-stats.mjs';
import { startJobWorker } from './lib/payout-storm-worker.mjs';
import { startAppServers } from './lib/app-servers.mjs';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const count = Number(positional[0] ?? 1000);
const concurrency = Number(positional[1] ?? 100);
const SERVERS = option('servers') ? Number(option('servers')) : 0;
// Approvals come from a few admins at a time (the review queue, bulk approval and auto-approval each approve one
// after another): at most APPROVERS at once. Every approval of the project queues on its escrow row, so 100 at once
// would hold every pooled connection of this process while they wait, and starve the phones' link creation.
// --approvers=100 puts every lane's approval in flight at once, as the storm did before.
const APPROVERS = Number(option('approvers') ?? 4);
const OUT = option('out') ?? 'bench/results/payout-storm.json';
// --sql-stats loads pg_stat_statements and reports the statements per payout during the storm (job queue included).
const SQL_STATS = process.argv.includes('--sql-stats');
// --lnurl-in-process serves the LNURL endpoints from this process, beside the lanes, instead of a process of their own.
const LNURL_IN_PROCESS = process.argv.includes('--lnurl-in-process');
// Bounded: after the last callback, wait at most this long for every payout (BENCH_PAID_WAIT_SECONDS, default 600).
const PAID_WAIT_MS = Number(process.env.BENCH_PAID_WAIT_SECONDS ?? 600) * 1000;
const REWARD_MSATS = 21_000n;
// Before the storm a few lanes run the whole path once (not measured): the LNURL server process loads its modules and
// compiles its hot code, as a server that has been up a while has.
const WARMUP_LANES = 20;
const FEE_BPS = 500;
const dataDir = path.resolve(`.data/bench-payout-storm-${process.pid}`);
const countBy = (values) => Object.entries(values.reduce((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {})).map(([reason, n]) => ({ reason, count: n }));
const round = (value, digits = 1) => (value === null ? null : +value.toFixed(digits));

// Same settings as the test cluster (fsync off), as the other benches: this measures the payout path, not the disk.
const postgres = await startEmbeddedPostgres({ dataDir, fast: true, extraFlags: SQL_STATS ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : [] });
let server;
let worker;
let client;
let shutdownApp = async () => {};
try {
  await ensureDatabase(postgres.url(), 'bench');
  await applyMigrations({ url: postgres.url('bench'), migrationsDir: path.resolve('prisma/migrations') });
  const url = postgres.url('bench');
  process.env.DATABASE_URL = url;
  process.env.LIGHTNING_BACKEND = 'sim';
  let app = null;
  if (SERVERS > 0) {
    // Outside demo mode the simulated node needs its own key, shared by every process (its state is in PostgreSQL).
    process.env.BOLTWORK_SIM_NODE_SEED ??= randomBytes(32).toString('hex');
    app = await startAppServers({ databaseUrl: url, servers: SERVERS, jobWorker: true, env: { LIGHTNING_BACKEND: 'sim', BOLTWORK_SIM_NODE_SEED: process.env.BOLTWORK_SIM_NODE_SEED } });
    server = { origin: app.url, counts: { requestsPerServer: app.requestsPerServer }, close: () => app.stop() };
  } else {
    server = LNURL_IN_PROCESS ? await startLnurlServer() : await startLnurlServerProcess({ DATABASE_URL: url, LIGHTNING_BACKEND: 'sim' });
  }
  process.env.BOLTWORK_PUBLIC_URL = server.origin; // before anything reads the env: links and callbacks point here

  const { db, disconnectDb } = await import('../lib/db.ts');
  const { getBoss, stopBoss } = await import('../lib/jobs/boss.ts');
  shutdownApp = async () => {
    await stopBoss();
    await disconnectDb();
  };
  const { getLedgerSum, getOrCreateAccount } = await import('../lib/ledger/accounts.ts');
  const { postTransfer } = await import('../lib/ledger/transfer.ts');
  const { feeMsats } = await import('../lib/ledger/money.ts');
  const { approveJudgment } = await import('../lib/judgments/review.ts');
  const { createWithdrawLink } = await import('../lib/payouts/links.ts');
  const { reconcilePayouts } = await import('../lib/payouts/send.ts');
  const { reserveFor, maxWithdrawable } = await import('../lib/payouts/policy.ts');
  const { getLightningBackend } = await import('../lib/lightning/index.ts');
  const { withdrawWithLnurl } = await import('../lib/wallet-sim/lnurl-withdraw.ts');
  const { createWalletNode } = await import('../lib/wallet-sim/sim-wallet.ts');
  await getBoss(); // installs pg-boss's schema and queues before the worker process starts

  // --- set-up (not measured): workers with one pending judgment each, a project escrow that covers them all
  const seeded = await seedPayoutStorm(db, { count: WARMUP_LANES + count, rewardMsats: REWARD_MSATS, feeBps: FEE_BPS });
  const fee = feeMsats(REWARD_MSATS, FEE_BPS);
  await fundProject(db, { teamId: seeded.teamId, projectId: seeded.projectId, amountMsats: BigInt(WARMUP_LANES + count) * (REWARD_MSATS + fee) }, { getOrCreateAccount, postTransfer });
  // With --servers the job worker already runs beside the app servers.
  worker = app ? { stop: async () => {}, output: () => app.output() } : await startJobWorker({ DATABASE_URL: url, BOLTWORK_PUBLIC_URL: server.origin, LIGHTNING_BACKEND: 'sim' });
  client = new pg.Client({ connectionString: url });
  await client.connect();
  // Each phone's wallet exists before its worker withdraws (deriving a node key is set-up, not payout work).
  const phoneWallets = Array.from({ length: WARMUP_LANES + count }, () => createWalletNode(randomBytes(32).toString('hex')));

  // --- the storm
  const lanes = [];
  const phases = { waitForApproverMs: [], approveMs: [], linkMs: [], walletMs: [], withdrawRequestMs: [], callbackMs: [] };
  let next = 0;
  let approving = 0;
  const waitingToApprove = [];
  const approve = async (judgmentId) => {
    if (approving < APPROVERS) approving += 1;
    else await new Promise((resolve) => waitingToApprove.push(resolve)); // a finishing approval hands its slot over
    const started = performance.now();
    try {
      await approveJudgment({ kind: 'ADMIN', userId: seeded.adminId }, judgmentId);
      return started;
    } finally {
      const next = waitingToApprove.shift();
      if (next) next();
      else approving -= 1;
    }
  };
  const runLanes = (from, to, { measured }) => async () => {
    for (let index = from + next++; index < to; index = from + next++) {
      const { id, workerId } = seeded.judgments[index];
      const record = { judgmentId: id, workerId, ok: false };
      if (measured) lanes.push(record);
      try {
        const t0 = performance.now();
        const approvalStarted = await approve(id);
        record.approvedAtMs = Date.now(); // committed: approval -> paid counts from here
        const t1 = performance.now();
        const link = await createWithdrawLink(workerId);
        const t2 = performance.now();
        // Each phone has its own address, as behind a proxy in production (the LNURL endpoints rate-limit per IP).
        const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
        const fetchImpl = async (target, init) => {
          const started = performance.now();
          const response = await fetch(target, { ...init, headers: { ...init.headers, [app ? 'x-simulated-client-ip' : 'x-forwarded-for']: ip } });
          const body = await response.text();
          if (measured) (String(target).includes('/callback') ? phases.callbackMs : phases.withdrawRequestMs).push(performance.now() - started);
          return new Response(body, { status: response.status, headers: response.headers });
        };
        record.wallet = phoneWallets[index];
        const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet: record.wallet, fetchImpl, allowedOrigins: [server.origin] });
        const t3 = performance.now();
        if (!measured) {
          if (!result.ok) throw new Error(`warm-up lane refused: ${result.reason}`);
          continue;
        }
        phases.waitForApproverMs.push(approvalStarted - t0);
        phases.approveMs.push(t1 - approvalStarted);
        phases.linkMs.push(t2 - t1);
        phases.walletMs.push(t3 - t2);
        if (result.ok) Object.assign(record, { ok: true, paymentHash: result.paymentHash, amountMsats: result.amountMsats });
        else record.reason = result.reason;
      } catch (error) {
        if (!measured) throw error;
        record.reason = String(error?.message ?? error).slice(0, 300);
      }
    }
  };
  const paidCount = async () => Number((await client.query(`SELECT count(*) AS n FROM "Withdrawal" WHERE status = 'PAID'`)).rows[0].n);
  await Promise.all(Array.from({ length: 5 }, runLanes(0, WARMUP_LANES, { measured: false })));
  while ((await paidCount()) < WARMUP_LANES) await new Promise((resolve) => setTimeout(resolve, 50));
  next = 0;
  const paidBefore = await paidCount();

  const readSqlStats = SQL_STATS ? await startPayoutSqlStats(url) : null;
  const stopActivitySampler = SQL_STATS ? await startActivitySampler(url) : null;
  const stopCpuWatch = await startCpuWatch({ dataDir, workerPid: worker.pid, appPid: server.pid });
  const stormStart = Date.now();
  await Promise.all(Array.from({ length: concurrency }, runLanes(WARMUP_LANES, WARMUP_LANES + count, { measured: true })));
  const callbacksDone = Date.now();
  const accepted = lanes.filter((record) => record.ok);
  let paidNow = (await paidCount()) - paidBefore;
  const paidTimeline = [[round((callbacksDone - stormStart) / 1000), paidNow]]; // [seconds since start, paid], every 5 s
  while (paidNow < accepted.length && Date.now() - callbacksDone < PAID_WAIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    paidNow = (await paidCount()) - paidBefore;
    const at = round((Date.now() - stormStart) / 1000);
    if (at - paidTimeline.at(-1)[0] >= 5) paidTimeline.push([at, paidNow]);
  }
  const allPaidAt = Date.now();
  const cpu = await stopCpuWatch(count);
  const sqlStats = readSqlStats ? { ...(await readSqlStats(count)), activity: await stopActivitySampler() } : undefined;

  // --- checks: the phones' own nodes, the rows, the ledger; then one reconciler pass, which must find nothing
  const walletPaidHashes = new Set();
  for (const record of accepted) if ((await record.wallet.getInvoice(record.paymentHash)).status === 'PAID') walletPaidHashes.add(record.paymentHash);
  const latencies = await measureLatencies(client, new Map(lanes.filter((record) => record.approvedAtMs).map((record) => [record.judgmentId, record.approvedAtMs])));
  const payoutPhases = await measurePayoutPhases(client, stormStart);
  const { violations, sums, withdrawals } = await checkPayments(client, {
    workerIds: seeded.judgments.map((judgment) => judgment.workerId),
    acceptedHashes: accepted.map((record) => record.paymentHash),
    walletPaidHashes,
  });
  const ledgerSum = await getLedgerSum(db);
  await worker.stop();
  if (server.pid) await server.close(); // its request counts arrive as it stops
  const reconcileAfter = await reconcilePayouts(getLightningBackend(), 0);

  // --- the limit: the same writes as plain SQL, same concurrency, a pool as large as the app's two (10 + 10)
  const amountMsats = maxWithdrawable(REWARD_MSATS);
  const routingFeeMsats = 1n + (amountMsats * 1000n) / 1_000_000n; // the sim node's fee: 1 msat + 0.1 %
  const plainSql = await runPlainSqlPayouts(url, {
    count, concurrency, poolSize: 20, rewardMsats: REWARD_MSATS, feeMsats: fee, amountMsats, reserveMsats: reserveFor(amountMsats), routingFeeMsats,
  });

  const sorted = (values) => values.slice().sort((a, b) => a - b);
  const phase = (values) => ({ p50: round(percentile(sorted(values), 50)), p99: round(percentile(sorted(values), 99)) });
  const payoutSeconds = latencies.lastSettledAtMs ? (latencies.lastSettledAtMs - stormStart) / 1000 : null;
  const payoutsPerSecond = payoutSeconds ? latencies.paid / payoutSeconds : 0;
  const doublePayments = violations.linksPaidTwice + violations.workersPaidTwice + violations.invoicesPaidTwice + violations.withdrawalsSettledTwice + violations.nodePaymentsTwice;
  const failures = lanes.filter((record) => !record.ok);
  const problems = Object.entries(violations).filter(([, n]) => n !== 0);
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    judgments: count,
    concurrency,
    approvers: APPROVERS,
    rewardMsats: String(REWARD_MSATS),
    withdrawalMsats: String(amountMsats),
    setup: app
      ? `embedded PostgreSQL (fsync off), LIGHTNING_BACKEND=sim; LNURL endpoints on ${SERVERS} x next start behind a round-robin balancer; real job worker process (lib/jobs/worker.ts); approvals from this process`
      : `embedded PostgreSQL (fsync off), LIGHTNING_BACKEND=sim; LNURL route handlers on node:http 127.0.0.1 ${LNURL_IN_PROCESS ? 'in this process' : 'in a process of their own'} (the callback pays after its answer, as Next's after() does); real job worker process (lib/jobs/worker.ts); approvals, links and wallets from this process`,
    accepted: accepted.length,
    refused: failures.length,
    refusedReasons: countBy(failures.map((record) => record.reason ?? 'unknown')),
    paid: latencies.paid,
    withdrawals,
    approvalToPaidMs: latencies.approvalToPaidMs,
    reviewStartToPaidMs: latencies.reviewStartToPaidMs,
    callbackToPaidMs: latencies.callbackToPaidMs,
    jobSendToPaidMs: latencies.sendToPaidMs,
    lanePhasesMs: {
      waitForApprover: phase(phases.waitForApproverMs),
      approve: phase(phases.approveMs),
      createLink: phase(phases.linkMs),
      walletLnurl: phase(phases.walletMs),
      withdrawRequestHttp: phase(phases.withdrawRequestMs),
      callbackHttp: phase(phases.callbackMs),
    },
    payoutPhases,
    seconds: { callbacks: round((callbacksDone - stormStart) / 1000, 2), untilAllPaid: round((allPaidAt - stormStart) / 1000, 2), untilLastSettled: round(payoutSeconds, 2) },
    payoutsPerSecond: round(payoutsPerSecond),
    cpu,
    sqlStats,
    paidTimeline,
    doublePayments,
    violations,
    ledgerSum: String(ledgerSum),
    sums,
    reconcileAfter,
    http: server.counts,
    plainSql,
    ...(problems.length || latencies.paid !== count ? { jobWorkerLogTail: worker.output().slice(-4000) } : {}),
    payoutsPerSecondToPlainSql: round(payoutsPerSecond / plainSql.payoutsPerSecond, 3),
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `payout-storm: ${count} approvals -> LNURL-withdraw at concurrency ${concurrency}: ${latencies.paid}/${accepted.length} paid (${failures.length} refused), ` +
      `approval->paid p50 ${latencies.approvalToPaidMs.p50} ms p99 ${latencies.approvalToPaidMs.p99} ms, ` +
      `callback->paid p50 ${latencies.callbackToPaidMs.p50} ms p99 ${latencies.callbackToPaidMs.p99} ms max ${latencies.callbackToPaidMs.max} ms, ${result.payoutsPerSecond} payouts/s ` +
      `(plain SQL ${plainSql.payoutsPerSecond}/s, ratio ${result.payoutsPerSecondToPlainSql}); double payments ${doublePayments}, ledger sum ${ledgerSum}` +
      (problems.length ? `; VIOLATIONS ${JSON.stringify(Object.fromEntries(problems))}` : ''),
  );
  if (doublePayments !== 0 || ledgerSum !== 0n || problems.length || latencies.paid !== count) process.exitCode = 1;
} finally {
  await worker?.stop().catch(() => {});
  await client?.end().catch(() => {});
  await shutdownApp().catch(() => {});
  await server?.close().catch(() => {});
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
