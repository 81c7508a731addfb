// What works through PgBouncer in transaction mode, found by trying it: each probe below runs the way the app does
// (node-postgres and Prisma's pg adapter, transactions, advisory locks, LISTEN/NOTIFY, pg-boss) through a PgBouncer
// of its own with a pool of 2 server connections, so two clients that need one session land on different ones, on a
// fresh embedded PostgreSQL. bench/multi-server.mjs --pgbouncer records the answers beside its run; docs/scaling.md
// quotes them. Each probe answers { works, detail }: `works` means it behaves as it does on a direct connection.
//
//   node --conditions=react-server --import tsx bench/lib/pgbouncer-probe.mjs
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-db.mjs';
import { startPgBouncer } from './pgbouncer.mjs';

const CLIENTS = 8;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const errorsOf = (settled) => settled.filter((s) => s.status === 'rejected').map((s) => s.reason?.message ?? String(s.reason));
const distinct = (messages) => [...new Set(messages.map((m) => m.replace(/"[^"]*"/g, '"…"')))].slice(0, 3);

async function withClients(url, count, work) {
  const clients = Array.from({ length: count }, () => new pg.Client({ connectionString: url }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    return await work(clients);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
}

/** Statements with parameters, as pg sends them by default (extended protocol, unnamed statement), many at once. */
async function probeUnnamed(url) {
  return withClients(url, CLIENTS, async (clients) => {
    let wrong = 0;
    const settled = await Promise.allSettled(
      clients.map(async (c, i) => {
        for (let j = 0; j < 20; j++) if ((await c.query('SELECT $1::int * 1000 + $2::int AS n', [i, j])).rows[0].n !== i * 1000 + j) wrong++;
      }),
    );
    const errors = errorsOf(settled);
    return { works: errors.length === 0 && wrong === 0, detail: `${CLIENTS * 20} parameterized queries from ${CLIENTS} clients: ${errors.length} errors, ${wrong} wrong answers` };
  });
}

/** Protocol-level named prepared statements (pg's `name`): parsed on one server connection, executed on another. */
async function probeNamed(url) {
  return withClients(url, CLIENTS, async (clients) => {
    const settled = [];
    for (let round = 0; round < 5; round++) {
      settled.push(...(await Promise.allSettled(clients.map((c, i) => c.query({ name: 'probe_named', text: 'SELECT $1::int AS n', values: [i] })))));
    }
    const errors = errorsOf(settled);
    return { works: errors.length === 0, detail: `${settled.length} executions of one named statement from ${CLIENTS} clients: ${errors.length} failed${errors.length ? ` (${distinct(errors).join('; ')})` : ''}` };
  });
}

/** Prisma's pg adapter: raw queries with parameters and interactive transactions; then with named statements. */
async function probePrisma(url, { named }) {
  const { PrismaClient } = await import('../../lib/generated/prisma/client.ts');
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  let counter = 0;
  const adapter = new PrismaPg(pool, named ? { statementNameGenerator: (query) => `prisma_${Buffer.from(query.sql).toString('base64url').slice(0, 40)}_${counter++ % 1}` } : {});
  const prisma = new PrismaClient({ adapter });
  try {
    await prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS probe_counter (id int PRIMARY KEY, n int NOT NULL)');
    await prisma.$executeRawUnsafe('INSERT INTO probe_counter VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0');
    const settled = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        prisma.$transaction(async (tx) => {
          const [row] = await tx.$queryRaw`SELECT n FROM probe_counter WHERE id = 1 FOR UPDATE`;
          await tx.$executeRaw`UPDATE probe_counter SET n = ${row.n + 1} WHERE id = 1`;
          return tx.$queryRaw`SELECT ${i}::int AS i`;
        }),
      ),
    );
    const errors = errorsOf(settled);
    const [{ n }] = await pool.query('SELECT n FROM probe_counter WHERE id = 1').then((r) => r.rows);
    const works = errors.length === 0 && n === 40;
    return { works, detail: `40 concurrent interactive transactions (read FOR UPDATE, write, read): ${errors.length} failed${errors.length ? ` (${distinct(errors).join('; ')})` : ''}; counter ${n}/40` };
  } finally {
    await prisma.$disconnect().catch(() => {});
    await pool.end().catch(() => {});
  }
}

/** A session SET: does it stay with the client that set it, and stay away from the others? */
async function probeSessionSet(url) {
  return withClients(url, CLIENTS, async ([setter, ...others]) => {
    await setter.query(`SET statement_timeout = '4321ms'`);
    let leaked = 0;
    let kept = 0;
    for (let round = 0; round < 10; round++) {
      const [mine, ...theirs] = await Promise.all([setter, ...others].map((c) => c.query('SHOW statement_timeout')));
      if (mine.rows[0].statement_timeout === '4321ms') kept++;
      leaked += theirs.filter((r) => r.rows[0].statement_timeout === '4321ms').length;
    }
    return { works: kept === 10 && leaked === 0, detail: `after SET statement_timeout on one client: it saw its value ${kept}/10 times; other clients saw it ${leaked}/${10 * others.length} times` };
  });
}

/** SET LOCAL (set_config(..., true)) inside a transaction: confined to it, as pg-boss uses it. */
async function probeSetLocal(url) {
  return withClients(url, CLIENTS, async ([first, ...others]) => {
    await first.query('BEGIN');
    await first.query(`SELECT set_config('lock_timeout', '5432ms', true)`);
    const inside = (await first.query('SHOW lock_timeout')).rows[0].lock_timeout;
    await first.query('COMMIT');
    const after = await Promise.all([first, ...others].map((c) => c.query('SHOW lock_timeout')));
    const leaked = after.filter((r) => r.rows[0].lock_timeout === '5432ms').length;
    return { works: inside === '5432ms' && leaked === 0, detail: `inside the transaction: ${inside}; after COMMIT seen by ${leaked} of ${after.length} clients` };
  });
}

/** pg_advisory_xact_lock: excludes other transactions until COMMIT, as the slow claim and withdraw links use it. */
async function probeAdvisoryXact(url) {
  return withClients(url, 2, async ([a, b]) => {
    await a.query('BEGIN');
    await a.query('SELECT pg_advisory_xact_lock(4242)');
    await b.query('BEGIN');
    const whileHeld = (await b.query('SELECT pg_try_advisory_xact_lock(4242) AS got')).rows[0].got;
    await b.query('ROLLBACK');
    await a.query('COMMIT');
    await b.query('BEGIN');
    const afterCommit = (await b.query('SELECT pg_try_advisory_xact_lock(4242) AS got')).rows[0].got;
    await b.query('COMMIT');
    return { works: whileHeld === false && afterCommit === true, detail: `another transaction's try-lock while held: ${whileHeld}; after COMMIT: ${afterCommit}` };
  });
}

/** Session advisory locks (pg_advisory_lock outside a transaction): held by a server connection, not by the client. */
async function probeAdvisorySession(url) {
  return withClients(url, 2, async ([a, b]) => {
    await a.query('SELECT pg_advisory_lock(4343)');
    // b's statement goes to whichever server connection is free; a's lock stays on the one a used.
    const others = [];
    for (let i = 0; i < 6; i++) others.push((await b.query('SELECT pg_try_advisory_lock(4343) AS got')).rows[0].got);
    const unlocked = (await a.query('SELECT pg_advisory_unlock(4343) AS ok')).rows[0].ok;
    await Promise.all([a, b].map((c) => c.query('SELECT pg_advisory_unlock_all()')));
    const wronglyGranted = others.filter(Boolean).length;
    return { works: wronglyGranted === 0 && unlocked === true, detail: `while client A held it, client B got it ${wronglyGranted}/6 times; A's unlock succeeded: ${unlocked}` };
  });
}

/** LISTEN through PgBouncer: does the listener get NOTIFYs sent later? */
async function probeListen(url, directUrl) {
  return withClients(url, CLIENTS, async ([listener, ...busy]) => {
    const received = [];
    let strays = 0;
    listener.on('notification', (n) => received.push(n.payload));
    for (const c of busy) c.on('notification', () => strays++);
    await listener.query('LISTEN probe_channel');
    const notifier = new pg.Client({ connectionString: directUrl });
    await notifier.connect();
    try {
      for (let i = 0; i < 10; i++) {
        await notifier.query(`SELECT pg_notify('probe_channel', $1)`, [String(i)]);
        await Promise.all(busy.map((c) => c.query('SELECT 1'))); // other clients use the server connections meanwhile
        await listener.query('SELECT 1');
      }
      await sleep(500);
      return { works: received.length === 10 && strays === 0, detail: `LISTEN through PgBouncer, then 10 NOTIFYs: the listener received ${received.length}, clients that never listened received ${strays}` };
    } finally {
      await notifier.end();
    }
  });
}

/** NOTIFY sent through PgBouncer in a transaction (the submit statement, pg-boss send): reaches a direct listener at COMMIT. */
async function probeNotify(url, directUrl) {
  const listener = new pg.Client({ connectionString: directUrl });
  await listener.connect();
  const received = [];
  listener.on('notification', (n) => received.push(n.payload));
  await listener.query('LISTEN probe_notify');
  try {
    await withClients(url, CLIENTS, (clients) =>
      Promise.all(clients.map(async (c, i) => {
        await c.query('BEGIN');
        await c.query(`SELECT pg_notify('probe_notify', $1)`, [String(i)]);
        await c.query('COMMIT');
      })),
    );
    await sleep(300);
    return { works: received.length === CLIENTS, detail: `${CLIENTS} transactions through PgBouncer each NOTIFY at COMMIT: a direct listener received ${received.length}` };
  } finally {
    await listener.end();
  }
}

/** pg-boss: start (its schema), create a queue, send and fetch, all through PgBouncer; then LISTEN through it. */
async function probePgBoss(url) {
  const events = [];
  const boss = new PgBoss({ connectionString: url, max: 4, useListenNotify: false, supervise: false, schedule: false });
  boss.on('error', (error) => events.push(`error: ${error.message}`));
  try {
    await boss.start();
    await boss.createQueue('probe');
    const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => boss.send('probe', { i })));
    const fetched = await boss.fetch('probe', { batchSize: 50 });
    await boss.complete('probe', fetched.map((job) => job.id));
    const works = sent.every(Boolean) && fetched.length === 20 && events.length === 0;
    return { works, detail: `start + createQueue + 20 sends + fetch + complete through PgBouncer: ${fetched.length}/20 fetched, ${events.length} errors` };
  } finally {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
  }
}

async function probePgBossListen(url) {
  const events = [];
  const boss = new PgBoss({ connectionString: url, max: 4, useListenNotify: true, notifyHeartbeatIntervalMs: 300, supervise: false, schedule: false });
  boss.on('error', (error) => events.push(`error: ${error.message}`));
  boss.on('warning', (warning) => events.push(`warning: ${warning.message}`));
  try {
    await boss.start();
    await boss.createQueue('probe_listen');
    const started = Date.now();
    let done = null;
    await boss.work('probe_listen', { pollingIntervalSeconds: 30 }, async ([job]) => {
      done ??= Date.now() - started;
      return job.id;
    });
    await sleep(1_500); // a few heartbeats: each asks the listening connection whether it still listens
    await boss.send('probe_listen', {});
    const deadline = Date.now() + 5_000;
    while (done === null && Date.now() < deadline) await sleep(50);
    const works = done !== null && events.length === 0;
    return { works, detail: `a worker polling every 30 s, woken by NOTIFY: job taken ${done === null ? 'not within 5 s' : `after ${done} ms`}; ${events.length} events${events.length ? ` (${distinct(events).join('; ')})` : ''}` };
  } finally {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
  }
}

/**
 * Migrations (Prisma's schema engine, scripts/lib/schema-engine.mjs) take a session advisory lock and leave it to
 * the disconnect to release. Through PgBouncer the server connection outlives the client, and so does the lock.
 */
async function probeMigrations(url, directUrl) {
  const { applyMigrations } = await import('../../scripts/lib/schema-engine.mjs');
  const { ensureDatabase } = await import('../../scripts/lib/database.mjs');
  await ensureDatabase(directUrl, 'probe_migrations');
  const onDatabase = (base) => Object.assign(new URL(base), { pathname: '/probe_migrations' }).toString();
  const applied = await applyMigrations({ url: onDatabase(url), migrationsDir: path.resolve('prisma/migrations') });
  await sleep(200);
  const direct = new pg.Client({ connectionString: directUrl });
  await direct.connect();
  try {
    const { rows } = await direct.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`);
    return { works: rows[0].n === 0, detail: `applied ${applied.length} migrations through PgBouncer; advisory locks still held after the migrator disconnected: ${rows[0].n}` };
  } finally {
    await direct.end();
  }
}

/**
 * The app's own hazard: an app server's first enqueueJob calls start pg-boss inside the caller's transaction. Ten such
 * transactions at once (a new app server's first withdraw callbacks), with pg-boss on DATABASE_URL through PgBouncer:
 * they hold the server connections its start() waits for. With DATABASE_DIRECT_URL, pg-boss starts beside them.
 * Runs in a child process (the app reads its configuration once per process).
 */
async function probeEnqueueInTransactions(url, directUrl, { direct }) {
  const env = { ...process.env, BENCH_PROBE_CHILD: 'enqueue', DATABASE_URL: url, BOLTWORK_DB_POOL_SIZE: '10' };
  delete env.DATABASE_DIRECT_URL;
  if (direct) env.DATABASE_DIRECT_URL = directUrl;
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', fileURLToPath(import.meta.url)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  const [code] = await once(child, 'exit');
  const line = output.split('\n').find((text) => text.startsWith('{"enqueue"'));
  if (code !== 0 || !line) return { works: false, detail: `child failed (${code}): ${output.slice(-400)}` };
  const { enqueue } = JSON.parse(line);
  return {
    works: enqueue.failed === 0,
    detail: `10 transactions each enqueueing a job before pg-boss started, pg-boss on ${direct ? 'DATABASE_DIRECT_URL' : 'DATABASE_URL (PgBouncer)'}: ${enqueue.failed} failed, ${enqueue.ms} ms${enqueue.errors.length ? ` (${enqueue.errors.join('; ')})` : ''}`,
  };
}

async function runEnqueueChild() {
  const { db } = await import('../../lib/db.ts');
  const { enqueueJob } = await import('../../lib/jobs/enqueue.ts');
  const started = performance.now();
  const settled = await Promise.allSettled(
    Array.from({ length: 10 }, () =>
      db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        await enqueueJob('payout.reconcile', {}, { tx });
      }),
    ),
  );
  const errors = errorsOf(settled).map((message) => message.replace(/\s+/g, ' ').replace(/^.*?(Transaction API error: [^.]*).*$/, '$1').slice(0, 120));
  console.log(JSON.stringify({ enqueue: { failed: errors.length, ms: Math.round(performance.now() - started), errors: distinct(errors) } }));
  process.exit(0);
}

/** Runs every probe against a fresh PostgreSQL and a PgBouncer (transaction mode, 2 server connections). */
export async function probePgBouncer({ log = console.error } = {}) {
  const dataDir = path.resolve(`.data/bench-pgbouncer-probe-${process.pid}`);
  const postgres = await startEmbeddedPostgres({ dataDir, fast: true });
  let bouncer = null;
  try {
    const directUrl = postgres.url();
    bouncer = await startPgBouncer({ databaseUrl: directUrl, defaultPoolSize: 2, maxClientConn: 100, log });
    const url = bouncer.through(directUrl);
    const probes = {
      parameterizedUnnamedStatements: () => probeUnnamed(url),
      prismaInteractiveTransactions: () => probePrisma(url, { named: false }),
      namedPreparedStatements: () => probeNamed(url),
      prismaWithNamedStatements: () => probePrisma(url, { named: true }),
      sessionSet: () => probeSessionSet(url),
      setLocalInTransaction: () => probeSetLocal(url),
      advisoryXactLock: () => probeAdvisoryXact(url),
      advisorySessionLock: () => probeAdvisorySession(url),
      listen: () => probeListen(url, directUrl),
      notifyInTransaction: () => probeNotify(url, directUrl),
      pgBossSendAndFetch: () => probePgBoss(url),
      pgBossListenNotify: () => probePgBossListen(url),
      migrations: () => probeMigrations(url, directUrl),
      appEnqueueInTransactionsPgBossThroughPgBouncer: () => probeEnqueueInTransactions(url, directUrl, { direct: false }),
      appEnqueueInTransactionsPgBossDirect: () => probeEnqueueInTransactions(url, directUrl, { direct: true }),
    };
    const results = { pgbouncer: bouncer.settings.version, poolMode: 'transaction', defaultPoolSize: 2 };
    for (const [name, probe] of Object.entries(probes)) {
      try {
        results[name] = await Promise.race([probe(), sleep(30_000).then(() => ({ works: false, detail: 'no answer within 30 s' }))]);
      } catch (error) {
        results[name] = { works: false, detail: `failed: ${error.message.split('\n')[0]}` };
      }
      log(`pgbouncer probe ${name}: ${results[name].works ? 'works' : 'DOES NOT WORK'} (${results[name].detail})`);
    }
    return results;
  } finally {
    await bouncer?.stop();
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_PROBE_CHILD === 'enqueue') {
  await runEnqueueChild();
} else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await probePgBouncer(), null, 2));
}
