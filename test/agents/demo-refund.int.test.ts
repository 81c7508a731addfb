// Demo mode: an agent trying the API locally names the wallet simulator's LNURL-pay link (served by the app) as its
// refund destination; cancelling the job pays the refund to the wallet simulator's node, over real HTTP, with no
// test hooks. Outside demo mode the same link is refused like any other local address.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Served on a fixed local port so the public URL (which the link encodes) is known before any module reads it.
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.env.BOLTWORK_DEMO = '1';
process.env.BOLTWORK_PUBLIC_URL = origin;

const { createAgentClient } = await import('@/lib/agent-client');
const { db } = await import('@/lib/db');
const { getLedgerSum } = await import('@/lib/ledger/accounts');
const { sendAgentRefund } = await import('@/lib/agents/refunds');
const { demoWalletPayLink } = await import('@/lib/wallet-sim/lnurl-pay');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { DEMO_WALLET_SEED } = await import('@/lib/wallet-sim/demo-wallet');
const { startAgentApi, createAgentWallet } = await import('./harness');
const { stopBoss } = await import('@/lib/jobs/boss');

let api: Awaited<ReturnType<typeof startAgentApi>>;
beforeAll(async () => {
  const [payRequest, callback] = await Promise.all([import('@/app/api/demo/lnurlp/route'), import('@/app/api/demo/lnurlp/callback/route')]);
  server.on('request', async (req, res) => {
    const url = new URL(`${origin}${req.url}`);
    const response = url.pathname === '/api/demo/lnurlp' ? await payRequest.GET() : url.pathname === '/api/demo/lnurlp/callback' ? await callback.GET(new Request(url)) : new Response(null, { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
  api = await startAgentApi();
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => server.close(resolve));
  await stopBoss();
});

describe('demo refunds to the wallet simulator', () => {
  it('a cancelled job is refunded to the demo LNURL-pay link, to the msat', { timeout: 60_000 }, async () => {
    const wallet = createAgentWallet();
    const client = createAgentClient({ baseUrl: api.origin, payInvoice: wallet.payInvoice, maxPriceMsats: 1_000_000n });
    const created = await client.createJob({
      taskType: 'CLASSIFICATION', instructions: 'Cat or dog?', typeConfig: { labels: ['cat', 'dog'] },
      items: [{ id: 'a', text: 'Photo a' }, { id: 'b', text: 'Photo b' }], judgmentsPerItem: 2, rewardSats: 50,
      refundTo: { type: 'lnurl', lnurl: demoWalletPayLink() },
    });
    expect(created.paidMsats).toBe(210_000n); // 4 × (50 sats + 5 %)

    const cancel = await fetch(`${api.origin}/api/agent/v1/jobs/${created.job.id}`, { method: 'DELETE', headers: { authorization: `L402 ${created.token!.macaroon}:${created.token!.preimage}` } });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toMatchObject({ status: 'CANCELLED', refundPendingMsats: '210000' });

    // What the agent.refund job does, here without a job worker: pay each PENDING attempt (a follow-up takes the fee reserve).
    for (let attempt = 0; attempt < 3; attempt++) {
      const pending = await db.agentRefund.findFirst({ where: { status: 'PENDING' }, orderBy: { createdAt: 'asc' } });
      if (!pending) break;
      expect(await sendAgentRefund(pending.id)).toBe('PAID');
    }
    const refunds = await db.agentRefund.findMany({ where: { status: 'PAID' }, select: { amountMsats: true, feeMsats: true, paymentHash: true } });
    const received = await Promise.all(refunds.map((r) => createWalletNode(DEMO_WALLET_SEED).getInvoice(r.paymentHash!)));
    expect(received.every((invoice) => invoice.status === 'PAID')).toBe(true);
    const sent = refunds.reduce((sum, r) => sum + r.amountMsats, 0n);
    const job = await client.getJob(created.job.id, created.token!);
    expect(job.refundedMsats).toBe(sent);
    // Everything paid comes back but the routing fee and the dust no 2-sat fee floor could route (docs/payments.md).
    const fees = refunds.reduce((sum, r) => sum + (r.feeMsats ?? 0n), 0n);
    const dust = await db.ledgerTransfer.aggregate({ where: { reason: 'PLATFORM_FEE', memo: { startsWith: 'agent refund remainder' } }, _sum: { amountMsats: true } });
    expect(sent + fees + (dust._sum.amountMsats ?? 0n)).toBe(created.paidMsats);
    expect(dust._sum.amountMsats ?? 0n).toBeLessThan(3_000n);
    expect(job.refundPendingMsats).toBe(0n);
    expect(await getLedgerSum(db)).toBe(0n);
  });
});
