// The process paying is SIGKILLed in the middle of a payment: after a restart the payout ends paid exactly once.
// The job worker (paying the fallback job of an app server that died right after answering the wallet), and the app
// server itself (paying inline after its answer). Two windows each: before the node sent anything, and after the node
// paid but before the ledger recorded it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fundedWorker, randomSeed, startLnurlServer } from './test-support';

// This process's own server answers and pays nothing, as if it died right after answering: the job worker pays.
const lnurlServer = await startLnurlServer({ payInline: false });
const { db } = await import('@/lib/db');
const { getLedgerSum, getAccountBalance } = await import('@/lib/ledger/accounts');
const { createWithdrawLink } = await import('./links');
const { reserveFor } = await import('./policy');
const { withdrawWithLnurl } = await import('@/lib/wallet-sim/lnurl-withdraw');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { getBoss, stopBoss } = await import('@/lib/jobs/boss');
const { jobs } = await import('@/lib/jobs/registry');
/** The simulated node's routing fee: 1 msat + 0.1 %. */
const simFeeFor = (amountMsats: bigint) => 1n + (amountMsats * 1000n) / 1_000_000n;

const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await stopBoss();
  await lnurlServer.close();
});

function startJobWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/jobs/worker.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

/** An app server serving the LNURL routes in its own process (the callback pays there, after answering). */
async function startAppServer(env: Record<string, string>): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'lib/payouts/__fixtures__/app-server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    (async () => {
      for await (const text of lines) if (text.startsWith('{')) return [text];
      return [];
    })(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('the app server did not start')), 60_000)),
  ])) as string[];
  return { child, origin: (JSON.parse(line) as { origin: string }).origin };
}

