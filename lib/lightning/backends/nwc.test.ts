// NwcBackend round trips through the SDK's own wallet service (NWCWalletService) and a minimal NIP-01
// relay on 127.0.0.1 written with `ws`: REQ / EVENT / CLOSE, EOSE and OK, events kept in memory
// (replaceable kinds replaced, ephemeral ones only forwarded) and routed by kinds, authors, #p and #e.
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import { schnorr } from '@noble/curves/secp256k1.js';
import type { NWCWalletService, NWCWalletServiceRequestHandler, Nip47Transaction } from '@getalby/sdk/nwc';
import { WebSocket, WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { NwcBackend } from './nwc';

type NostrEvent = { id: string; pubkey: string; created_at: number; kind: number; tags: string[][]; content: string; sig: string };
type Filter = { ids?: string[]; kinds?: number[]; authors?: string[]; since?: number; until?: number; limit?: number } & Record<string, unknown>;

function matches(event: NostrEvent, filter: Filter): boolean {
  if (filter.ids && !filter.ids.includes(event.id)) return false;
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.authors && !filter.authors.includes(event.pubkey)) return false;
  if (filter.since !== undefined && event.created_at < filter.since) return false;
  if (filter.until !== undefined && event.created_at > filter.until) return false;
  for (const [key, values] of Object.entries(filter)) {
    if (!key.startsWith('#') || !Array.isArray(values)) continue;
    const name = key.slice(1);
    if (!event.tags.some((tag) => tag[0] === name && values.includes(tag[1]))) return false;
  }
  return true;
}

/** Just enough of a Nostr relay (NIP-01) for NIP-47: nothing is verified, everything is routed. */
class TestRelay {
  readonly server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  readonly stored: NostrEvent[] = [];
  readonly subscriptions = new Map<WebSocket, Map<string, Filter[]>>();

