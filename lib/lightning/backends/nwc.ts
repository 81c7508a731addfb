import 'server-only';

import type { NWCClient } from '@getalby/sdk/nwc';
import { z } from 'zod';

import type {
  CreatedInvoice,
  CreateInvoiceInput,
  InvoiceState,
  LightningBackend,
  LightningNetwork,
  NodeInfo,
  PaymentOutcome,
  PayInvoiceInput,
} from '@/lib/lightning/backend';
import { msatsToJsonNumber } from '@/lib/ledger/money';

import { amountField, checkNetwork, clip, describeError, LightningBackendError, paidOrPending, parseAnswer, toHash32 } from './shared';

// Nostr Wallet Connect (NIP-47) through @getalby/sdk 7 (8.x needs Node 22). Requests and answers are
// encrypted Nostr events relayed by the wallet's relay; amounts are msats as JSON numbers. A reply that
// never comes is not a failure: the wallet may still be paying, so it is PENDING and the hash is looked up
// (lookup_invoice, then list_transactions) before anything is paid again.

export type NwcBackendOptions = {
  /** `nostr+walletconnect://<wallet pubkey>?relay=wss://...&secret=<hex>`: a bearer secret, keep it out of logs. */
  connectionUri: string;
  network: LightningNetwork;
  /** How long to wait for a pay_invoice reply before answering PENDING. Default 60 s (the SDK's own reply timeout). */
  payTimeoutMs?: number;
  /** How long to wait for any other reply. Default 15 s. */
  requestTimeoutMs?: number;
};

type NwcSdk = typeof import('@getalby/sdk/nwc');

let sdkPromise: Promise<NwcSdk> | null = null;

/**
 * Loads the SDK once. Node 20 has no global WebSocket and the SDK's relay pool needs one, so `ws` (same
 * API) is installed as `globalThis.WebSocket` first, only when none exists.
 */
function loadSdk(): Promise<NwcSdk> {
  sdkPromise ??= (async () => {
    if (typeof globalThis.WebSocket === 'undefined') {
      const { WebSocket } = await import('ws');
      Object.assign(globalThis, { WebSocket });
    }
    return import('@getalby/sdk/nwc');
  })();
  return sdkPromise;
}

/** NIP-47 error codes after which the wallet did not (and will not) send the payment. */
const NOT_SENT_CODES = new Set([
  'INSUFFICIENT_BALANCE',
  'QUOTA_EXCEEDED',
  'RESTRICTED',
  'UNAUTHORIZED',
  'RATE_LIMITED',
  'NOT_IMPLEMENTED',
  'UNSUPPORTED_ENCRYPTION',
]);

/** How many recent outgoing transactions list_transactions is asked for when looking a payment up. */
const RECENT_OUTGOING_LIMIT = 100;

const transactionSchema = z.object({
  type: z.string().optional(),
  state: z.string().optional(),
  invoice: z.string().optional(),
  payment_hash: z.string(),
  preimage: z.string().nullable().optional(),
  amount: amountField,
  fees_paid: amountField.nullable().optional(),
  settled_at: z.number().nullable().optional(),
  expires_at: z.number().nullable().optional(),
});
type Transaction = z.infer<typeof transactionSchema>;

const payResultSchema = z.object({ preimage: z.string(), fees_paid: amountField.nullable().optional() });
const infoSchema = z.object({ pubkey: z.string().optional(), network: z.string().optional() });
const balanceSchema = z.object({ balance: amountField });
const listSchema = z.object({ transactions: z.array(z.unknown()) });

type Asked<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'timeout' }
  | { ok: false; kind: 'wallet'; code: string; message: string }
  | { ok: false; kind: 'other'; message: string };

function settledOf(tx: Transaction): boolean {
  return tx.state === 'settled' || (tx.state === undefined && Boolean(tx.settled_at));
}

/** An outgoing transaction as a payment outcome. Only a `failed` state is FAILED. */
function outcomeOfOutgoing(tx: Transaction, hash: string): PaymentOutcome {
  if (settledOf(tx)) return paidOrPending('nwc', hash, tx.preimage, tx.fees_paid ?? 0n);
  if (tx.state === 'failed') return { status: 'FAILED', reason: 'NWC wallet: the payment failed' };
  return { status: 'PENDING', reason: `NWC wallet reports the payment ${tx.state ?? 'pending'}` };
}