/** A phone wallet withdrawing through `origin` (the link itself names this process's server). */
async function withdrawThrough(origin: string, lnurl: string, wallet: ReturnType<typeof createWalletNode>) {
  const fetchImpl = (url: string, init?: RequestInit) => fetch(url.replace(lnurlServer.origin, origin), init);
  const result = await withdrawWithLnurl({ lnurl, wallet, fetchImpl });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

const kill = async (child: ChildProcess) => {
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
};

/** The payout's fallback `payout.send` job, run as the job worker runs it once it is due. */
async function runFallbackJob(withdrawalId: string): Promise<unknown> {
  const boss = await getBoss();
  const [job] = (await boss.fetch<{ withdrawalId: string }>('payout.send', { batchSize: 100, ignoreStartAfter: true })).filter((j) => j.data.withdrawalId === withdrawalId);
  const answer = await jobs['payout.send'].handle(jobs['payout.send'].schema.parse(job.data));
  await boss.complete('payout.send', job.id);
  return answer;
}

async function waitFor<T>(read: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until a sender has taken the payout's send lease, and returns the payout. */
const waitUntilTaken = (linkId: string) => waitFor(() => db.withdrawal.findFirst({ where: { linkId, sentAt: { not: null } } }), 60_000);

/**
 * Locks the worker's reserved account, so once the node has paid, the sender waits on us to book it (the booking moves
 * money out of that account), and kills the sender right there. Should the booking ever beat the lock, waitFor fails:
 * no silent pass.
 */
async function killBetweenPaymentAndBooking(victim: ChildProcess, workerId: string, wallet: ReturnType<typeof createWalletNode>, paymentHash: string) {
  const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query(`SELECT id FROM "LedgerAccount" WHERE kind = 'WORKER_RESERVED' AND "workerId" = $1 FOR UPDATE`, [workerId]);
    const waiting = await waitFor(async () => {
      // Inside a transaction PostgreSQL caches pg_stat_activity: drop the cache so each poll sees the present.
      await blocker.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await blocker.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND wait_event_type = 'Lock' AND query LIKE '%"LedgerAccount"%' AND application_name <> 'boltwork-jobs'`,
      );
      return rows.length === 1 && (await wallet.getInvoice(paymentHash)).status === 'PAID' ? rows[0].pid : null;
    }, 60_000);
    await kill(victim);
    await blocker.query('SELECT pg_terminate_backend($1)', [waiting]);
    await blocker.query('ROLLBACK');
  } finally {
    await blocker.end();
  }
}

/** Time passes beyond the send lease; a fresh job worker reconciles at start. Returns the payout once final. */
async function settleWithFreshWorker(withdrawalId: string) {
  await db.$executeRaw`UPDATE "Withdrawal" SET "sentAt" = now() - interval '10 minutes', "createdAt" = now() - interval '10 minutes' WHERE id = ${withdrawalId}::uuid`;
  const worker = startJobWorker({});
  const settled = await waitFor(async () => {
    const row = await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } });
    return row.status === 'PAID' || row.status === 'FAILED' ? row : null;
  }, 60_000);
  worker.kill('SIGTERM');
  return settled;
}

/** The money left the node, but nothing was booked: the reservation still holds all of it. */
async function expectNothingBooked(withdrawalId: string, workerId: string, amountMsats: bigint) {
  expect((await db.withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } })).status).toBe('SENDING');
  expect(await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId })).toBe(reserveFor(amountMsats));
  expect(await db.ledgerTransfer.count({ where: { withdrawalId } })).toBe(0);
}

/** PAID exactly once: one payment at the node (one outgoing record for the hash), one booking, balances to the msat. */
async function expectPaidOnce(payout: { id: string; status: string; feeMsats: bigint | null }, workerId: string, funded: bigint, amountMsats: bigint, paymentHash: string) {
  expect(payout).toMatchObject({ status: 'PAID', feeMsats: simFeeFor(amountMsats) });
  expect(await db.simInvoice.count({ where: { direction: 'OUTGOING', paymentHash: { startsWith: `out:${paymentHash}:` } } })).toBe(1);
  expect(await db.ledgerTransfer.count({ where: { withdrawalId: payout.id, reason: 'WITHDRAWAL_PAID' } })).toBe(1);
  expect(await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId })).toBe(0n);
  expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(funded - amountMsats - simFeeFor(amountMsats));
  expect(await getLedgerSum(db)).toBe(0n);
}

/** Only the process killed in a test may take its payout: the earlier tests' processes must be gone. */
const killLeftovers = () => Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => kill(c)));

const FUNDED = 50_000n;

async function fundedWithdrawal() {
  const workerId = await fundedWorker(FUNDED);
  const link = await createWithdrawLink(workerId);
  return { workerId, link, wallet: createWalletNode(randomSeed()) };
}

describe('a job worker killed mid-payout', () => {
  it('pays exactly once after a restart', { timeout: 120_000 }, async () => {
    const { workerId, link, wallet } = await fundedWithdrawal();
    const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet });
    if (!result.ok) throw new Error(result.reason);

    // The first worker takes the payout when its job comes due, then dies while the (slow) route is being tried.
    const first = startJobWorker({ BOLTWORK_SIM_PAY_DELAY_MS: '5000' });
    const taken = await waitUntilTaken(link.linkId);
    await kill(first);
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: taken.id } })).status).toBe('SENDING');
    expect((await wallet.getInvoice(result.paymentHash)).status).toBe('PENDING');

    const settled = await settleWithFreshWorker(taken.id);
    expect((await wallet.getInvoice(result.paymentHash)).status).toBe('PAID');
    await expectPaidOnce(settled, workerId, FUNDED, link.amountMsats, result.paymentHash);
  });

  it('after the node paid, before the ledger recorded it: books the payment exactly once after a restart, to the msat', { timeout: 120_000 }, async () => {
    await killLeftovers();
    const { workerId, link, wallet } = await fundedWithdrawal();
    const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet });
    if (!result.ok) throw new Error(result.reason);

    // The worker takes the payout and waits 10 s (a slow route) before the node pays.
    const first = startJobWorker({ BOLTWORK_SIM_PAY_DELAY_MS: '10000' });
    const taken = await waitUntilTaken(link.linkId);
    await killBetweenPaymentAndBooking(first, workerId, wallet, result.paymentHash);
    await expectNothingBooked(taken.id, workerId, link.amountMsats);

    await expectPaidOnce(await settleWithFreshWorker(taken.id), workerId, FUNDED, link.amountMsats, result.paymentHash);
  });
});

describe('an app server killed mid-payout, after answering the wallet', () => {
  it('before the node paid: the fallback job finds it busy; after the lease a worker pays it exactly once', { timeout: 120_000 }, async () => {
    await killLeftovers();
    const { workerId, link, wallet } = await fundedWithdrawal();
    const app = await startAppServer({ BOLTWORK_SIM_PAY_DELAY_MS: '5000' });
    const result = await withdrawThrough(app.origin, link.lnurl, wallet);
    // The wallet has its OK; the app server took the send lease and waits on a slow route. Kill it there.
    const taken = await waitUntilTaken(link.linkId);
    await kill(app.child);
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: taken.id } })).status).toBe('SENDING');
    expect((await wallet.getInvoice(result.paymentHash)).status).toBe('PENDING');
    // Its fallback job comes due while the lease may still be in use: it must not pay a second time.
    expect(await runFallbackJob(taken.id)).toBe('BUSY');

    const settled = await settleWithFreshWorker(taken.id);
    expect((await wallet.getInvoice(result.paymentHash)).status).toBe('PAID');
    await expectPaidOnce(settled, workerId, FUNDED, link.amountMsats, result.paymentHash);
  });

  it('after the node paid, before the booking: a worker books it exactly once, to the msat', { timeout: 120_000 }, async () => {
    await killLeftovers();
    const { workerId, link, wallet } = await fundedWithdrawal();
    const app = await startAppServer({ BOLTWORK_SIM_PAY_DELAY_MS: '3000' });
    const result = await withdrawThrough(app.origin, link.lnurl, wallet);
    const taken = await waitUntilTaken(link.linkId);
    await killBetweenPaymentAndBooking(app.child, workerId, wallet, result.paymentHash);
    await expectNothingBooked(taken.id, workerId, link.amountMsats);
    expect(await runFallbackJob(taken.id)).toBe('BUSY');

    await expectPaidOnce(await settleWithFreshWorker(taken.id), workerId, FUNDED, link.amountMsats, result.paymentHash);
  });
});
