// LNURL-withdraw (LUD-03) under attack, through the real route handlers: a k1 used once cannot pay again, malformed
// and oversized parameters are refused, and the per-address limit holds (an unknown address included).
// Already proven elsewhere and not repeated here (lib/payouts/payouts.int.test.ts): one winner among 100 concurrent
// callbacks for one k1; expired, wrong-network, amountless, above-max, below-min, reused-hash, garbage and
// two-invoice bolt11s, each an ERROR that changes nothing.
import { afterAll, describe, expect, it } from 'vitest';

process.env.BOLTWORK_PUBLIC_URL = 'https://boltwork.example';

const { db } = await import('@/lib/db');
const { GET: readLink } = await import('@/app/api/lnurl/withdraw/route');
const { GET: withdrawCallback } = await import('@/app/api/lnurl/withdraw/callback/route');
const { fundedWorker, randomSeed } = await import('@/lib/payouts/test-support');
const { createWithdrawLink } = await import('@/lib/payouts/links');
const { sendPayout } = await import('@/lib/payouts/send');
const { getAccountBalance, getLedgerSum } = await import('@/lib/ledger/accounts');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { makeTestInvoice } = await import('@/lib/lightning/__fixtures__/test-invoices');
const { stopBoss } = await import('@/lib/jobs/boss');
const { clientLimitKey, clientLimits, SHARED_BUCKET_FACTOR } = await import('@/lib/rate-limit/client-limits');
const { fillBucket } = await import('./buckets');

afterAll(() => stopBoss());

const phone = { 'x-forwarded-for': '192.0.2.10' };

async function lnurl(handler: (request: Request) => Promise<Response>, path: string, params: Record<string, string>, headers: Record<string, string> = phone) {
  const url = new URL(`https://boltwork.example${path}`);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return (await (await handler(new Request(url, { headers }))).json()) as { status?: string; reason?: string; k1?: string };
}
const callback = (params: Record<string, string>, headers?: Record<string, string>) => lnurl(withdrawCallback, '/api/lnurl/withdraw/callback', params, headers);
const read = (params: Record<string, string>, headers?: Record<string, string>) => lnurl(readLink, '/api/lnurl/withdraw', params, headers);

const k1Of = (lnurlw: string) => new URL(lnurlw.replace('lnurlw://', 'https://')).searchParams.get('k1')!;

/** Everything a refused callback must leave alone. */
async function moneyState(workerId: string, linkId: string) {
  return {
    link: (await db.withdrawLink.findUniqueOrThrow({ where: { id: linkId }, select: { status: true } })).status,
    withdrawals: await db.withdrawal.count({ where: { workerId } }),
    transfers: await db.ledgerTransfer.count(),
    available: await getAccountBalance(db, { kind: 'WORKER_AVAILABLE', workerId }),
    reserved: await getAccountBalance(db, { kind: 'WORKER_RESERVED', workerId }),
  };
}

describe('a reused withdraw k1', () => {
  it('is refused while its payment is in flight and after it was paid: one payment, no ledger change', async () => {
    const workerId = await fundedWorker(40_000n);
    const link = await createWithdrawLink(workerId);
    const k1 = k1Of(link.lnurlw);
    const wallet = createWalletNode(randomSeed());
    const invoice = (amountMsats: bigint) => wallet.createInvoice({ amountMsats, description: 'earnings', expirySeconds: 600 });
    const first = await invoice(link.amountMsats);
    expect(await callback({ k1, pr: first.bolt11 })).toEqual({ status: 'OK' });

    const inFlight = await moneyState(workerId, link.linkId);
    expect(inFlight).toMatchObject({ link: 'CLAIMED', withdrawals: 1 });
    expect(await callback({ k1, pr: (await invoice(10_000n)).bolt11 })).toEqual({ status: 'ERROR', reason: 'A payment for this link is already in progress.' });
    expect(await moneyState(workerId, link.linkId)).toEqual(inFlight);

    const withdrawal = await db.withdrawal.findFirstOrThrow({ where: { linkId: link.linkId } });
    expect(await sendPayout(withdrawal.id)).toBe('PAID');
    const paid = await moneyState(workerId, link.linkId);
    expect(paid).toMatchObject({ link: 'USED', withdrawals: 1, reserved: 0n });

    const second = await invoice(10_000n);
    expect(await callback({ k1, pr: second.bolt11 })).toEqual({ status: 'ERROR', reason: 'This withdraw link was already used.' });
    expect(await callback({ k1: k1.toUpperCase(), pr: second.bolt11 })).toEqual({ status: 'ERROR', reason: 'This withdraw link was already used.' });
    expect(await read({ k1 })).toEqual({ status: 'ERROR', reason: 'This withdraw link was already used.' });
    expect(await moneyState(workerId, link.linkId)).toEqual(paid);
    expect((await wallet.getInvoice(second.paymentHash)).status).not.toBe('PAID');
    expect(await getLedgerSum(db)).toBe(0n);
  });
});