export class NwcBackend implements LightningBackend {
  readonly kind = 'nwc' as const;
  readonly #connectionUri: string;
  readonly #secret: string;
  readonly #network: LightningNetwork;
  readonly #payTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  #client: Promise<{ sdk: NwcSdk; client: NWCClient }> | null = null;

  constructor(options: NwcBackendOptions) {
    const uri = options.connectionUri.trim();
    const match = /^nostr\+walletconnect:\/\/([^?]+)\?(.*)$/i.exec(uri);
    const params = new URLSearchParams(match?.[2] ?? '');
    const secret = params.get('secret') ?? '';
    if (!match || !/^[0-9a-f]{64}$/i.test(match[1] ?? '') || !/^[0-9a-f]{64}$/i.test(secret)) {
      throw new LightningBackendError('nwc', 'NWC connection URI must be nostr+walletconnect://<64-hex pubkey>?relay=...&secret=<64-hex>');
    }
    const relays = params.getAll('relay');
    if (!relays.length || relays.some((relay) => !/^wss?:\/\//i.test(relay))) {
      throw new LightningBackendError('nwc', 'NWC connection URI needs at least one ws:// or wss:// relay');
    }
    this.#connectionUri = uri;
    this.#secret = secret;
    this.#network = options.network;
    this.#payTimeoutMs = options.payTimeoutMs ?? 60_000;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  /** Closes the relay connections (tests, shutdown). */
  async close(): Promise<void> {
    const opened = this.#client;
    this.#client = null;
    if (opened) (await opened.catch(() => null))?.client.close();
  }

  async getInfo(): Promise<NodeInfo> {
    const info = parseAnswer('nwc', infoSchema, this.#valueOrThrow('get_info', await this.#ask((c) => c.getInfo(), this.#requestTimeoutMs)), 'get_info');
    // get_info's network is optional in practice: a wallet that does not say cannot be checked, only trusted.
    const network = info.network ? checkNetwork('nwc', this.#network, info.network) : this.#network;
    // A connection may lack the get_balance permission: that is "no balance", not an error.
    const balance = await this.#ask((c) => c.getBalance(), this.#requestTimeoutMs);
    const parsed = balance.ok ? balanceSchema.safeParse(balance.value) : null;
    return { nodePubkey: (info.pubkey ?? '').toLowerCase(), network, balanceMsats: parsed?.success ? parsed.data.balance : null };
  }

  async createInvoice(input: CreateInvoiceInput): Promise<CreatedInvoice> {
    if (input.amountMsats <= 0n) throw new LightningBackendError('nwc', 'An invoice needs a positive amount');
    const request = { amount: msatsToJsonNumber(input.amountMsats), description: input.description, expiry: input.expirySeconds };
    const computedExpiry = new Date(Date.now() + input.expirySeconds * 1000);
    const answer = this.#valueOrThrow('make_invoice', await this.#ask((c) => c.makeInvoice(request), this.#requestTimeoutMs));
    const tx = parseAnswer('nwc', transactionSchema, answer, 'make_invoice');
    const paymentHash = toHash32(tx.payment_hash);
    if (!paymentHash || !tx.invoice) throw new LightningBackendError('nwc', 'NWC wallet answered make_invoice without an invoice and a 32-byte payment hash');
    if (tx.amount !== input.amountMsats) {
      throw new LightningBackendError('nwc', `NWC wallet made an invoice for ${tx.amount} msats instead of ${input.amountMsats}`);
    }
    return { bolt11: tx.invoice, paymentHash, expiresAt: tx.expires_at ? new Date(tx.expires_at * 1000) : computedExpiry };
  }

  async getInvoice(paymentHash: string): Promise<InvoiceState> {
    const hash = this.#hashOrThrow(paymentHash);
    const looked = await this.#ask((c) => c.lookupInvoice({ payment_hash: hash }), this.#requestTimeoutMs);
    if (!looked.ok && looked.kind === 'wallet' && looked.code === 'NOT_FOUND') {
      return { paymentHash: hash, status: 'NOT_FOUND', amountReceivedMsats: null, paidAt: null };
    }
    const tx = parseAnswer('nwc', transactionSchema, this.#valueOrThrow('lookup_invoice', looked), 'lookup_invoice');
    if (settledOf(tx)) {
      return { paymentHash: hash, status: 'PAID', amountReceivedMsats: tx.amount, paidAt: tx.settled_at ? new Date(tx.settled_at * 1000) : null };
    }
    const expired = tx.state === 'expired' || (tx.expires_at != null && tx.expires_at * 1000 <= Date.now());
    if (expired) return { paymentHash: hash, status: 'EXPIRED', amountReceivedMsats: null, paidAt: null };
    if (tx.state === 'failed') return { paymentHash: hash, status: 'CANCELLED', amountReceivedMsats: null, paidAt: null };
    return { paymentHash: hash, status: 'PENDING', amountReceivedMsats: null, paidAt: null };
  }

  /**
   * Looks the hash up first (a payment already settled or in flight is reported, not sent again), then
   * sends pay_invoice and waits up to `payTimeoutMs`. NIP-47 carries no fee limit: the wallet's own
   * budget applies, and `feeLimitMsats` is not enforced here.
   */
  async payInvoice(input: PayInvoiceInput): Promise<PaymentOutcome> {
    const hash = toHash32(input.paymentHash);
    if (!hash) return { status: 'FAILED', reason: 'Not sent: the payment hash is not 32 bytes of hex' };

    const before = await this.#ask((c) => c.lookupInvoice({ payment_hash: hash }), this.#requestTimeoutMs);
    if (before.ok) {
      const tx = this.#outgoingOf(before.value, hash);
      if (tx && tx.state !== 'failed') return outcomeOfOutgoing(tx, hash);
    } else if (before.kind !== 'wallet') {
      // The wallet cannot be reached: nothing was sent, but nothing can be checked either.
      return { status: 'PENDING', reason: `Not sent: the NWC wallet did not answer the check before paying (${this.#describe(before)})` };
    }

    const paid = await this.#ask((c) => c.payInvoice({ invoice: input.bolt11 }), this.#payTimeoutMs);
    if (paid.ok) {
      const result = payResultSchema.safeParse(paid.value);
      if (!result.success) return { status: 'PENDING', reason: 'NWC wallet answered pay_invoice in an unexpected shape' };
      return paidOrPending('nwc', hash, result.data.preimage, result.data.fees_paid ?? 0n);
    }
    if (paid.kind === 'wallet' && paid.code === 'PAYMENT_FAILED') {
      // "May be due to a timeout" says NIP-47: make sure nothing is still in flight before calling it failed.
      const after = await this.getPayment(hash);
      if (after.status === 'PAID' || after.status === 'PENDING') return after;
      return { status: 'FAILED', reason: `NWC wallet: PAYMENT_FAILED ${clip(paid.message)}` };
    }
    if (paid.kind === 'wallet' && NOT_SENT_CODES.has(paid.code)) {
      return { status: 'FAILED', reason: `NWC wallet refused: ${paid.code} ${clip(paid.message)}` };
    }
    if (paid.kind === 'timeout') {
      return { status: 'PENDING', reason: `No pay_invoice reply from the NWC wallet after ${Math.round(this.#payTimeoutMs / 1000)} s` };
    }
    return { status: 'PENDING', reason: `NWC pay_invoice outcome unknown: ${this.#describe(paid)}` };
  }

  /**
   * lookup_invoice, then the recent outgoing list_transactions. NOT_FOUND only when the wallet says
   * NOT_FOUND to the lookup *and* the list answers without the hash; anything it cannot confirm is PENDING.
   */
  async getPayment(paymentHash: string): Promise<PaymentOutcome | { status: 'NOT_FOUND' }> {
    const hash = this.#hashOrThrow(paymentHash);
    const looked = await this.#ask((c) => c.lookupInvoice({ payment_hash: hash }), this.#requestTimeoutMs);
    let lookupSaysUnknown = false;
    if (looked.ok) {
      const tx = this.#outgoingOf(looked.value, hash);
      if (tx) return outcomeOfOutgoing(tx, hash);
    } else if (looked.kind === 'wallet' && looked.code === 'NOT_FOUND') {
      lookupSaysUnknown = true;
    } else if (!(looked.kind === 'wallet' && looked.code === 'NOT_IMPLEMENTED')) {
      return { status: 'PENDING', reason: `NWC lookup_invoice failed: ${this.#describe(looked)}` };
    }

    const listed = await this.#ask(
      (c) => c.listTransactions({ type: 'outgoing', unpaid: true, limit: RECENT_OUTGOING_LIMIT }),
      this.#requestTimeoutMs,
    );
    if (!listed.ok) return { status: 'PENDING', reason: `NWC list_transactions failed: ${this.#describe(listed)}` };
    const list = listSchema.safeParse(listed.value);
    if (!list.success) return { status: 'PENDING', reason: 'NWC wallet answered list_transactions in an unexpected shape' };
    for (const item of list.data.transactions) {
      const tx = this.#outgoingOf(item, hash);
      if (tx) return outcomeOfOutgoing(tx, hash);
    }
    return lookupSaysUnknown
      ? { status: 'NOT_FOUND' }
      : { status: 'PENDING', reason: 'The NWC wallet cannot look payments up by hash, and none matches in its recent list' };
  }

  /** The transaction when it is an outgoing one for `hash` (type missing counts as outgoing), else null. */
  #outgoingOf(value: unknown, hash: string): Transaction | null {
    const parsed = transactionSchema.safeParse(value);
    if (!parsed.success || toHash32(parsed.data.payment_hash) !== hash) return null;
    return parsed.data.type === undefined || parsed.data.type === 'outgoing' ? parsed.data : null;
  }

  #hashOrThrow(paymentHash: string): string {
    const hash = toHash32(paymentHash);
    if (!hash) throw new LightningBackendError('nwc', 'Payment hash must be 32 bytes of hex');
    return hash;
  }

  #describe(failure: Exclude<Asked<unknown>, { ok: true }>): string {
    if (failure.kind === 'timeout') return 'no reply in time';
    if (failure.kind === 'wallet') return `${failure.code} ${clip(failure.message)}`;
    return failure.message;
  }

  #valueOrThrow<T>(method: string, asked: Asked<T>): T {
    if (asked.ok) return asked.value;
    throw new LightningBackendError('nwc', `NWC ${method} failed: ${this.#describe(asked)}`);
  }

