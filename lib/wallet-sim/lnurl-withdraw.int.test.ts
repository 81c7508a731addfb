// The wallet side of LNURL-withdraw against a tiny LUD-03 service on 127.0.0.1 that pays from a simulated
// platform node, asynchronously after replying OK, as the spec asks.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkPayoutInvoice } from '@/lib/lightning/invoice';
import { SimLightningBackend } from '@/lib/lightning/sim';
import { decodeLnurl, encodeLnurl } from '@/lib/lnurl/codec';
import { waitForPayment, withdrawWithLnurl, type WithdrawWithLnurlOptions } from './lnurl-withdraw';
import { createWalletNode } from './sim-wallet';

type Link = { minMsats: bigint; maxMsats: bigint; status: 'OPEN' | 'USED' };

/** A minimal LNURL-withdraw service: one link per k1, claimed once, paid after the OK reply. */
class FakeWithdrawService {
  readonly links = new Map<string, Link>();
  readonly payments: Promise<unknown>[] = [];
  readonly platform = new SimLightningBackend({ nodeSeedHex: '77'.repeat(32) });
  requests: string[] = [];
  port = 0;
  private server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://service.invalid');
    this.requests.push(url.pathname);
    if (url.pathname === '/hang') return; // never answers: the wallet must time out
    const reply = this.handle(url);
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(typeof reply === 'string' ? reply : JSON.stringify(reply));
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  issueLnurl(minMsats: bigint, maxMsats: bigint, path = '/withdraw'): string {
    const k1 = randomBytes(32).toString('hex');
    this.links.set(k1, { minMsats, maxMsats, status: 'OPEN' });
    return encodeLnurl(`http://127.0.0.1:${this.port}${path}?k1=${k1}`);
  }

  private handle(url: URL): object | string {
    const k1 = url.searchParams.get('k1') ?? '';
    const link = this.links.get(k1);
    switch (url.pathname) {
      case '/garbage':
        return '<html>oops</html>';
      case '/unsafe-number':
        return { ...this.request(k1, 1000, 2 ** 60), callback: this.callback() };
      case '/foreign-callback':
        return { ...this.request(k1, 1000, 5000), callback: 'https://evil.example/cb' };
      case '/withdraw':
        if (!link) return { status: 'ERROR', reason: 'Unknown withdraw link.' };
        // Reading the link never consumes it (LUD-03): wallets fetch it more than once.
        return {
          ...this.request(k1, Number(link.minMsats), link.status === 'OPEN' ? Number(link.maxMsats) : 0),
          callback: this.callback(),
        };
      case '/callback':
        return this.accept(k1, link, url.searchParams.get('pr') ?? '');
      default:
        return { status: 'ERROR', reason: 'Not found.' };
    }
  }

  private accept(k1: string, link: Link | undefined, pr: string): object {
    if (!link) return { status: 'ERROR', reason: 'Unknown withdraw link.' };
    if (link.status !== 'OPEN') return { status: 'ERROR', reason: 'This withdraw link was already used.' };
    const checked = checkPayoutInvoice(pr, { network: 'regtest', minMsats: link.minMsats, maxMsats: link.maxMsats });
    if (!checked.ok) return { status: 'ERROR', reason: checked.reason };
    link.status = 'USED';
    const { paymentHash, amountMsats } = checked.invoice;
    const payment = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
      this.platform.payInvoice({ bolt11: pr, paymentHash, amountMsats, feeLimitMsats: 10_000n, timeoutSeconds: 5 }),
    );
    this.payments.push(payment);
    return { status: 'OK' };
  }

  private request(k1: string, minWithdrawable: number, maxWithdrawable: number) {
    return { tag: 'withdrawRequest', k1, minWithdrawable, maxWithdrawable, defaultDescription: 'Boltwork earnings' };
  }

  private callback(): string {
    // A callback that already has a query: the wallet must append k1 and pr with `&`.
    return `http://127.0.0.1:${this.port}/callback?v=1`;
  }
}

const service = new FakeWithdrawService();
const wallet = createWalletNode('55'.repeat(32));
const withdraw = (lnurl: string, options: Partial<WithdrawWithLnurlOptions> = {}) =>
  withdrawWithLnurl({ lnurl, wallet, timeoutMs: 2_000, ...options });

beforeAll(() => service.start());
afterAll(async () => {
  await Promise.allSettled(service.payments);
  await service.stop();
});
beforeEach(() => {
  service.requests = [];
});

