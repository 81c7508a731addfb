// The anchor app (bench/bare-next): built when its sources changed, started with `next start` on its own port and
// driven by the same virtual phones as the product. Three cycles, one HTTP round trip each (bench/bare-next/README.md):
//   action  a server action inserts a row and redirect()s to a dynamic page that reads it (RSC body read to the end)
//   route   a route handler: JSON in, insert + select, JSON out
//   data    a server action inserts + selects and returns the row as its value (no redirect, no page render)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { findFreePort } from '../../scripts/lib/embedded-db.mjs';
import { waitForHealthy } from '../../scripts/lib/processes.mjs';

const APP_DIR = path.resolve('bench/bare-next');
const FINGERPRINT_FILE = path.join(APP_DIR, '.next/bare-source-fingerprint');
const nextBin = path.resolve('node_modules/next/dist/bin/next');

function fingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.next' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(full).update('\0').update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(APP_DIR);
  hash.update(fs.readFileSync('package-lock.json'));
  return hash.digest('hex');
}

async function ensureBareBuilt() {
  const wanted = fingerprint();
  if (fs.existsSync(FINGERPRINT_FILE) && fs.readFileSync(FINGERPRINT_FILE, 'utf8') === wanted) return;
  const child = spawn(process.execPath, [nextBin, 'build', APP_DIR], { env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`building bench/bare-next failed (exit ${code})\n${output.slice(-4000)}`);
  fs.writeFileSync(FINGERPRINT_FILE, wanted);
}

function readBareActionIds() {
  const manifest = JSON.parse(fs.readFileSync(path.join(APP_DIR, '.next/server/server-reference-manifest.json'), 'utf8'));
  const ids = {};
  for (const [id, entry] of Object.entries(manifest.node)) ids[entry.exportedName] = id;
  if (!ids.addRowAction || !ids.addRowDataAction) throw new Error('bench/bare-next: its actions are not in the build');
  return { action: ids.addRowAction, data: ids.addRowDataAction };
}

/**
 * Builds (if needed) and starts the bare app on a free port against `databaseUrl`, with its table created.
 * @returns {Promise<{ url: string, pid: number, cycles: { action: Function, route: Function, data: Function }, stop: () => Promise<void> }>}
 */
export async function startBareNext({ databaseUrl, query }) {
  await ensureBareBuilt();
  await query('CREATE TABLE IF NOT EXISTS bare_row (id bigserial PRIMARY KEY, worker int NOT NULL, value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
  const port = await findFreePort();
  const env = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: databaseUrl, PORT: String(port) };
  const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, nextBin, 'start', APP_DIR, '-H', '127.0.0.1', '-p', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(`${url}/api/health`, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${output}`);
  }
  const ids = readBareActionIds();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const post = (pathName, headers, body) =>
    new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: pathName, method: 'POST', agent, headers }, (response) => {
        let size = 0;
        let body = '';
        response.on('data', (chunk) => {
          size += chunk.length;
          if (body.length < 64 * 1024) body += chunk.toString('utf8');
        });
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body, size }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.setTimeout(120_000, () => request.destroy(new Error('HTTP request timed out')));
      request.end(body);
    });
  const actionHeaders = (actionId) => ({ accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', 'next-action': actionId, origin: url });
  const workerNumber = (workerId) => Number.parseInt(workerId.replaceAll('-', '').slice(-6), 16);

  const cycles = {
    async action(workerId) {
      const t0 = performance.now();
      const answer = await post('/', actionHeaders(ids.action), JSON.stringify([{ worker: workerNumber(workerId), value: 'tap' }]));
      const target = answer.headers['x-action-redirect'];
      if (typeof target !== 'string' || !target.startsWith('/rows/')) throw new Error(`bare action: no redirect (HTTP ${answer.status})`);
      if (!answer.body.includes('"Row "')) throw new Error('bare action: the redirect did not carry the rendered page');
      return { kind: 'done', parts: { actionRedirectRender: performance.now() - t0 } };
    },
    async route(workerId) {
      const t0 = performance.now();
      const answer = await post('/api/rows', { 'content-type': 'application/json' }, JSON.stringify({ worker: workerNumber(workerId), value: 'tap' }));
      if (answer.status !== 200 || !answer.body.includes('"id"')) throw new Error(`bare route: HTTP ${answer.status}`);
      return { kind: 'done', parts: { routeHandler: performance.now() - t0 } };
    },
    async data(workerId) {
      const t0 = performance.now();
      const answer = await post('/', actionHeaders(ids.data), JSON.stringify([{ worker: workerNumber(workerId), value: 'tap' }]));
      if (answer.status !== 200 || !answer.body.includes('"worker"')) throw new Error(`bare data action: HTTP ${answer.status}`);
      return { kind: 'done', parts: { actionData: performance.now() - t0 } };
    },
  };

  return {
    url,
    pid: child.pid,
    cycles,
    output: () => output,
    async stop() {
      agent.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
