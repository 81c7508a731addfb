// `npm start` (and `npm run dev` with --dev): the whole product on one machine.
// Without DATABASE_URL it starts an embedded PostgreSQL in .data/pg first; then it applies pending
// migrations, seeds demo data once (demo mode), builds if the sources changed, and runs the Next server
// beside the job worker. Ctrl-C stops all of it, the database last.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './lib/build.mjs';
import { startEmbeddedPostgres } from './lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from './lib/schema-engine.mjs';
import { nodeWithTs, printBanner, waitForHealthy } from './lib/processes.mjs';

const isDev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const children = new Set();
let embedded;
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10000).unref();
        }),
    ),
  );
  await embedded?.stop();
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(0));

function run(command, args, env, { name, keepAlive }) {
  const child = spawn(command, args, { env, stdio: 'inherit' });
  children.add(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (keepAlive && !shuttingDown) {
        console.error(`\n${name} stopped unexpectedly (${signal ?? `exit ${code}`}); shutting down.`);
        void shutdown(1);
      }
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

async function main() {
  const env = { NEXT_TELEMETRY_DISABLED: '1', ...process.env, PORT: String(port) };
  if (!env.DATABASE_URL) {
    const dataDir = path.resolve(env.BOLTWORK_DATA_DIR ?? '.data/pg');
    if (env.BOLTWORK_FRESH_DB === '1') fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`Starting the embedded PostgreSQL in ${path.relative(process.cwd(), dataDir) || dataDir} …`);
    embedded = await startEmbeddedPostgres({ dataDir, fast: env.BOLTWORK_FRESH_DB === '1' });
    await ensureDatabase(embedded.url(), 'boltwork');
    env.DATABASE_URL = embedded.url('boltwork');
    delete env.DATABASE_DIRECT_URL; // it can only name the database behind a DATABASE_URL that was given
    env.BOLTWORK_DATABASE_EMBEDDED = '1';
  }
  const isDemo = env.BOLTWORK_DEMO === '1' || env.BOLTWORK_DATABASE_EMBEDDED === '1';

  // Migrations hold a session lock: straight to PostgreSQL, not through a transaction-pooling PgBouncer.
  const applied = await applyMigrations({ url: env.DATABASE_DIRECT_URL || env.DATABASE_URL, migrationsDir: path.resolve('prisma/migrations') });
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  if (isDemo) await run(process.execPath, [...nodeWithTs, 'prisma/seed.ts'], env, { name: 'seed' });
  // Outside demo mode an unsafe configuration (http public URL, simulated or unconfigured Lightning, demo accounts
  // in the database) stops here, one line per problem (scripts/check-production.ts).
  else await run(process.execPath, [...nodeWithTs, 'scripts/check-production.ts'], env, { name: 'production check' });

  if (!isDev) await ensureBuilt(env);
  const nextBin = path.resolve('node_modules/next/dist/bin/next');
  const nextArgs = isDev ? ['dev', '--turbopack', '-H', host, '-p', String(port)] : ['start', '-H', host, '-p', String(port)];
  // The client address comes from the socket unless proxies are trusted (scripts/lib/forwarded-for.mjs).
  const clientAddress = ['--import', pathToFileURL(path.resolve('scripts/lib/forwarded-for.mjs')).href];
  void run(process.execPath, [...clientAddress, nextBin, ...nextArgs], env, { name: 'Next.js', keepAlive: true }).catch(() => {});
  if (env.BOLTWORK_JOB_WORKER !== '0') {
    void run(process.execPath, [...nodeWithTs, 'lib/jobs/worker.ts'], env, { name: 'job worker', keepAlive: true }).catch(() => {});
  }
  await waitForHealthy(`http://${host}:${port}/api/health`, 120000);
  // Tools such as `npm run wallet` find the running instance (and its embedded database) here.
  fs.mkdirSync('.data', { recursive: true });
  fs.writeFileSync('.data/runtime.json', JSON.stringify({ url: `http://${host}:${port}`, databaseUrl: env.DATABASE_URL, pid: process.pid }));
  printBanner({ url: `http://${host}:${port}`, isDemo, embedded: Boolean(embedded) });
}

main().catch(async (error) => {
  console.error(`\nBoltwork could not start: ${error?.message ?? error}`);
  await shutdown(1);
});