describe('withdrawWithLnurl against a real HTTP service', () => {
  it('withdraws the maximum, and the service pays the invoice after replying OK', async () => {
    const result = await withdraw(service.issueLnurl(1_000n, 21_000n));
    if (!result.ok) throw new Error(result.reason);
    expect(result.amountMsats).toBe(21_000n);
    expect(service.requests).toEqual(['/withdraw', '/callback']);
    const paid = await waitForPayment(wallet, result.paymentHash, { timeoutMs: 5_000 });
    expect(paid).toMatchObject({ status: 'PAID', amountReceivedMsats: 21_000n });
  });

  it('accepts lightning:, lowercase, lnurlw:// and the https fallback forms', async () => {
    const lnurl = service.issueLnurl(1_000n, 2_000n);
    expect((await withdraw(`lightning:${lnurl.toLowerCase()}`)).ok).toBe(true);
    const lud17 = decodeLnurl(service.issueLnurl(1_000n, 2_000n)).replace('http://', 'lnurlw://');
    expect((await withdraw(lud17)).ok).toBe(true);
    const fallback = `http://127.0.0.1:${service.port}/landing?lightning=${service.issueLnurl(1_000n, 2_000n)}`;
    expect((await withdraw(fallback)).ok).toBe(true);
  });

  it('asks for a chosen amount within the bounds, and refuses one outside them without calling back', async () => {
    const lnurl = service.issueLnurl(2_000n, 9_000n);
    const bounds = 'the amount must be between 2000 and 9000 msats';
    expect(await withdraw(lnurl, { amountMsats: 9_001n })).toEqual({ ok: false, reason: bounds });
    expect(await withdraw(lnurl, { amountMsats: 1_999n })).toEqual({ ok: false, reason: bounds });
    expect(service.requests).not.toContain('/callback');
    const result = await withdraw(lnurl, { amountMsats: 3_000n });
    if (!result.ok) throw new Error(result.reason);
    expect(await waitForPayment(wallet, result.paymentHash, { timeoutMs: 5_000 })).toMatchObject({
      status: 'PAID',
      amountReceivedMsats: 3_000n,
    });
  });

  it("surfaces the service's ERROR replies, at the link and at the callback", async () => {
    expect(await withdraw(encodeLnurl(`http://127.0.0.1:${service.port}/withdraw?k1=nope`))).toEqual({
      ok: false,
      reason: 'Unknown withdraw link.',
    });
    // The callback checks the invoice: a signet wallet's invoice is refused with the service's own reason.
    const signetWallet = createWalletNode('56'.repeat(32), { network: 'signet' });
    const lnurl = service.issueLnurl(1_000n, 2_000n);
    service.requests = [];
    expect(await withdraw(lnurl, { wallet: signetWallet })).toEqual({
      ok: false,
      reason: 'The invoice is for signet (lntbs) but we pay on regtest (lnbcrt).',
    });
    expect(service.requests).toEqual(['/withdraw', '/callback']);
    expect((await withdraw(lnurl)).ok).toBe(true);
    // Used: the link now offers nothing (min = max = 0 would be the spec's way; here max = 0).
    expect(await withdraw(lnurl)).toEqual({ ok: false, reason: 'there is nothing to withdraw' });
  });

  it('refuses origins outside allowedOrigins before any request, callback included', async () => {
    const lnurl = service.issueLnurl(1_000n, 2_000n);
    const refused = await withdraw(lnurl, { allowedOrigins: ['https://boltwork.example'] });
    expect(refused).toEqual({ ok: false, reason: `refusing to contact http://127.0.0.1:${service.port}` });
    expect(service.requests).toEqual([]);
    const foreign = encodeLnurl(`http://127.0.0.1:${service.port}/foreign-callback?k1=x`);
    const bounced = await withdraw(foreign, { allowedOrigins: [`http://127.0.0.1:${service.port}`] });
    expect(bounced).toEqual({ ok: false, reason: 'refusing to contact https://evil.example' });
    expect((await withdraw(lnurl, { allowedOrigins: [`http://127.0.0.1:${service.port}/`] })).ok).toBe(true);
  });

  it('reports garbage, unsafe numbers, silence and bad links', async () => {
    const at = (path: string) => encodeLnurl(`http://127.0.0.1:${service.port}${path}?k1=x`);
    expect(await withdraw(at('/garbage'))).toEqual({ ok: false, reason: 'the service sent an invalid reply' });
    expect(await withdraw(at('/unsafe-number'))).toEqual({
      ok: false,
      reason: 'the service sent an invalid withdraw request',
    });
    expect(await withdraw(at('/hang'), { timeoutMs: 150 })).toEqual({
      ok: false,
      reason: 'the service did not answer in time',
    });
    expect(await withdraw('LNURL1GARBAGE')).toEqual({ ok: false, reason: 'not a valid LNURL' });
    expect(await withdraw('http://boltwork.example/withdraw')).toEqual({ ok: false, reason: 'not a valid LNURL' });
  });

  it('waitForPayment gives up with the last state when nobody pays', async () => {
    const unpaid = await wallet.createInvoice({ amountMsats: 1_000n, description: 'x', expirySeconds: 600 });
    expect(await waitForPayment(wallet, unpaid.paymentHash, { timeoutMs: 200, intervalMs: 50 })).toMatchObject({
      status: 'PENDING',
    });
  });
});
