// Agents buying over L402 (issue 8): N agents (default 200), C at a time (default 20), each with the typed client
// (lib/agent-client) against `next start`: a free quote, POST /jobs -> 402, pay the invoice from its own simulated
// node, POST again with the token -> 201 (project + 10 items + escrow funded), then GET the job. Each agent stands
// for its own client address (per-address limits apply as in production). Beside it, the same database writes as
// plain SQL (deposit paid + project + items + two ledger transfers + job row, one transaction) at the same
// concurrency: the machine's ceiling. Checks: one job per paid deposit, escrow = payment to the msat, ledger sum 0.
// Writes bench/results/agent-jobs.json and prints one line.
//   node --conditions=react-server --import tsx bench/agent-jobs.mjs [agents=200] [concurrency=20]
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { startAppServers } from './lib/app-servers.mjs';

const agents = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 20);
const ITEMS = 10;
const dataDir = path.resolve(`.data/bench-agent-jobs-${process.pid}`);
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) : null;
};
const stats = (values) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });

async function inLanes(total, lanes, run) {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < total) await run(next++);
  }));
}

const jobRequest = (agent) => ({
  title: `Bench agent ${agent}`,
  taskType: 'CLASSIFICATION',
  instructions: 'Cat or dog?',
  typeConfig: { labels: ['cat', 'dog'] },
  items: Array.from({ length: ITEMS }, (_, i) => ({ id: `a${agent}-${i}`, text: `Photo ${i} of agent ${agent}` })),
  judgmentsPerItem: 3,
  rewardSats: 5,
  refundTo: { type: 'lightning_address', address: 'refunds@agent.example' },
});

