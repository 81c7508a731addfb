// Test helpers for payouts: real HTTP in front of our LNURL route handlers, funded workers, wallets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export type TestLnurlServer = {
  origin: string;
  /** Resolves once every payment started after a callback's answer has finished. */
  settled: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * Serves the LNURL-withdraw route handlers on 127.0.0.1 and points BOLTWORK_PUBLIC_URL at them. The callback pays
 * once its answer is written, as Next's after() does; `payInline: false` is a server that answers and then dies
 * before paying, so the queued `payout.send` job (or the reconciler) must pay.
 */
export async function startLnurlServer({ payInline = true }: { payInline?: boolean } = {}): Promise<TestLnurlServer> {
  const pending = new Set<Promise<void>>();
  const server = http.createServer(async (req, res) => {
    const url = new URL(`http://127.0.0.1${req.url}`);
    const tasks: (() => Promise<void>)[] = [];
    let response: Response;
    if (url.pathname === '/api/lnurl/withdraw/callback') {
      const { answerWithdrawCallback } = await import('@/lib/payouts/withdraw-callback');
      response = await answerWithdrawCallback(new Request(url), (task) => void (payInline && tasks.push(task)));
    } else {
      response = await (await import('@/app/api/lnurl/withdraw/route')).GET(new Request(url));
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text(), () => {
      for (const task of tasks) {
        const running = task().finally(() => pending.delete(running));
        pending.add(running);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.BOLTWORK_PUBLIC_URL = origin;
  const settled = async () => {
    while (pending.size) await Promise.all([...pending]);
  };
  const close = async () => {
    await settled();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { origin, settled, close };
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