  #getClient(): Promise<{ sdk: NwcSdk; client: NWCClient }> {
    this.#client ??= loadSdk().then((sdk) => ({ sdk, client: new sdk.NWCClient({ nostrWalletConnectUrl: this.#connectionUri }) }));
    this.#client.catch(() => {
      this.#client = null;
    });
    return this.#client;
  }

  /**
   * One NIP-47 request with our own deadline. The SDK's promise may settle after we gave up (its
   * pay_invoice timer is a fixed 60 s): that late result is swallowed, never unhandled.
   */
  async #ask<T>(call: (client: NWCClient) => Promise<T>, timeoutMs: number): Promise<Asked<T>> {
    let timer: NodeJS.Timeout | undefined;
    let sdk: NwcSdk | null = null;
    try {
      const loaded = await this.#getClient();
      sdk = loaded.sdk;
      const work = call(loaded.client);
      work.catch(() => undefined);
      const timeout = new Promise<{ timedOut: true }>((resolve) => {
        timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs);
      });
      const winner = await Promise.race([work.then((value) => ({ timedOut: false as const, value })), timeout]);
      return winner.timedOut ? { ok: false, kind: 'timeout' } : { ok: true, value: winner.value };
    } catch (error) {
      if (sdk && error instanceof sdk.Nip47WalletError) return { ok: false, kind: 'wallet', code: error.code, message: error.message };
      if (sdk && error instanceof sdk.Nip47TimeoutError) return { ok: false, kind: 'timeout' };
      return { ok: false, kind: 'other', message: describeError(error, [this.#secret]) };
    } finally {
      clearTimeout(timer);
    }
  }
}
