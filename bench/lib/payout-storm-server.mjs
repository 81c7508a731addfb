// The app's LNURL-withdraw route handlers behind a tiny node:http server on 127.0.0.1, as `next start` would serve
// them: GET Request objects with the request's own headers, and `x-forwarded-for` filled from the socket when the
// caller sent none (Next's base-server does `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so the
// handlers' per-IP rate limit runs exactly as in production. The callback's payment runs once its answer has been
// written, as Next's after() runs it.
import http from 'node:http';

const ROUTES = {
  '/api/lnurl/withdraw': async () => (await import('../../app/api/lnurl/withdraw/route.ts')).GET,
  '/api/lnurl/withdraw/callback': async () => {
    const { answerWithdrawCallback } = await import('../../lib/payouts/withdraw-callback.ts');
    return (request, afterResponse) => answerWithdrawCallback(request, afterResponse);
  },
};

/** Starts the server on an ephemeral 127.0.0.1 port. Load the routes only after BOLTWORK_PUBLIC_URL is set. */
export async function startLnurlServer() {
  const counts = { requests: 0, errors: 0 };
  const server = http.createServer(async (req, res) => {
    counts.requests += 1;
    try {
      const url = new URL(`http://127.0.0.1${req.url}`);
      const load = req.method === 'GET' ? ROUTES[url.pathname] : undefined;
      if (!load) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      if (!headers.has('x-forwarded-for') && req.socket.remoteAddress) headers.set('x-forwarded-for', req.socket.remoteAddress);
      const tasks = [];
      const response = await (await load())(new Request(url, { headers }), (task) => tasks.push(task));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text(), () => {
        for (const task of tasks) task().catch(() => (counts.errors += 1));
      });
    } catch (error) {
      counts.errors += 1;
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ERROR', reason: String(error?.message ?? error) }));
    }
  });
  server.keepAliveTimeout = 10_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * The same server in a child process of its own (its own event loop and connection pool, as an app server has),
 * so the lanes' work in the bench process does not queue in front of the callbacks and the payments they start.
 */
export async function startLnurlServerProcess(env, { startTimeoutMs = 60_000 } = {}) {
  const { fork } = await import('node:child_process');
  const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = fork(new URL('./payout-storm-app.mjs', import.meta.url), [], {
    env: { ...process.env, ...env },
    execArgv: ['--conditions=react-server', '--import', 'tsx', ...nodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const counts = { requests: null, errors: null, eventLoopDelayMs: null };
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the LNURL server process did not start')), startTimeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message.origin);
    });
    child.once('exit', (code) => reject(new Error(`the LNURL server process exited (${code})`)));
  });
  return {
    origin,
    pid: child.pid,
    counts,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.on('message', (message) => message.counts && Object.assign(counts, message.counts));
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
