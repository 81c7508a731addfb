// The simulated node against real PostgreSQL: invoices are real signed bolt11, an invoice is paid once however
// many payers race, and every fault mode leaves the state a reconciler needs to find out what happened.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { makeTestInvoice } from './__fixtures__/test-invoices';
import type { PayInvoiceInput } from './backend';
import { checkPayoutInvoice } from './invoice';
import { SimLightningBackend, type SimNodeOptions } from './sim';

let seedCounter = 0;
/** A node with a fresh seed: each test gets its own payee and payers on the one shared network. */
function makeNode(options: Partial<SimNodeOptions> = {}): SimLightningBackend {
  seedCounter += 1;
  return new SimLightningBackend({ nodeSeedHex: seedCounter.toString(16).padStart(64, 'a'), ...options });
}

async function issue(node: SimLightningBackend, amountMsats = 1_000_000n, expirySeconds = 3600) {
  const created = await node.createInvoice({ amountMsats, description: 'withdrawal', expirySeconds });
  const pay: PayInvoiceInput = {
    bolt11: created.bolt11,
    paymentHash: created.paymentHash,
    amountMsats,
    feeLimitMsats: 10_000n,
    timeoutSeconds: 30,
  };
  return { ...created, pay };
}

const payer = makeNode();
const isPreimageOf = (preimage: string, hash: string) => bytesToHex(sha256(hexToBytes(preimage))) === hash;
const paidOutgoingRows = (hash: string) =>
  db.simInvoice.count({ where: { paymentHash: { startsWith: `out:${hash}:` }, status: 'PAID' } });

