// Test helpers for payouts: real HTTP in front of our LNURL route handlers, funded workers, wallets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/** Serves the LNURL-withdraw route handlers on 127.0.0.1 and points BOLTWORK_PUBLIC_URL at them. */
export async function startLnurlServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(`http://127.0.0.1${req.url}`);
    const route = url.pathname === '/api/lnurl/withdraw/callback' ? await import('@/app/api/lnurl/withdraw/callback/route') : await import('@/app/api/lnurl/withdraw/route');
    const response = await route.GET(new Request(url));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.BOLTWORK_PUBLIC_URL = origin;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const randomSeed = () => randomBytes(32).toString('hex');
