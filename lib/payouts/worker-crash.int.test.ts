// The job worker is SIGKILLed in the middle of a payment: after a restart the payout ends paid exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { fundedWorker, randomSeed, startLnurlServer } from './test-support';

const lnurlServer = await startLnurlServer();
const { db } = await import('@/lib/db');
const { getLedgerSum, getAccountBalance } = await import('@/lib/ledger/accounts');
const { createWithdrawLink } = await import('./links');
const { withdrawWithLnurl } = await import('@/lib/wallet-sim/lnurl-withdraw');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { stopBoss } = await import('@/lib/jobs/boss');

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
    expect(await db.ledgerTransfer.count({ where: { withdrawalId: taken.id, reason: 'WITHDRAWAL_PAID' } })).toBe(1);
    expect(await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId })).toBe(0n);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