describe('SimLightningBackend', () => {
  it('issues a signed regtest invoice that a payer settles with the preimage', async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const invoice = await issue(wallet, 1_234_000n);
    const checked = checkPayoutInvoice(invoice.bolt11, {
      network: 'regtest',
      minMsats: 1_000n,
      maxMsats: 2_000_000n,
      expectedPayee: wallet.nodePubkey,
    });
    expect(checked).toMatchObject({ ok: true, invoice: { paymentHash: invoice.paymentHash, amountMsats: 1_234_000n } });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PENDING' });

    const outcome = await platform.payInvoice(invoice.pay);
    if (outcome.status !== 'PAID') throw new Error(`expected PAID, got ${JSON.stringify(outcome)}`);
    expect(isPreimageOf(outcome.preimage, invoice.paymentHash)).toBe(true);
    expect(outcome.feeMsats).toBe(1n + 1_234n); // 1 msat + 0.1 %
    expect(await platform.getPayment(invoice.paymentHash)).toEqual(outcome);
    const state = await wallet.getInvoice(invoice.paymentHash);
    expect(state).toMatchObject({ status: 'PAID', amountReceivedMsats: 1_234_000n });
    expect(state.paidAt).toBeInstanceOf(Date);
    const info = await platform.getInfo();
    expect(info).toEqual({ nodePubkey: platform.nodePubkey, network: 'regtest', balanceMsats: null });
  });

  it('keeps its state across restarts and shows each node only its own invoices', async () => {
    const seed = 'cd'.repeat(32);
    const wallet = new SimLightningBackend({ nodeSeedHex: seed });
    const platform = makeNode();
    const invoice = await issue(wallet);
    await platform.payInvoice(invoice.pay);
    const restarted = new SimLightningBackend({ nodeSeedHex: seed });
    expect(restarted.nodePubkey).toBe(wallet.nodePubkey);
    expect(await restarted.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PAID' });
    expect(await platform.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'NOT_FOUND' });
    expect(await wallet.getPayment(invoice.paymentHash)).toEqual({ status: 'NOT_FOUND' });
    expect(await wallet.getInvoice('not-a-hash')).toMatchObject({ status: 'NOT_FOUND' });
  });

  it('refuses a second payment of the same invoice, by the same payer or another', async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const other = makeNode();
    const invoice = await issue(wallet);
    expect((await platform.payInvoice(invoice.pay)).status).toBe('PAID');
    expect(await platform.payInvoice(invoice.pay)).toEqual({ status: 'FAILED', reason: 'invoice already paid' });
    expect(await other.payInvoice(invoice.pay)).toEqual({ status: 'FAILED', reason: 'invoice already paid' });
    expect(await paidOutgoingRows(invoice.paymentHash)).toBe(1);
    // The payer that did pay still finds its payment: "already paid" is never the whole story.
    expect((await platform.getPayment(invoice.paymentHash)).status).toBe('PAID');
  });

  it.each([
    ['20 different payers', () => Array.from({ length: 20 }, () => makeNode())],
    ['one payer 20 times', () => Array.from({ length: 20 }, () => payer)],
  ])('pays an invoice exactly once when %s race for it', async (_, makePayers) => {
    const wallet = makeNode();
    const invoice = await issue(wallet);
    const outcomes = await Promise.all(makePayers().map((node) => node.payInvoice(invoice.pay)));
    expect(outcomes.filter((outcome) => outcome.status === 'PAID')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'FAILED')).toHaveLength(19);
    expect(await paidOutgoingRows(invoice.paymentHash)).toBe(1);
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PAID' });
  });

  it('refuses an expired invoice and reports it EXPIRED to its issuer', async () => {
    const later = () => new Date(Date.now() + 61_000);
    const seed = 'ab'.repeat(32);
    const wallet = new SimLightningBackend({ nodeSeedHex: seed });
    const invoice = await issue(wallet, 5_000n, 60);
    const expired = await makeNode({ now: later }).payInvoice(invoice.pay);
    expect(expired).toEqual({ status: 'FAILED', reason: 'invoice expired' });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PENDING' });
    const walletLater = new SimLightningBackend({ nodeSeedHex: seed, now: later });
    expect(await walletLater.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'EXPIRED' });
  });

  it('finds no route to an invoice that no simulated node issued', async () => {
    const platform = makeNode();
    const foreign = makeTestInvoice({ amountMsats: 1_000_000n });
    const decoded = checkPayoutInvoice(foreign, { network: 'regtest', minMsats: 0n, maxMsats: 10n ** 12n });
    if (!decoded.ok) throw new Error(decoded.reason);
    const { paymentHash } = decoded.invoice;
    const pay = { bolt11: foreign, paymentHash, amountMsats: 1_000_000n, feeLimitMsats: 10_000n, timeoutSeconds: 5 };
    expect(await platform.payInvoice(pay)).toEqual({ status: 'FAILED', reason: 'no route' });
    expect(await platform.getPayment(pay.paymentHash)).toEqual({ status: 'FAILED', reason: 'no route' });
  });

  it('fails, without paying, when the routing fee would exceed the limit', async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const invoice = await issue(wallet, 1_000_000n);
    const tooTight = await platform.payInvoice({ ...invoice.pay, feeLimitMsats: 1_000n });
    expect(tooTight).toEqual({ status: 'FAILED', reason: 'no route within fee limit' });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PENDING' });
    // A retry with enough room pays (the FAILED record is replaced, not duplicated).
    const roomy = await platform.payInvoice({ ...invoice.pay, feeLimitMsats: 1_001n });
    expect(roomy).toMatchObject({ status: 'PAID', feeMsats: 1_001n });
  });

  it('refuses before sending: wrong hash, wrong amount, other network, own invoice, not an invoice', async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const invoice = await issue(wallet);
    const fail = (reason: string) => ({ status: 'FAILED', reason });
    expect(await platform.payInvoice({ ...invoice.pay, paymentHash: '00'.repeat(32) })).toEqual(
      fail('payment hash does not match the invoice'),
    );
    expect(await platform.payInvoice({ ...invoice.pay, amountMsats: 999_999n })).toEqual(
      fail('amount does not match the invoice'),
    );
    expect(await wallet.payInvoice(invoice.pay)).toEqual(fail('cannot pay an invoice of this node'));
    const signet = makeNode({ network: 'signet' });
    expect(await signet.payInvoice(invoice.pay)).toEqual(fail('invoice is for regtest, this node is on signet'));
    expect(await platform.payInvoice({ ...invoice.pay, bolt11: 'lnbcrt1garbage' })).toMatchObject({ status: 'FAILED' });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PENDING' });
    expect(await platform.getPayment(invoice.paymentHash)).toEqual({ status: 'NOT_FOUND' });
  });
});

