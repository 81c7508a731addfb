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

/** A worker with `msats` in their available balance, moved there from Lightning-in as a deposit would. */
export async function fundedWorker(msats: bigint): Promise<string> {
  // Imported here: the database module must load after startLnurlServer has set the public URL.
  const [{ db }, { getOrCreateAccount }, { postTransfer }] = await Promise.all([
    import('@/lib/db'),
    import('@/lib/ledger/accounts'),
    import('@/lib/ledger/transfer'),
  ]);
  const user = await db.user.create({
    data: { roles: ['WORKER'], workerProfile: { create: { linkingKey: `02${randomSeed()}`, displayName: 'W' } } },
    select: { workerProfile: { select: { id: true } } },
  });
  const workerId = user.workerProfile!.id;
  await db.$transaction(async (t) => {
    const from = await getOrCreateAccount(t, { kind: 'LIGHTNING_IN' });
    const to = await getOrCreateAccount(t, { kind: 'WORKER_AVAILABLE', workerId });
    await postTransfer(t, { debitAccountId: from.id, creditAccountId: to.id, amountMsats: msats, idempotencyKey: `fund:${workerId}`, reason: 'ADJUSTMENT' });
  });
  return workerId;
}
