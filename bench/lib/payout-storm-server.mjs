// The app's LNURL-withdraw route handlers behind a tiny node:http server on 127.0.0.1, as `next start` would serve
// them: GET Request objects with the request's own headers, and `x-forwarded-for` filled from the socket when the
// caller sent none (Next's base-server does `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so the
// handlers' per-IP rate limit runs exactly as in production.
import http from 'node:http';

const ROUTES = {
  '/api/lnurl/withdraw': () => import('../../app/api/lnurl/withdraw/route.ts'),
  '/api/lnurl/withdraw/callback': () => import('../../app/api/lnurl/withdraw/callback/route.ts'),
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
      const response = await (await load()).GET(new Request(url, { headers }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
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
