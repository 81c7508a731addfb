// The job worker is SIGKILLed in the middle of a payment: after a restart the payout ends paid exactly once.
// Two windows: before the node sent anything, and after the node paid but before the ledger recorded it.
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fundedWorker, randomSeed, startLnurlServer } from './test-support';

const lnurlServer = await startLnurlServer();
const { db } = await import('@/lib/db');
const { getLedgerSum, getAccountBalance } = await import('@/lib/ledger/accounts');
const { createWithdrawLink } = await import('./links');
const { reserveFor } = await import('./policy');
const { withdrawWithLnurl } = await import('@/lib/wallet-sim/lnurl-withdraw');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { stopBoss } = await import('@/lib/jobs/boss');
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

async function waitFor<T>(read: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a job worker killed mid-payout', () => {
  it('pays exactly once after a restart', { timeout: 120_000 }, async () => {
    const workerId = await fundedWorker(50_000n);
    const link = await createWithdrawLink(workerId);
    const wallet = createWalletNode(randomSeed());
    const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet });
    if (!result.ok) throw new Error(result.reason);

    // The first worker takes the payout, then dies while the (slow) route is being tried.
    const first = startJobWorker({ BOLTWORK_SIM_PAY_DELAY_MS: '5000' });
    const taken = await waitFor(() => db.withdrawal.findFirst({ where: { linkId: link.linkId, sentAt: { not: null } } }), 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: taken.id } })).status).toBe('SENDING');
    expect((await wallet.getInvoice(result.paymentHash)).status).toBe('PENDING');

    // Time passes beyond the send lease; a fresh worker reconciles at start.
    await db.$executeRaw`UPDATE "Withdrawal" SET "sentAt" = now() - interval '10 minutes', "createdAt" = now() - interval '10 minutes' WHERE id = ${taken.id}::uuid`;
    const second = startJobWorker({});
    const settled = await waitFor(async () => {
      const row = await db.withdrawal.findUniqueOrThrow({ where: { id: taken.id } });
      return row.status === 'PAID' || row.status === 'FAILED' ? row : null;
    }, 60_000);
    second.kill('SIGTERM');

    expect(settled.status).toBe('PAID');
    expect((await wallet.getInvoice(result.paymentHash)).status).toBe('PAID');
    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(50_000n - link.amountMsats - settled.feeMsats!);
    expect(await db.ledgerTransfer.count({ where: { withdrawalId: taken.id, reason: 'WITHDRAWAL_PAID' } })).toBe(1);
    expect(await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId })).toBe(0n);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});

describe('a job worker killed after the node paid, before the ledger recorded it', () => {
  it('books the payment exactly once after a restart, to the msat', { timeout: 120_000 }, async () => {
    // Workers of the test before must be gone: only the worker killed here may take this payout.
    await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((resolve) => c.once('exit', resolve))));
    const funded = 50_000n;
    const workerId = await fundedWorker(funded);
    const link = await createWithdrawLink(workerId);
    const wallet = createWalletNode(randomSeed());
    const result = await withdrawWithLnurl({ lnurl: link.lnurl, wallet });
    if (!result.ok) throw new Error(result.reason);

    // The worker takes the payout and waits 10 s (a slow route) before the node pays. In that time we lock the
    // worker's reserved account, so once paid the worker waits on us to book it (the booking moves money out of
    // that account). Kill it right there. Should the booking ever beat the lock, waitFor fails: no silent pass.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      const first = startJobWorker({ BOLTWORK_SIM_PAY_DELAY_MS: '10000' });
      await waitFor(() => db.withdrawal.findFirst({ where: { linkId: link.linkId, sentAt: { not: null } } }), 60_000);
      await blocker.query('BEGIN');
      await blocker.query(`SELECT id FROM "LedgerAccount" WHERE kind = 'WORKER_RESERVED' AND "workerId" = $1 FOR UPDATE`, [workerId]);
      const waiting = await waitFor(async () => {
        // Inside a transaction PostgreSQL caches pg_stat_activity: drop the cache so each poll sees the present.
        await blocker.query('SELECT pg_stat_clear_snapshot()');
        const { rows } = await blocker.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND wait_event_type = 'Lock' AND query LIKE '%"LedgerAccount"%' AND application_name <> 'boltwork-jobs'`,
        );
        return rows.length === 1 && (await wallet.getInvoice(result.paymentHash)).status === 'PAID' ? rows[0].pid : null;
      }, 60_000);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      await blocker.query('SELECT pg_terminate_backend($1)', [waiting]);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    const taken = await db.withdrawal.findFirstOrThrow({ where: { linkId: link.linkId } });
    expect(taken.sentAt).not.toBeNull();

    // The money left the node, but nothing was booked: the reservation still holds all of it.
    expect((await db.withdrawal.findUniqueOrThrow({ where: { id: taken.id } })).status).toBe('SENDING');
    expect(await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId })).toBe(reserveFor(link.amountMsats));
    expect(await db.ledgerTransfer.count({ where: { withdrawalId: taken.id } })).toBe(0);

    await db.$executeRaw`UPDATE "Withdrawal" SET "sentAt" = now() - interval '10 minutes', "createdAt" = now() - interval '10 minutes' WHERE id = ${taken.id}::uuid`;
    const second = startJobWorker({});
    const settled = await waitFor(async () => {
      const row = await db.withdrawal.findUniqueOrThrow({ where: { id: taken.id } });
      return row.status === 'PAID' || row.status === 'FAILED' ? row : null;
    }, 60_000);
    second.kill('SIGTERM');

    const fee = simFeeFor(link.amountMsats);
    expect(settled).toMatchObject({ status: 'PAID', feeMsats: fee });
    // One payment at the node (one outgoing record for the hash), one booking in the ledger.
    expect(await db.simInvoice.count({ where: { direction: 'OUTGOING', paymentHash: { startsWith: `out:${result.paymentHash}:` } } })).toBe(1);
    expect(await db.ledgerTransfer.count({ where: { withdrawalId: taken.id, reason: 'WITHDRAWAL_PAID' } })).toBe(1);
    expect(await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId })).toBe(0n);
    expect(await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId })).toBe(funded - link.amountMsats - fee);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
