// Starts the real job worker (`npm run worker`: lib/jobs/worker.ts) as its own process against the bench database,
// and stops it the way a deployment would (SIGTERM: pg-boss stops gracefully), with SIGKILL as a bounded fallback.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const KEEP_OUTPUT_CHARS = 20_000;

export async function startJobWorker(env, { startTimeoutMs = 90_000 } = {}) {
  // BENCH_WORKER_NODE_ARGS reaches only the job worker (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--conditions=react-server', '--import', 'tsx', 'lib/jobs/worker.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job worker did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    child.stdout.on('data', (chunk) => {
      keep(chunk);
      if (output.includes('job worker started')) {
        clearTimeout(timer);
        resolve();
      }
    });
    exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`job worker exited (${code}) before it started:\n${output}`));
    });
  });
  return {
    pid: child.pid,
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
