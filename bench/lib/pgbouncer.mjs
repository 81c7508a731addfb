// A PgBouncer of the bench's own in front of a bench's PostgreSQL: a generated config in a temporary folder, a free
// 127.0.0.1 port, transaction pooling, stopped at the end. Debian's package also starts a system service
// (port 6432, /etc/pgbouncer); nothing here uses or touches it. When the binary is missing, the bench installs
// Debian's `pgbouncer` (as root, with apt-get); the test suite never needs it.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort } from '../../scripts/lib/embedded-db.mjs';
import { ensureDebianBinary } from './apt.mjs';

const START_TIMEOUT_MS = 15_000;
const SAMPLE_MS = 250;

/** The pgbouncer binary, installing Debian's package first when it is missing (root only). */
export function ensurePgBouncer(log = console.error) {
  return ensureDebianBinary({ binary: 'pgbouncer', otherwise: 'or run without --pgbouncer', log });
}

export function pgBouncerVersion(binary) {
  return /PgBouncer\s+(\S+)/.exec(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? null;
}

const quoteValue = (value) => String(value).replace(/"/g, '""');

/**
 * Starts PgBouncer in front of the PostgreSQL that `databaseUrl` points at. Every user of `urls` (each a
 * postgresql:// URL with user and password) may connect through it; `through(url)` gives the same URL via PgBouncer.
 * @param {{ databaseUrl: string, urls?: string[], poolMode?: 'transaction' | 'session', defaultPoolSize?: number,
 *   maxClientConn?: number, log?: (message: string) => void }} options
 */
export async function startPgBouncer({ databaseUrl, urls = [], poolMode = 'transaction', defaultPoolSize = 20, maxClientConn = 1000, log = console.error }) {
  const binary = ensurePgBouncer(log);
  const server = new URL(databaseUrl);
  const port = await findFreePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pgbouncer-'));
  const users = new Map();
  for (const url of [databaseUrl, ...urls]) {
    const parsed = new URL(url);
    users.set(decodeURIComponent(parsed.username), decodeURIComponent(parsed.password));
  }
  const adminUser = decodeURIComponent(server.username);
  const settings = {
    version: pgBouncerVersion(binary),
    pool_mode: poolMode,
    default_pool_size: defaultPoolSize,
    max_client_conn: maxClientConn,
    reserve_pool_size: 0,
  };
  const config = [
    '[databases]',
    // Any database name, on the bench's server; PgBouncer logs in as the connecting user with its password below.
    `* = host=${server.hostname} port=${server.port}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    `logfile = ${dir}/pgbouncer.log`,
    `pidfile = ${dir}/pgbouncer.pid`,
    'auth_type = scram-sha-256',
    `auth_file = ${dir}/userlist.txt`,
    `admin_users = ${adminUser}`,
    ...Object.entries(settings).filter(([key]) => key !== 'version').map(([key, value]) => `${key} = ${value}`),
    // Waiting for a server connection longer than this is a failure the bench should see, not a hang.
    'query_wait_timeout = 60',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'pgbouncer.ini'), config);
  fs.writeFileSync(path.join(dir, 'userlist.txt'), [...users].map(([user, password]) => `"${quoteValue(user)}" "${quoteValue(password)}"`).join('\n') + '\n', { mode: 0o600 });
  // PgBouncer refuses to run as root: as root it runs as the `postgres` user, which must read its folder.
  const asRoot = process.getuid?.() === 0;
  const args = [...(asRoot ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.ini')];
  if (asRoot) {
    const { uid, gid } = userIds('postgres');
    for (const file of ['', 'pgbouncer.ini', 'userlist.txt']) fs.chownSync(path.join(dir, file), uid, gid);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  let sampler = null;
  let adminClient = null;
  const stop = async () => {
    if (sampler) clearInterval(sampler);
    await adminClient?.end().catch(() => {});
    adminClient = null;
    if (child.exitCode === null && child.signalCode === null) {
      // SIGINT: PgBouncer's "safe shutdown" waits for clients; the bench has stopped them all by now.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const through = (url) => {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(port);
    return parsed.toString();
  };
  const adminUrl = (() => {
    const parsed = new URL(through(databaseUrl));
    parsed.pathname = '/pgbouncer';
    return parsed.toString();
  })();
  // One admin console connection, kept open and used by one command at a time: a new one per sample would cost
  // PgBouncer a SCRAM login each time, and its CPU is one of the figures.
  let adminQueue = Promise.resolve();
  const runAdmin = async (command) => {
    if (!adminClient) {
      const client = new pg.Client({ connectionString: adminUrl });
      client.on('error', () => {
        adminClient = null;
      });
      await client.connect();
      adminClient = client;
    }
    try {
      return (await adminClient.query(command)).rows;
    } catch (error) {
      await adminClient?.end().catch(() => {});
      adminClient = null;
      throw error;
    }
  };
  /** Runs one admin console command (SHOW POOLS, SHOW STATS, ...): simple protocol, rows as objects. */
  const admin = (command) => {
    const result = adminQueue.then(() => runAdmin(command));
    adminQueue = result.catch(() => {});
    return result;
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      const log = readLog(dir);
      await stop();
      throw new Error(`pgbouncer exited at start (${child.exitCode}):\n${output}${log}`);
    }
    try {
      await admin('SHOW VERSION');
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`pgbouncer did not answer on port ${port} within ${START_TIMEOUT_MS / 1000} s: ${error.message}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  // Peaks over the run, from SHOW POOLS every SAMPLE_MS: how many server connections were open and busy, how many
  // clients waited for one, and the longest wait.
  const peaks = { serverConnections: 0, activeServerConnections: 0, clientConnections: 0, waitingClients: 0, maxWaitMs: 0 };
  let sampling = false;
  sampler = setInterval(async () => {
    if (sampling) return;
    sampling = true;
    try {
      const pools = (await admin('SHOW POOLS')).filter((row) => row.database !== 'pgbouncer');
      const sum = (key) => pools.reduce((total, row) => total + Number(row[key] ?? 0), 0);
      const busy = sum('sv_active');
      const open = busy + sum('sv_idle') + sum('sv_used') + sum('sv_tested') + sum('sv_login');
      peaks.serverConnections = Math.max(peaks.serverConnections, open);
      peaks.activeServerConnections = Math.max(peaks.activeServerConnections, busy);
      peaks.clientConnections = Math.max(peaks.clientConnections, sum('cl_active') + sum('cl_waiting'));
      peaks.waitingClients = Math.max(peaks.waitingClients, sum('cl_waiting'));
      const maxWaitMs = Math.max(0, ...pools.map((row) => Number(row.maxwait ?? 0) * 1000 + Number(row.maxwait_us ?? 0) / 1000));
      peaks.maxWaitMs = Math.max(peaks.maxWaitMs, Math.round(maxWaitMs));
    } catch {
      // PgBouncer stopping, or busy: the next sample counts.
    } finally {
      sampling = false;
    }
  }, SAMPLE_MS);
  sampler.unref();

  /** Totals since start, per database (SHOW STATS): transactions, queries, time in them and waiting for a server. */
  const stats = async () =>
    (await admin('SHOW STATS'))
      .filter((row) => row.database !== 'pgbouncer' && Number(row.total_xact_count) > 0)
      .map((row) => ({
        database: row.database,
        transactions: Number(row.total_xact_count),
        queries: Number(row.total_query_count),
        transactionMsTotal: Math.round(Number(row.total_xact_time) / 1000),
        queryMsTotal: Math.round(Number(row.total_query_time) / 1000),
        waitMsTotal: Math.round(Number(row.total_wait_time) / 1000),
        avgTransactionUs: Number(row.avg_xact_time),
        avgQueryUs: Number(row.avg_query_time),
      }));

  log(`pgbouncer ${settings.version}: 127.0.0.1:${port}, pool_mode=${poolMode}, default_pool_size=${defaultPoolSize}, max_client_conn=${maxClientConn}`);
  return { port, pid: child.pid, settings, through, admin, stats, peaks, output: () => output + readLog(dir), stop };
}

function readLog(dir) {
  try {
    return fs.readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8').slice(-10_000);
  } catch {
    return '';
  }
}

function userIds(name) {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`pgbouncer runs as user ${name} when started as root, and there is no such user`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
