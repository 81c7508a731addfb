// The production layout on one machine, for the HTTP benches: N `next start` processes on their own ports, a
// round-robin load balancer in front of them (node:http, 127.0.0.1), and optionally the job worker as its own
// process, all on one PostgreSQL. The balancer appends the caller's address to X-Forwarded-For like any reverse
// proxy, and the app servers trust exactly that one hop (BOLTWORK_TRUSTED_PROXY_HOPS=1), so per-IP rate limits
// see the address each virtual phone stands for (x-simulated-client-ip, read only by this balancer).
// With `publicUrl`, a proxy of the caller's own takes the balancer's place (bench/https-e2e.mjs: Caddy with TLS).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ensureBuilt } from '../../scripts/lib/build.mjs';
import { findFreePort } from '../../scripts/lib/embedded-db.mjs';
import { nodeWithTs, waitForHealthy } from '../../scripts/lib/processes.mjs';
import { startPgBouncer } from './pgbouncer.mjs';
import { cpuMsOfTree } from './process-cpu.mjs';

const KEEP_OUTPUT_CHARS = 20_000;

/** A child process (node unless `command` names another) whose last output is kept, and stopped with SIGTERM. */
export function startProcess(name, args, env, command = process.execPath) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  return {
    name,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A round-robin HTTP proxy: each request goes to the next server, whoever sent the previous one. */
function startBalancer(targets, port) {
  let next = 0;
  const counts = targets.map(() => 0);
  // A fresh upstream connection per request: a reused keep-alive socket that the server is closing at that instant
  // fails the request ("socket hang up"), a race of the balancer, not of the app.
  const agent = new http.Agent({ keepAlive: false, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const index = next++ % targets.length;
    counts[index] += 1;
    // Every virtual phone of a bench runs on this machine: one may name the address it stands for, which the
    // balancer then treats as its socket address (and drops whatever X-Forwarded-For it sent, as it can't be trusted).
    const simulated = req.headers['x-simulated-client-ip'];
    const forwarded = typeof simulated === 'string' ? simulated : [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(
      { host: '127.0.0.1', port: targets[index], method: req.method, path: req.url, agent, headers: { ...req.headers, 'x-forwarded-for': forwarded } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`balancer: ${error.message}`);
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, counts, agent })));
}

/**
 * BENCH_PGBOUNCER (set by bench/multi-server.mjs --pgbouncer for the benches it runs): `1`, or settings such as
 * `default_pool_size=20,max_client_conn=1000`. BENCH_PGBOUNCER_REPORT names a JSON file for its figures at stop().
 */
function pgBouncerFromEnv() {
  const value = process.env.BENCH_PGBOUNCER;
  if (!value || value === '0') return null;
  const settings = Object.fromEntries(value.split(',').filter((pair) => pair.includes('=')).map((pair) => pair.split('=')));
  return {
    defaultPoolSize: settings.default_pool_size ? Number(settings.default_pool_size) : undefined,
    maxClientConn: settings.max_client_conn ? Number(settings.max_client_conn) : undefined,
    reportFile: process.env.BENCH_PGBOUNCER_REPORT,
  };
}

/**
 * `jobWorkerDatabaseUrl` lets the job worker connect as another database role, so pg_stat_statements tells its
 * statements from the app servers'.
 * `pgbouncer` (default: from BENCH_PGBOUNCER) puts a PgBouncer in transaction mode between every process and
 * PostgreSQL, as docs/scaling.md recommends: DATABASE_URL goes through it, DATABASE_DIRECT_URL (pg-boss's own
 * connections, the quality evaluator's LISTEN) straight to PostgreSQL, and the tap's statements go unnamed.
 * `publicUrl` (e.g. https://boltwork.test:8443): the origin of a proxy the caller runs in front of `serverUrls`
 * itself. No balancer starts, the app servers take it as BOLTWORK_PUBLIC_URL, and requestsPerServer is null.
 * @param {{ databaseUrl: string, servers?: number, jobWorker?: boolean, jobWorkerDatabaseUrl?: string, env?: Record<string, string>,
 *   pgbouncer?: { defaultPoolSize?: number, maxClientConn?: number, reportFile?: string } | null, publicUrl?: string }} options
 * @returns {Promise<{ url: string, serverUrls: string[], requestsPerServer: number[] | null, stop: () => Promise<void> }>}
 */
export async function startAppServers({ databaseUrl, servers = 1, jobWorker = false, jobWorkerDatabaseUrl, env = {}, pgbouncer = pgBouncerFromEnv(), publicUrl: externalUrl }) {
  const baseEnv = { NEXT_TELEMETRY_DISABLED: '1', BOLTWORK_DEMO: '0', ...env, DATABASE_URL: databaseUrl };
  await ensureBuilt({ ...process.env, ...baseEnv });
  const bouncer = pgbouncer ? await startPgBouncer({ databaseUrl, urls: jobWorkerDatabaseUrl ? [jobWorkerDatabaseUrl] : [], ...pgbouncer }) : null;
  // Debian's PgBouncer (1.18) cannot carry named prepared statements; docs/scaling.md says what to set instead.
  const pooledEnv = (url) =>
    bouncer ? { DATABASE_URL: bouncer.through(url), DATABASE_DIRECT_URL: url, BOLTWORK_PREPARED_STATEMENTS: '0' } : { DATABASE_URL: url };
  const balancerPort = externalUrl ? null : await findFreePort();
  const publicUrl = externalUrl ?? `http://127.0.0.1:${balancerPort}`;
  // As in production behind a balancer: trust its one X-Forwarded-For hop, leave compression to it.
  const appEnv = { ...baseEnv, NODE_ENV: 'production', BOLTWORK_PUBLIC_URL: publicUrl, BOLTWORK_TRUSTED_PROXY_HOPS: '1', BOLTWORK_HTTP_COMPRESSION: '0', ...env, ...pooledEnv(databaseUrl) };
  const nextBin = path.resolve('node_modules/next/dist/bin/next');
  const processes = [];
  const ports = [];
  try {
    for (let i = 0; i < servers; i++) {
      const port = await findFreePort();
      ports.push(port);
      // BENCH_APP_NODE_ARGS reaches only the app servers (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them).
      const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
      processes.push(startProcess(`next start :${port}`, [...nodeArgs, nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], { ...appEnv, PORT: String(port) }));
    }
    if (jobWorker) processes.push(startProcess('job worker', [...nodeWithTs, 'lib/jobs/worker.ts'], { ...appEnv, ...pooledEnv(jobWorkerDatabaseUrl ?? databaseUrl) }));
    for (const port of ports) await waitForHealthy(`http://127.0.0.1:${port}/api/health`, 120_000);
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()));
    await bouncer?.stop();
    throw new Error(`${error.message}\n${processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n')}${bouncer ? `\n--- pgbouncer\n${bouncer.output()}` : ''}`);
  }
  const balancer = externalUrl ? null : await startBalancer(ports, balancerPort);
  const report = async () => ({ settings: bouncer.settings, peaks: { ...bouncer.peaks }, stats: await bouncer.stats(), cpuMs: cpuMsOfTree(bouncer.pid) });
  return {
    url: publicUrl,
    serverUrls: ports.map((port) => `http://127.0.0.1:${port}`),
    requestsPerServer: balancer?.counts ?? null,
    /** Process ids of the app servers (for memory and CPU sampling). */
    serverPids: processes.filter((p) => p.name.startsWith('next start')).map((p) => p.child.pid),
    jobWorkerPid: processes.find((p) => p.name === 'job worker')?.child.pid ?? null,
    output: () => processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n') + (bouncer ? `\n--- pgbouncer\n${bouncer.output()}` : ''),
    /** PgBouncer's settings and figures so far (null without it): peaks of SHOW POOLS, SHOW STATS, its CPU. */
    pgbouncer: bouncer && report,
    async stop() {
      if (balancer) {
        await new Promise((resolve) => balancer.server.close(resolve));
        balancer.agent.destroy();
      }
      await Promise.all(processes.map((p) => p.stop()));
      if (!bouncer) return;
      try {
        if (pgbouncer.reportFile) fs.writeFileSync(pgbouncer.reportFile, `${JSON.stringify(await report(), null, 2)}\n`);
      } finally {
        await bouncer.stop();
      }
    },
  };
}