describe('SimLightningBackend fault injection', () => {
  it("'fail' fails definitely and pays nothing; a later attempt can pay", async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const invoice = await issue(wallet);
    platform.faults = { mode: 'fail' };
    expect(await platform.payInvoice(invoice.pay)).toEqual({ status: 'FAILED', reason: 'simulated failure' });
    expect(await platform.getPayment(invoice.paymentHash)).toEqual({ status: 'FAILED', reason: 'simulated failure' });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PENDING' });
    platform.faults = { mode: 'none' };
    expect((await platform.payInvoice(invoice.pay)).status).toBe('PAID');
    expect(await paidOutgoingRows(invoice.paymentHash)).toBe(1);
  });

  it("'timeout' answers PENDING and sends nothing: the node never saw it", async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const invoice = await issue(wallet);
    platform.faults = { mode: 'timeout' };
    expect((await platform.payInvoice(invoice.pay)).status).toBe('PENDING');
    expect(await platform.getPayment(invoice.paymentHash)).toEqual({ status: 'NOT_FOUND' });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PENDING' });
  });

  it("'pay_then_timeout' pays but loses the reply; getPayment finds the payment, a retry is refused", async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const invoice = await issue(wallet);
    platform.faults = { mode: 'pay_then_timeout' };
    const lost = await platform.payInvoice(invoice.pay);
    expect(lost).toEqual({ status: 'PENDING', reason: 'simulated timeout: the reply was lost' });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PAID' });
    const found = await platform.getPayment(invoice.paymentHash);
    if (found.status !== 'PAID') throw new Error(`expected PAID, got ${found.status}`);
    expect(isPreimageOf(found.preimage, invoice.paymentHash)).toBe(true);
    platform.faults = { mode: 'none' };
    expect(await platform.payInvoice(invoice.pay)).toEqual({ status: 'FAILED', reason: 'invoice already paid' });
    expect(await paidOutgoingRows(invoice.paymentHash)).toBe(1);
  });

  it("'in_flight_forever' stays PENDING until cleared, then settles", async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const invoice = await issue(wallet);
    platform.faults = { mode: 'in_flight_forever' };
    expect((await platform.payInvoice(invoice.pay)).status).toBe('PENDING');
    expect((await platform.getPayment(invoice.paymentHash)).status).toBe('PENDING');
    expect((await platform.getPayment(invoice.paymentHash)).status).toBe('PENDING');
    expect(await platform.payInvoice(invoice.pay)).toEqual({ status: 'PENDING', reason: 'payment already in flight' });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PENDING' });
    platform.faults = { mode: 'none' };
    const settled = await platform.getPayment(invoice.paymentHash);
    expect(settled).toMatchObject({ status: 'PAID', feeMsats: 1_001n });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PAID' });
    expect(await platform.getPayment(invoice.paymentHash)).toEqual(settled);
  });

  it("'in_flight_forever' followed by 'fail' resolves as a definite failure", async () => {
    const wallet = makeNode();
    const platform = makeNode();
    const invoice = await issue(wallet);
    platform.faults = { mode: 'in_flight_forever' };
    await platform.payInvoice(invoice.pay);
    platform.faults = { mode: 'fail' };
    expect(await platform.getPayment(invoice.paymentHash)).toEqual({ status: 'FAILED', reason: 'simulated failure' });
    expect(await wallet.getInvoice(invoice.paymentHash)).toMatchObject({ status: 'PENDING' });
  });

  it('faults belong to one instance: another instance with the same seed resolves the payment', async () => {
    const wallet = makeNode();
    const seed = 'ef'.repeat(32);
    const stuck = new SimLightningBackend({ nodeSeedHex: seed });
    const invoice = await issue(wallet);
    stuck.faults = { mode: 'in_flight_forever' };
    await stuck.payInvoice(invoice.pay);
    const reconciler = new SimLightningBackend({ nodeSeedHex: seed });
    expect((await reconciler.getPayment(invoice.paymentHash)).status).toBe('PAID');
    expect((await stuck.getPayment(invoice.paymentHash)).status).toBe('PAID');
  });
});