const postgres = await startEmbeddedPostgres({ dataDir, fast: true });
let app;
try {
  await ensureDatabase(postgres.url(), 'bench');
  await applyMigrations({ url: postgres.url('bench'), migrationsDir: path.resolve('prisma/migrations') });
  const url = postgres.url('bench');
  process.env.DATABASE_URL = url;
  process.env.LIGHTNING_BACKEND = 'sim';
  process.env.BOLTWORK_SIM_NODE_SEED ??= randomBytes(32).toString('hex');
  app = await startAppServers({ databaseUrl: url, env: { LIGHTNING_BACKEND: 'sim', BOLTWORK_SIM_NODE_SEED: process.env.BOLTWORK_SIM_NODE_SEED } });

  const { createAgentClient } = await import('../lib/agent-client/index.ts');
  const { createWalletNode } = await import('../lib/wallet-sim/sim-wallet.ts');
  const { db, disconnectDb } = await import('../lib/db.ts');
  const { getLedgerSum } = await import('../lib/ledger/accounts.ts');
  const wallet = createWalletNode(randomBytes(32).toString('hex'));

  const timings = { quote: [], challenge: [], pay: [], create: [], read: [], total: [] };
  const failures = [];
  const started = performance.now();
  await inLanes(agents, concurrency, async (agent) => {
    const ip = `10.${(agent >> 16) & 255}.${(agent >> 8) & 255}.${agent & 255}`;
    let phase = 'challenge';
    let mark = performance.now();
    const lap = (name) => {
      const now = performance.now();
      timings[name].push(now - mark);
      mark = now;
    };
    const fetchImpl = async (input, init = {}) => {
      const response = await fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), 'x-simulated-client-ip': ip } });
      if (response.status === 402 && phase === 'challenge') {
        lap('challenge');
        phase = 'pay';
      }
      return response;
    };
    const client = createAgentClient({
      baseUrl: app.url,
      maxPriceMsats: 1_000_000n,
      fetchImpl,
      async payInvoice(bolt11, invoice) {
        const outcome = await wallet.payInvoice({ bolt11, paymentHash: invoice.paymentHash, amountMsats: invoice.amountMsats, feeLimitMsats: 10_000n, timeoutSeconds: 30 });
        if (outcome.status !== 'PAID') throw new Error(`payment ${outcome.status}`);
        lap('pay');
        return outcome.preimage;
      },
    });
    const begin = performance.now();
    try {
      const request = jobRequest(agent);
      const quoteStart = performance.now();
      await client.quote(request);
      timings.quote.push(performance.now() - quoteStart);
      mark = performance.now();
      const created = await client.createJob(request);
      lap('create');
      await client.getJob(created.job.id, created.token);
      lap('read');
      timings.total.push(performance.now() - begin);
    } catch (error) {
      failures.push(String(error.message ?? error).slice(0, 200));
    }
  });
  const seconds = (performance.now() - started) / 1000;

  // Invariants, from the database.
  const [jobs, paidDeposits, escrowMismatches, ledgerSum] = await Promise.all([
    db.agentJob.count(),
    db.deposit.count({ where: { status: 'PAID' } }),
    db.$queryRaw`
      SELECT count(*)::int AS n FROM "AgentJob" j JOIN "LedgerAccount" a ON a.key = 'project:' || j."projectId" || ':escrow'
      WHERE a."balanceMsats" <> j."paidMsats"`,
    getLedgerSum(db),
  ]);
  const violations = {
    failedAgents: failures.length,
    jobsNotEqualPaidDeposits: jobs === paidDeposits ? 0 : Math.abs(jobs - paidDeposits),
    escrowNotEqualPayment: escrowMismatches[0].n,
    ledgerSumMsats: Number(ledgerSum),
  };

  // The ceiling: the same rows written by plain SQL, one transaction per job, same concurrency.
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  const teamId = (await db.team.findFirstOrThrow({ where: { slug: 'l402-agents' } })).id;
  const sqlStart = performance.now();
  await inLanes(agents, concurrency, async (agent) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const depositId = randomUUID();
      const projectId = randomUUID();
      const paymentHash = randomBytes(32).toString('hex');
      await client.query(`INSERT INTO "Deposit" (id, "teamId", "amountMsats", bolt11, "paymentHash", backend, status, "expiresAt", "paidAt") VALUES ($1, $2, 157500, 'lnbcrt1', $3, 'sim', 'PAID', now() + interval '1 hour', now())`, [depositId, teamId, paymentHash]);
      await client.query(`INSERT INTO "Project" (id, "teamId", title, "taskType", "typeConfig", "rewardMsats", "feeBps", "judgmentsPerItem", "maxJudgmentsPerItem", status, "updatedAt") VALUES ($1, $2, 'sql', 'CLASSIFICATION', '{"labels":["cat","dog"]}', 5000, 500, 3, 3, 'ACTIVE', now())`, [projectId, teamId]);
      await client.query(`INSERT INTO "Item" (id, "projectId", "externalId", payload, "judgmentsNeeded", "openSlots") SELECT uuidv7(), $1, 's' || g, jsonb_build_object('text', 'Photo ' || g), 3, 3 FROM generate_series(1, ${ITEMS}) g`, [projectId]);
      await client.query(`INSERT INTO "LedgerAccount" (id, key, kind, "teamId", "projectId", "updatedAt") VALUES ($1, $2, 'PROJECT_ESCROW', $3, $4, now())`, [randomUUID(), `sql:${projectId}`, teamId, projectId]);
      await client.query(`INSERT INTO "AgentJob" (id, "tokenId", "projectId", "depositId", "paidMsats", "refundKind", "refundTarget", "deadlineAt") VALUES ($1, $2, $3, $4, 157500, 'LIGHTNING_ADDRESS', 'a@b.example', now() + interval '3 days')`, [randomUUID(), randomBytes(32).toString('hex'), projectId, depositId]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  });
  const sqlSeconds = (performance.now() - sqlStart) / 1000;
  await pool.end();
  await disconnectDb();

  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    agents,
    concurrency,
    itemsPerJob: ITEMS,
    seconds: +seconds.toFixed(2),
    jobsPerSecond: +(agents / seconds).toFixed(1),
    latencyMs: Object.fromEntries(Object.entries(timings).map(([name, values]) => [name, stats(values)])),
    plainSql: { seconds: +sqlSeconds.toFixed(2), jobsPerSecond: +(agents / sqlSeconds).toFixed(1) },
    ratio: +((agents / seconds) / (agents / sqlSeconds)).toFixed(3),
    violations,
    failures: failures.slice(0, 5),
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/agent-jobs.json', `${JSON.stringify(result, null, 2)}\n`);
  const ok = Object.values(violations).every((v) => v === 0);
  console.log(
    `agent-jobs: ${agents} agents × ${ITEMS} items at concurrency ${concurrency}: ${result.jobsPerSecond} jobs/s over HTTP ` +
      `(402 p50 ${result.latencyMs.challenge.p50} ms, paid retry -> 201 p50 ${result.latencyMs.create.p50} ms / p99 ${result.latencyMs.create.p99} ms, whole purchase p50 ${result.latencyMs.total.p50} ms) ` +
      `vs plain SQL ${result.plainSql.jobsPerSecond} jobs/s -> ${result.ratio}; ${ok ? 'no violations' : `VIOLATIONS ${JSON.stringify(violations)}`}`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  await app?.stop();
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