describe('malformed parameters', () => {
  it('answer a clear LNURL ERROR and change nothing', async () => {
    const workerId = await fundedWorker(40_000n);
    const link = await createWithdrawLink(workerId);
    const k1 = k1Of(link.lnurlw);
    const good = makeTestInvoice({ network: 'regtest', amountMsats: 10_000n });
    // One character changed: the checksum (and the signature) no longer match.
    const flipped = `${good.slice(0, 40)}${good[40] === 'q' ? 'p' : 'q'}${good.slice(41)}`;
    const huge = 'a'.repeat(100_000);
    const cases: [string, Record<string, string>, RegExp][] = [
      ['no parameters', {}, /^k1 is missing/],
      ['no pr', { k1 }, /^pr is missing/],
      ['empty pr', { k1, pr: '' }, /bolt11|invoice/i],
      ['no k1', { pr: good }, /^k1 is missing/],
      ['k1 not hex', { k1: 'g'.repeat(64), pr: good }, /k1/i],
      ['k1 too short', { k1: k1.slice(1), pr: good }, /k1/i],
      ['k1 absurdly long', { k1: huge, pr: good }, /k1/i],
      ['unknown k1', { k1: randomSeed(), pr: good }, /Unknown withdraw link/],
      ['pr not a bolt11', { k1, pr: 'this is not an invoice at all' }, /one BOLT11 invoice/],
      ['pr absurdly long', { k1, pr: `lnbcrt${huge}` }, /too long/i],
      ['pr with a broken checksum', { k1, pr: flipped }, /checksum/],
      ['pr on testnet', { k1, pr: makeTestInvoice({ network: 'testnet', amountMsats: 10_000n }) }, /for testnet/],
      ['pr on signet', { k1, pr: makeTestInvoice({ network: 'signet', amountMsats: 10_000n }) }, /for signet/],
      ['pr with an unknown required feature', { k1, pr: makeTestInvoice({ network: 'regtest', amountMsats: 10_000n, extraFeatureBits: [100] }) }, /feature 100/],
      ['pr with control characters', { k1, pr: `${good}\u0000\n` }, /invoice/i],
    ];
    const before = await moneyState(workerId, link.linkId);
    for (const [name, params, reason] of cases) {
      const reply = await callback(params);
      expect(reply.status, name).toBe('ERROR');
      expect(reply.reason, name).toMatch(reason);
      expect(reply.reason!.length, name).toBeLessThan(200);
    }
    for (const bad of ['', 'zz', huge]) expect((await read({ k1: bad })).status).toBe('ERROR');
    expect(await moneyState(workerId, link.linkId)).toEqual({ ...before, link: 'OPEN' });
    // The link still works: the refusals were about the input.
    expect(await read({ k1 })).toMatchObject({ k1 });
  });
});

describe('rate limit', () => {
  it('reads and callbacks share one per-address bucket; past it a valid callback pays nothing', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.80' };
    const workerId = await fundedWorker(40_000n);
    const link = await createWithdrawLink(workerId);
    const k1 = k1Of(link.lnurlw);
    for (let i = 0; i < clientLimits.lnurlWithdraw.limit; i++) expect((await read({ k1 }, ip)).k1).toBe(k1);
    const before = await moneyState(workerId, link.linkId);
    const wallet = createWalletNode(randomSeed());
    const invoice = await wallet.createInvoice({ amountMsats: 10_000n, description: 'x', expirySeconds: 600 });
    expect(await callback({ k1, pr: invoice.bolt11 }, ip)).toEqual({ status: 'ERROR', reason: 'Too many requests. Try again in a minute.' });
    expect(await read({ k1 }, ip)).toEqual({ status: 'ERROR', reason: 'Too many requests. Try again in a minute.' });
    expect(await moneyState(workerId, link.linkId)).toEqual(before);
    // The wallet on another address is served.
    expect(await callback({ k1, pr: invoice.bolt11 }, { 'x-forwarded-for': '203.0.113.81' })).toEqual({ status: 'OK' });
  });

  it('limits requests without a usable address in the shared bucket', async () => {
    const workerId = await fundedWorker(40_000n);
    const link = await createWithdrawLink(workerId);
    await fillBucket(clientLimitKey('lnurlWithdraw', null), clientLimits.lnurlWithdraw.limit * SHARED_BUCKET_FACTOR);
    const invoice = await createWalletNode(randomSeed()).createInvoice({ amountMsats: 10_000n, description: 'x', expirySeconds: 600 });
    const before = await moneyState(workerId, link.linkId);
    expect(await callback({ k1: k1Of(link.lnurlw), pr: invoice.bolt11 }, {})).toMatchObject({ status: 'ERROR', reason: expect.stringContaining('Too many') });
    expect(await callback({ k1: k1Of(link.lnurlw), pr: invoice.bolt11 }, { 'x-forwarded-for': '1.2.3.4, 5.6.7.8' })).toMatchObject({ status: 'ERROR' });
    expect(await moneyState(workerId, link.linkId)).toEqual(before);
  });
});
