import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

const { db } = await import('@/lib/db');
const { getLightningBackend, SimLightningBackend } = await import('@/lib/lightning');
const { getAccountBalance, getLedgerSum } = await import('@/lib/ledger/accounts');
const { fundedWorker } = await import('./test-support');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { sendPayout } = await import('./send');
const { setPayoutsPaused } = await import('./switch');
const { feeLimitFor } = await import('./policy');
const { saveLightningAddress, payoutToLightningAddress, autoPayoutThresholdMsats } = await import('./lightning-address');
const { stopBoss } = await import('@/lib/jobs/boss');

const platform = getLightningBackend() as InstanceType<typeof SimLightningBackend>;
const TEST_HOOKS = { allowHttp: true, allowInsecureHosts: true } as const;

type Mode = 'ok' | 'wrong-amount' | 'wrong-hash' | 'error';

/**
 * A Lightning Address server (LUD-16) on 127.0.0.1 whose callback returns invoices of a simulated wallet node,
 * committing to sha256(metadata) (`h`) as LUD-06 requires (or, in its faulty modes, to the wrong amount or hash).
 */
async function startAddressServer(seed: string) {
  const wallet = createWalletNode(seed);
  const metadata = JSON.stringify([['text/plain', 'Pay alice'], ['text/identifier', 'alice@boltwork.test']]);
  const state = { mode: 'ok' as Mode, invoices: [] as string[] };
  const server = http.createServer(async (req, res) => {
    const url = new URL(`http://127.0.0.1${req.url}`);
    const reply = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/lnurlp/alice') {
      return reply({ tag: 'payRequest', callback: `${origin}/lnurlp/alice/callback?user=alice`, minSendable: 1000, maxSendable: 100_000_000, metadata });
    }
    if (url.pathname === '/lnurlp/alice/callback' && url.searchParams.get('user') === 'alice') {
      if (state.mode === 'error') return reply({ status: 'ERROR', reason: 'wallet offline' });
      const asked = BigInt(url.searchParams.get('amount') ?? '0');
      const amountMsats = state.mode === 'wrong-amount' ? asked + 1000n : asked;
      const hashOf = state.mode === 'wrong-hash' ? `${metadata} ` : metadata;
      const { bolt11, paymentHash } = await wallet.createInvoice({
        amountMsats,
        description: 'Pay alice',
        descriptionHash: createHash('sha256').update(hashOf).digest('hex'),
        expirySeconds: 600,
      });
      state.invoices.push(paymentHash);
      return reply({ pr: bolt11, routes: [] });
    }
    res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { state, address: `alice@127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const walletSeed = randomBytes(32).toString('hex');
const wallet = createWalletNode(walletSeed);
const lnServer = await startAddressServer(walletSeed);

afterAll(async () => {
  await setPayoutsPaused(false);
  await stopBoss();
  await lnServer.close();
});

beforeEach(async () => {
  lnServer.state.mode = 'ok';
  platform.faults = { mode: 'none' };
  await setPayoutsPaused(false);
});

async function fundedWorkerWithAddress(msats: bigint, address: string | null = lnServer.address) {
  const workerId = await fundedWorker(msats);
  if (address) await saveLightningAddress(workerId, address, TEST_HOOKS);
  return workerId;
}

const available = (workerId: string) => getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId });
const reserved = (workerId: string) => getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId });
const withdrawalsOf = (workerId: string) => db.withdrawal.findMany({ where: { workerId } });

describe('saveLightningAddress', () => {
  it('stores a resolvable address lowercased, refuses bad or unreachable ones, and clears', async () => {
    const workerId = await fundedWorkerWithAddress(1n, null);
    await expect(saveLightningAddress(workerId, lnServer.address.toUpperCase(), TEST_HOOKS)).resolves.toBe(lnServer.address);
    expect((await db.workerProfile.findUniqueOrThrow({ where: { id: workerId } })).lightningAddress).toBe(lnServer.address);
    await expect(saveLightningAddress(workerId, 'not an address', TEST_HOOKS)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(saveLightningAddress(workerId, lnServer.address)).rejects.toThrow(/not a public domain/);
    await expect(saveLightningAddress(workerId, lnServer.address.replace('alice', 'bob'), TEST_HOOKS)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(saveLightningAddress(workerId, 'nobody@127.0.0.1:1', TEST_HOOKS)).rejects.toThrow(/Could not reach nobody@127.0.0.1:1/);
    expect((await db.workerProfile.findUniqueOrThrow({ where: { id: workerId } })).lightningAddress).toBe(lnServer.address);
    await expect(saveLightningAddress(workerId, null)).resolves.toBeNull();
    expect((await db.workerProfile.findUniqueOrThrow({ where: { id: workerId } })).lightningAddress).toBeNull();
  });
});

describe('payoutToLightningAddress', () => {
  it('pays the address end to end: invoice PAID, balances right, ledger sums to zero', async () => {
    const workerId = await fundedWorkerWithAddress(250_500n);
    const result = await payoutToLightningAddress(workerId, TEST_HOOKS);
    expect(result).toMatchObject({ status: 'QUEUED', amountMsats: 248_000n });
    if (result.status !== 'QUEUED') throw new Error('not queued');
    const fee = feeLimitFor(248_000n);
    expect(await available(workerId)).toBe(250_500n - 248_000n - fee);
    expect(await reserved(workerId)).toBe(248_000n + fee);
    const withdrawal = await db.withdrawal.findUniqueOrThrow({ where: { id: result.withdrawalId } });
    expect(withdrawal).toMatchObject({ kind: 'LIGHTNING_ADDRESS', destination: lnServer.address, status: 'SENDING', linkId: null, amountMsats: 248_000n });

    expect(await sendPayout(result.withdrawalId)).toBe('PAID');
    expect(await wallet.getInvoice(withdrawal.paymentHash)).toMatchObject({ status: 'PAID', amountReceivedMsats: 248_000n });
    const paid = await db.withdrawal.findUniqueOrThrow({ where: { id: result.withdrawalId } });
    expect(paid.status).toBe('PAID');
    expect(createHash('sha256').update(Buffer.from(paid.preimage!, 'hex')).digest('hex')).toBe(paid.paymentHash);
    expect(await reserved(workerId)).toBe(0n);
    expect(await available(workerId)).toBe(250_500n - 248_000n - paid.feeMsats!);
    expect(await getLedgerSum(db)).toBe(0n);
    // What is left is below the threshold: it accumulates.
    expect(await payoutToLightningAddress(workerId, TEST_HOOKS)).toEqual({ status: 'BELOW_THRESHOLD' });
  });

  it('refuses an invoice for the wrong amount and moves nothing', async () => {
    const workerId = await fundedWorkerWithAddress(500_000n);
    lnServer.state.mode = 'wrong-amount';
    const result = await payoutToLightningAddress(workerId, TEST_HOOKS);
    expect(result).toMatchObject({ status: 'REFUSED' });
    expect(result.status === 'REFUSED' && result.reason).toMatch(/not the 495 sats we asked for/);
    expect(await available(workerId)).toBe(500_000n);
    expect(await withdrawalsOf(workerId)).toHaveLength(0);
  });

  it('refuses an invoice whose description hash is not sha256(metadata)', async () => {
    const workerId = await fundedWorkerWithAddress(500_000n);
    lnServer.state.mode = 'wrong-hash';
    expect(await payoutToLightningAddress(workerId, TEST_HOOKS)).toMatchObject({ status: 'REFUSED', reason: expect.stringMatching(/description hash/) });
    lnServer.state.mode = 'error';
    expect(await payoutToLightningAddress(workerId, TEST_HOOKS)).toMatchObject({ status: 'REFUSED', reason: expect.stringMatching(/wallet offline/) });
    expect(await available(workerId)).toBe(500_000n);
    expect(await withdrawalsOf(workerId)).toHaveLength(0);
  });

  it('does nothing below the threshold', async () => {
    const threshold = autoPayoutThresholdMsats();
    expect(threshold).toBe(100_000n);
    const workerId = await fundedWorkerWithAddress(threshold - 1n);
    const before = lnServer.state.invoices.length;
    expect(await payoutToLightningAddress(workerId, TEST_HOOKS)).toEqual({ status: 'BELOW_THRESHOLD' });
    expect(lnServer.state.invoices.length).toBe(before);
    expect(await available(workerId)).toBe(threshold - 1n);
  });

  it('makes one withdrawal out of concurrent calls', async () => {
    const workerId = await fundedWorkerWithAddress(300_000n);
    const results = await Promise.all(Array.from({ length: 5 }, () => payoutToLightningAddress(workerId, TEST_HOOKS)));
    expect(results.filter((r) => r.status === 'QUEUED')).toHaveLength(1);
    expect(results.filter((r) => r.status !== 'QUEUED').every((r) => r.status === 'CHANGED' || r.status === 'BELOW_THRESHOLD')).toBe(true);
    expect(await withdrawalsOf(workerId)).toHaveLength(1);
    expect((await available(workerId)) + (await reserved(workerId))).toBe(300_000n);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('does nothing while payouts are paused, and nothing without an address', async () => {
    const workerId = await fundedWorkerWithAddress(500_000n);
    await setPayoutsPaused(true);
    expect(await payoutToLightningAddress(workerId, TEST_HOOKS)).toEqual({ status: 'PAUSED' });
    await setPayoutsPaused(false);
    await saveLightningAddress(workerId, null);
    expect(await payoutToLightningAddress(workerId, TEST_HOOKS)).toEqual({ status: 'NO_ADDRESS' });
    expect(await available(workerId)).toBe(500_000n);
    expect(await withdrawalsOf(workerId)).toHaveLength(0);
  });

  it('gives a failed payout reservation back exactly once', async () => {
    const workerId = await fundedWorkerWithAddress(200_000n);
    const result = await payoutToLightningAddress(workerId, TEST_HOOKS);
    if (result.status !== 'QUEUED') throw new Error(`not queued: ${result.status}`);
    platform.faults = { mode: 'fail' };
    // The definite failure refunds at once (send.ts); the sweep in payoutToLightningAddress must not refund again.
    expect(await sendPayout(result.withdrawalId)).toBe('FAILED');
    expect(await reserved(workerId)).toBe(0n);
    await setPayoutsPaused(true);
    expect(await payoutToLightningAddress(workerId, TEST_HOOKS)).toEqual({ status: 'PAUSED' });
    expect(await payoutToLightningAddress(workerId, TEST_HOOKS)).toEqual({ status: 'PAUSED' });
    expect(await reserved(workerId)).toBe(0n);
    expect(await available(workerId)).toBe(200_000n);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
