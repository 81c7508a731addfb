import { createHash } from 'node:crypto';
import { encode, sign } from 'bolt11';
import { describe, expect, it } from 'vitest';
import type { LightningNetwork } from '@/lib/lightning/backend';
import { BOLT11_NETWORKS } from '@/lib/lightning/sim-keys';
import { TEST_PAYMENT_HASH, TEST_PRIVATE_KEY } from '@/lib/lightning/__fixtures__/test-invoices';
import { fetchPayRequest, LnurlPayError, parseLightningAddress, requestInvoice, validateInvoice, type PayRequest } from './pay-client';

const metadata = JSON.stringify([['text/plain', 'Pay alice']]);
const metadataHash = createHash('sha256').update(metadata).digest('hex');

function invoice({ amountMsats = 21_000n, hash = metadataHash, network = 'regtest' as LightningNetwork, timestamp = Math.floor(Date.now() / 1000), expiry = 600 } = {}) {
  const unsigned = encode({
    network: BOLT11_NETWORKS[network],
    timestamp,
    millisatoshis: amountMsats.toString(),
    tags: [
      { tagName: 'payment_hash', data: TEST_PAYMENT_HASH },
      { tagName: 'payment_secret', data: '11'.repeat(32) },
      { tagName: 'purpose_commit_hash', data: hash },
      { tagName: 'expire_time', data: expiry },
    ],
  });
  return sign(unsigned, TEST_PRIVATE_KEY).paymentRequest!;
}

const jsonFetch = (routes: Record<string, unknown>, seen: string[] = []): typeof fetch =>
  (async (input: string | URL | Request) => {
    const url = String(input);
    seen.push(url);
    const key = Object.keys(routes).find((prefix) => url.startsWith(prefix));
    if (!key) throw new TypeError('fetch failed');
    return new Response(JSON.stringify(routes[key]));
  }) as typeof fetch;

describe('parseLightningAddress', () => {
  it('accepts name@host, lowercased and trimmed', () => {
    expect(parseLightningAddress('  Alice.B+tips@Wallet.Example.COM ')).toEqual({ name: 'alice.b+tips', host: 'wallet.example.com', address: 'alice.b+tips@wallet.example.com' });
  });
  it.each(['alice', '@example.com', 'alice@', 'al ice@example.com', 'alice@example', 'alice@-bad.com', `${'a'.repeat(65)}@example.com`, 'alice@exa_mple.com', 'a@b@example.com'])(
    'refuses %s',
    (input) => expect(() => parseLightningAddress(input)).toThrow(LnurlPayError),
  );
  it.each(['alice@127.0.0.1', 'alice@localhost', 'alice@[::1]', 'alice@10.1', 'alice@printer.local', 'alice@example.com:8080', 'alice@db.internal'])('refuses the private host in %s', (input) =>
    expect(() => parseLightningAddress(input)).toThrow(/not a public domain/),
  );
  it('accepts local hosts only with allowInsecureHosts', () => {
    expect(parseLightningAddress('alice@127.0.0.1:8080', { allowInsecureHosts: true }).host).toBe('127.0.0.1:8080');
    expect(parseLightningAddress('alice@localhost', { allowInsecureHosts: true }).host).toBe('localhost');
  });
});

describe('fetchPayRequest', () => {
  const good = { tag: 'payRequest', callback: 'https://pay.example.com/cb?u=alice', minSendable: 1000, maxSendable: 1_000_000, metadata };

  it('GETs the well-known URL over https and returns the request with sha256(metadata)', async () => {
    const seen: string[] = [];
    const request = await fetchPayRequest('alice@example.com', { fetchImpl: jsonFetch({ 'https://example.com/.well-known/lnurlp/alice': good }, seen) });
    expect(seen).toEqual(['https://example.com/.well-known/lnurlp/alice']);
    expect(request).toMatchObject({ address: 'alice@example.com', minSendableMsats: 1000n, maxSendableMsats: 1_000_000n, metadataHash });
  });

  it.each([
    [{ ...good, tag: 'withdrawRequest' }, /valid LNURL-pay/],
    [{ ...good, callback: 'http://pay.example.com/cb' }, /not https/],
    [{ ...good, callback: 'https://127.0.0.1/cb' }, /host we do not contact/],
    [{ ...good, maxSendable: Number.MAX_SAFE_INTEGER + 2 }, /valid LNURL-pay/],
    [{ ...good, minSendable: 5000, maxSendable: 1000 }, /minimum is above/],
    [{ ...good, metadata: '[["image/png;base64","x"]]' }, /metadata/],
    [{ status: 'ERROR', reason: 'no such user' }, /no such user/],
  ])('refuses a bad reply %#', async (reply, message) => {
    await expect(fetchPayRequest('alice@example.com', { fetchImpl: jsonFetch({ 'https://example.com/': reply }) })).rejects.toThrow(message);
  });

  it('says when the host cannot be reached', async () => {
    await expect(fetchPayRequest('alice@example.com', { fetchImpl: jsonFetch({}) })).rejects.toThrow('Could not reach alice@example.com.');
  });
});

describe('requestInvoice and validateInvoice', () => {
  const payRequest: PayRequest = { address: 'alice@example.com', callback: 'https://pay.example.com/cb?u=alice', minSendableMsats: 1000n, maxSendableMsats: 1_000_000n, metadata, metadataHash };

  it('appends amount with & and returns a valid invoice', async () => {
    const seen: string[] = [];
    const result = await requestInvoice(payRequest, 21_000n, { network: 'regtest', fetchImpl: jsonFetch({ 'https://pay.example.com/cb': { pr: invoice() } }, seen) });
    expect(seen).toEqual(['https://pay.example.com/cb?u=alice&amount=21000']);
    expect(result).toMatchObject({ amountMsats: 21_000n, paymentHash: TEST_PAYMENT_HASH });
  });

  it('refuses amounts outside min/max before asking', async () => {
    await expect(requestInvoice(payRequest, 500n, { network: 'regtest', fetchImpl: jsonFetch({}) })).rejects.toThrow(/accepts 1 sat to 1,000 sats/);
  });

  it('passes on the server error reason', async () => {
    await expect(requestInvoice(payRequest, 21_000n, { network: 'regtest', fetchImpl: jsonFetch({ 'https://pay.example.com/': { status: 'ERROR', reason: 'offline' } }) })).rejects.toThrow(/offline/);
  });

  it.each([
    ['wrong amount', invoice({ amountMsats: 22_000n }), /for 22 sats, not the 21 sats/],
    ['wrong description hash', invoice({ hash: '00'.repeat(32) }), /description hash/],
    ['wrong network', invoice({ network: 'mainnet' }), /for mainnet/],
    ['expired', invoice({ timestamp: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
    ['future', invoice({ timestamp: Math.floor(Date.now() / 1000) + 3600 }), /future/],
    ['two invoices', `${invoice()},${invoice()}`, /single invoice/],
    ['garbage', 'lnbcrt1garbage', /invalid invoice/],
  ])('refuses %s', (_, pr, message) => {
    expect(() => validateInvoice(pr, payRequest, 21_000n, { network: 'regtest' })).toThrow(message);
  });
});
