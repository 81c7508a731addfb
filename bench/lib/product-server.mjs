// The product as a browser bench meets it: `scripts/start.mjs` on a fresh embedded database with demo data, in its
// own process group (so one signal stops Next, the job worker and the database), unless BOLTWORK_URL points at a
// running one.
import { spawn } from 'node:child_process';

export async function isUp(url) {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    return false;
  }
}

/**
 * @param {{ port: number, dataDir: string }} options
 * @returns {Promise<{ baseUrl: string, stop: () => void }>}
 */
export async function useProductServer({ port, dataDir }) {
  const baseUrl = (process.env.BOLTWORK_URL ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  if (await isUp(baseUrl)) return { baseUrl, stop: () => {} };
  const server = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: String(port), BOLTWORK_DATA_DIR: dataDir, BOLTWORK_FRESH_DB: '1', BOLTWORK_PUBLIC_URL: baseUrl, DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + 300_000;
  while (!(await isUp(baseUrl))) {
    if (Date.now() > deadline) {
      stop();
      throw new Error('the app did not start within 5 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { baseUrl, stop };
}