  constructor() {
    this.server.on('connection', (socket) => {
      this.subscriptions.set(socket, new Map());
      socket.on('close', () => this.subscriptions.delete(socket));
      socket.on('message', (data) => this.#onMessage(socket, String(data)));
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  hasSubscription(filter: (f: Filter) => boolean): boolean {
    return [...this.subscriptions.values()].some((subs) => [...subs.values()].some((filters) => filters.some(filter)));
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #onMessage(socket: WebSocket, raw: string) {
    const message: unknown = JSON.parse(raw);
    if (!Array.isArray(message)) return;
    const [type, ...rest] = message as [string, ...unknown[]];
    if (type === 'EVENT') {
      const event = rest[0] as NostrEvent;
      const ephemeral = event.kind >= 20000 && event.kind < 30000;
      const replaceable = event.kind >= 10000 && event.kind < 20000;
      if (replaceable) {
        const older = this.stored.findIndex((e) => e.kind === event.kind && e.pubkey === event.pubkey);
        if (older >= 0) this.stored.splice(older, 1);
      }
      if (!ephemeral) this.stored.push(event);
      socket.send(JSON.stringify(['OK', event.id, true, '']));
      for (const [client, subs] of this.subscriptions) {
        for (const [subId, filters] of subs) {
          if (filters.some((f) => matches(event, f))) client.send(JSON.stringify(['EVENT', subId, event]));
        }
      }
    } else if (type === 'REQ') {
      const [subId, ...filters] = rest as [string, ...Filter[]];
      this.subscriptions.get(socket)?.set(subId, filters);
      for (const filter of filters) {
        const found = this.stored.filter((e) => matches(e, filter)).sort((a, b) => b.created_at - a.created_at);
        for (const event of found.slice(0, filter.limit ?? found.length)) socket.send(JSON.stringify(['EVENT', subId, event]));
      }
      socket.send(JSON.stringify(['EOSE', subId]));
    } else if (type === 'CLOSE') {
      this.subscriptions.get(socket)?.delete(String(rest[0]));
    }
  }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
function newKeys() {
  const secret = randomBytes(32);
  return { secret: secret.toString('hex'), pubkey: hex(schnorr.getPublicKey(secret)) };
}
function newPair() {
  const preimage = randomBytes(32).toString('hex');
  return { preimage, hash: createHash('sha256').update(Buffer.from(preimage, 'hex')).digest('hex') };
}

const NODE_PUBKEY = `02${'ef'.repeat(32)}`;
const scenarios = { success: newPair(), failure: newPair(), hang: newPair(), broke: newPair() };
type Scenario = keyof typeof scenarios;
const invoiceFor = (scenario: Scenario) => `lnbcrt1u1fakenwc${scenario}`;

const incoming = new Map<string, Nip47Transaction>();
const outgoing = new Map<string, Nip47Transaction>();
const payCalls: string[] = [];

function transaction(type: 'incoming' | 'outgoing', hash: string, fields: Partial<Nip47Transaction>): Nip47Transaction {
  const now = Math.floor(Date.now() / 1000);
  return { type, state: 'pending', invoice: 'lnbcrt', description: '', description_hash: '', preimage: '', payment_hash: hash, amount: 1_000_000, fees_paid: 0, settled_at: 0, created_at: now, expires_at: now + 3600, ...fields };
}

const handler: NWCWalletServiceRequestHandler = {
  getInfo: async () => ({
    result: { alias: 'test wallet', color: '#000000', pubkey: NODE_PUBKEY, network: 'regtest', block_height: 1, block_hash: '', methods: ['get_info', 'get_balance', 'make_invoice', 'pay_invoice', 'lookup_invoice', 'list_transactions'] },
    error: undefined,
  }),
  getBalance: async () => ({ result: { balance: 21_000_000 }, error: undefined }),
  makeInvoice: async (request) => {
    const { preimage, hash } = newPair();
    const tx = transaction('incoming', hash, { invoice: `lnbcrt${request.amount}fakeinvoice`, description: request.description ?? '', preimage, amount: request.amount, expires_at: Math.floor(Date.now() / 1000) + (request.expiry ?? 3600) });
    incoming.set(hash, tx);
    return { result: tx, error: undefined };
  },
  lookupInvoice: async (request) => {
    const tx = outgoing.get(request.payment_hash ?? '') ?? incoming.get(request.payment_hash ?? '');
    return tx ? { result: tx, error: undefined } : { result: undefined, error: { code: 'NOT_FOUND', message: 'transaction not found' } };
  },
  listTransactions: async () => ({ result: { transactions: [...outgoing.values()], total_count: outgoing.size }, error: undefined }),
  payInvoice: async (request) => {
    payCalls.push(request.invoice);
    const scenario = (Object.keys(scenarios) as Scenario[]).find((key) => invoiceFor(key) === request.invoice);
    if (!scenario) return { result: undefined, error: { code: 'OTHER', message: 'unknown invoice' } };
    const { preimage, hash } = scenarios[scenario];
    const base = { invoice: request.invoice };
    switch (scenario) {
      case 'success':
        outgoing.set(hash, transaction('outgoing', hash, { ...base, state: 'settled', preimage, fees_paid: 2_000, settled_at: Math.floor(Date.now() / 1000) }));
        return { result: { preimage, fees_paid: 2_000 }, error: undefined };
      case 'failure':
        outgoing.set(hash, transaction('outgoing', hash, { ...base, state: 'failed' }));
        return { result: undefined, error: { code: 'PAYMENT_FAILED', message: 'no route found' } };
      case 'broke':
        return { result: undefined, error: { code: 'INSUFFICIENT_BALANCE', message: 'not enough funds' } };
      case 'hang':
        outgoing.set(hash, transaction('outgoing', hash, { ...base, state: 'pending' }));
        return new Promise(() => undefined); // the wallet never replies
    }
  },
};

const relay = new TestRelay();
const wallet = newKeys();
const client = newKeys();
const silentWallet = newKeys();
const services: NWCWalletService[] = [];
const backends: NwcBackend[] = [];
let unsubscribe: () => void = () => undefined;

function connectionUri(walletPubkey = wallet.pubkey) {
  return `nostr+walletconnect://${walletPubkey}?relay=${encodeURIComponent(relay.url)}&secret=${client.secret}`;
}

function backend(overrides: Partial<ConstructorParameters<typeof NwcBackend>[0]> = {}): NwcBackend {
  const created = new NwcBackend({ connectionUri: connectionUri(), network: 'regtest', payTimeoutMs: 800, requestTimeoutMs: 1_500, ...overrides });
  backends.push(created);
  return created;
}

function payInput(scenario: Scenario) {
  return { bolt11: invoiceFor(scenario), paymentHash: scenarios[scenario].hash, amountMsats: 1_000_000n, feeLimitMsats: 10_000n, timeoutSeconds: 30 };
}

beforeAll(async () => {
  // The SDK logs every request's progress and every wallet error; keep the test output readable.
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation(() => undefined);
  if (!relay.server.address()) await new Promise<void>((resolve) => relay.server.once('listening', () => resolve()));
  // Node 20 has no global WebSocket: the backend installs ws's before it loads the SDK (a wallet that has
  // not announced itself yet fails fast, which is all this first call needs).
  const hadWebSocket = typeof globalThis.WebSocket !== 'undefined';
  await backend({ requestTimeoutMs: 300 }).getInfo().catch(() => undefined);
  if (!hadWebSocket) expect(globalThis.WebSocket).toBe(WebSocket);
  const sdk = await import('@getalby/sdk/nwc');
  const methods = ['get_info', 'get_balance', 'make_invoice', 'pay_invoice', 'lookup_invoice', 'list_transactions'] as const;

  const service = new sdk.NWCWalletService({ relayUrl: relay.url });
  services.push(service);
  await service.publishWalletServiceInfoEvent(wallet.secret, [...methods], []);
  unsubscribe = await service.subscribe(new sdk.NWCWalletServiceKeyPair(wallet.secret, client.pubkey), handler);

  // A wallet that announced itself and then went quiet: it never subscribes to requests.
  const silent = new sdk.NWCWalletService({ relayUrl: relay.url });
  services.push(silent);
  await silent.publishWalletServiceInfoEvent(silentWallet.secret, [...methods], []);

  await vi.waitFor(() => {
    if (!relay.hasSubscription((f) => f.kinds?.includes(23194) === true && Array.isArray(f['#p']) && f['#p'].includes(wallet.pubkey))) {
      throw new Error('wallet service not subscribed yet');
    }
  });
});

afterAll(async () => {
  unsubscribe();
  await Promise.all(backends.map((b) => b.close()));
  for (const service of services) service.close();
  await relay.close();
  vi.restoreAllMocks();
});

describe('NwcBackend through NWCWalletService and a local relay', () => {
  it('reads get_info and get_balance', async () => {
    expect(await backend().getInfo()).toEqual({ nodePubkey: NODE_PUBKEY, network: 'regtest', balanceMsats: 21_000_000n });
  });

  it('refuses a wallet on another network', async () => {
    await expect(backend({ network: 'mainnet' }).getInfo()).rejects.toThrow(/"regtest".*mainnet/);
  });

  it('makes an invoice and follows it with lookup_invoice', async () => {
    const nwc = backend();
    const created = await nwc.createInvoice({ amountMsats: 1_500n, description: 'Boltwork funding', expirySeconds: 600 });
    expect(created.bolt11).toBe('lnbcrt1500fakeinvoice');
    expect(created.paymentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(created.expiresAt.getTime() - (Date.now() + 600_000))).toBeLessThan(5_000);
    expect((await nwc.getInvoice(created.paymentHash)).status).toBe('PENDING');
    Object.assign(incoming.get(created.paymentHash) ?? {}, { state: 'settled', settled_at: 1_700_000_000, amount: 1_500 });
    expect(await nwc.getInvoice(created.paymentHash)).toEqual({ paymentHash: created.paymentHash, status: 'PAID', amountReceivedMsats: 1_500n, paidAt: new Date(1_700_000_000_000) });
    expect((await nwc.getInvoice(newPair().hash)).status).toBe('NOT_FOUND');
  });

  it('pays: PAID with a preimage that hashes to the payment hash', async () => {
    expect(await backend().payInvoice(payInput('success'))).toEqual({ status: 'PAID', preimage: scenarios.success.preimage, feeMsats: 2_000n });
  });

  it('does not send again what the wallet already paid: the lookup answers first', async () => {
    const calls = payCalls.length;
    expect(await backend().payInvoice(payInput('success'))).toEqual({ status: 'PAID', preimage: scenarios.success.preimage, feeMsats: 2_000n });
    expect(payCalls.length).toBe(calls);
  });

  it('is FAILED when the wallet says PAYMENT_FAILED and its records agree', async () => {
    expect(await backend().payInvoice(payInput('failure'))).toEqual({ status: 'FAILED', reason: 'NWC wallet: PAYMENT_FAILED no route found' });
  });

  it('is FAILED when the wallet refuses before sending', async () => {
    expect(await backend().payInvoice(payInput('broke'))).toEqual({ status: 'FAILED', reason: 'NWC wallet refused: INSUFFICIENT_BALANCE not enough funds' });
  });

  it('is PENDING when pay_invoice gets no reply, and stays PENDING on lookup', async () => {
    const nwc = backend();
    const started = Date.now();
    expect(await nwc.payInvoice(payInput('hang'))).toEqual({ status: 'PENDING', reason: 'No pay_invoice reply from the NWC wallet after 1 s' });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(await nwc.getPayment(scenarios.hang.hash)).toEqual({ status: 'PENDING', reason: 'NWC wallet reports the payment pending' });
  });

  it('looks payments up: settled, failed, and NOT_FOUND only when lookup and list both lack the hash', async () => {
    const nwc = backend();
    expect(await nwc.getPayment(scenarios.success.hash)).toEqual({ status: 'PAID', preimage: scenarios.success.preimage, feeMsats: 2_000n });
    expect(await nwc.getPayment(scenarios.failure.hash)).toEqual({ status: 'FAILED', reason: 'NWC wallet: the payment failed' });
    expect(await nwc.getPayment(newPair().hash)).toEqual({ status: 'NOT_FOUND' });
  });

  it('is PENDING, never NOT_FOUND or FAILED, when the wallet service never answers', async () => {
    const silent = backend({ connectionUri: connectionUri(silentWallet.pubkey), requestTimeoutMs: 500 });
    const started = Date.now();
    const paid = await silent.payInvoice(payInput('success'));
    expect(paid).toEqual({ status: 'PENDING', reason: expect.stringMatching(/did not answer/) });
    expect(await silent.getPayment(scenarios.success.hash)).toEqual({ status: 'PENDING', reason: expect.stringMatching(/no reply in time/) });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(JSON.stringify(paid)).not.toContain(client.secret);
  });

  it('rejects a connection URI without a secret, without echoing it', () => {
    expect(() => new NwcBackend({ connectionUri: `nostr+walletconnect://${wallet.pubkey}?relay=${relay.url}`, network: 'regtest' })).toThrow(/secret/);
  });
});
