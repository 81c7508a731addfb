import 'server-only';

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
import { MSATS_PER_SAT, satsToMsats } from '@/lib/ledger/money';

import {
  amountField,
  checkNetwork,
  clip,
  describeError,
  joinUrl,
  LightningBackendError,
  paidOrPending,
  parseAnswer,
  parseBaseUrl,
  parseJson,
  toHash32,
} from './shared';

// phoenixd's HTTP API: basic auth with an empty user and the http-password, form-encoded bodies, amounts in
// whole sats (fees of stored payments in msats). `/payinvoice` answers 200 for success and failure alike.

export type PhoenixdBackendOptions = {
  /** e.g. `http://127.0.0.1:9740`. */
  url: string;
  /** `http-password` from phoenix.conf (the limited-access password cannot pay). */
  password: string;
  network: LightningNetwork;
  /** Timeout for every call except paying. Default 15 s. */
  requestTimeoutMs?: number;
  /** How long past the payment's `timeoutSeconds` to wait for `/payinvoice` before answering PENDING. Default 10 s. */
  paymentGraceMs?: number;
};

/** phoenixd limits invoice descriptions to 128 characters. */
const MAX_DESCRIPTION_LENGTH = 128;

const infoSchema = z.object({ nodeId: z.string().regex(/^(02|03)[0-9a-fA-F]{64}$/), chain: z.string() });
/** `balanceSat` since 0.2; the very first versions said `amountSat`. */
const balanceSchema = z.object({ balanceSat: amountField.optional(), amountSat: amountField.optional() });
const createdSchema = z.object({ amountSat: amountField.nullable().optional(), paymentHash: z.string(), serialized: z.string().min(1) });
const incomingSchema = z.object({
  paymentHash: z.string(),
  isPaid: z.boolean(),
  receivedSat: amountField,
  completedAt: z.number().int().nullable().optional(),
  isExpired: z.boolean().optional(),
  expiresAt: z.number().int().nullable().optional(),
});
const sentSchema = z.object({
  paymentHash: z.string().optional(),
  paymentId: z.string().optional(),
  paymentPreimage: z.string(),
  routingFeeSat: amountField,
});
const notSentSchema = z.object({ reason: z.string() });
const outgoingSchema = z.object({
  paymentHash: z.string().nullable().optional(),
  preimage: z.string().nullable().optional(),
  isPaid: z.boolean(),
  /** msats */
  fees: amountField,
  completedAt: z.number().int().nullable().optional(),
});

/** Statuses that mean phoenixd refused the request before trying to pay (bad input, auth, wrong route). */
const REFUSED_BEFORE_PAYING = new Set([400, 401, 403, 404, 405]);

type Answer = { status: number; json: unknown; text: string };

export class PhoenixdBackend implements LightningBackend {
  readonly kind = 'phoenixd' as const;
  readonly #baseUrl: URL;
  readonly #password: string;
  readonly #authorization: string;
  readonly #network: LightningNetwork;
  readonly #requestTimeoutMs: number;
  readonly #paymentGraceMs: number;

  constructor(options: PhoenixdBackendOptions) {
    this.#baseUrl = parseBaseUrl('phoenixd', options.url, ['http:', 'https:']);
    if (!options.password) throw new LightningBackendError('phoenixd', 'phoenixd password is empty');
    this.#password = options.password;
    this.#authorization = `Basic ${Buffer.from(`:${options.password}`, 'utf8').toString('base64')}`;
    this.#network = options.network;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#paymentGraceMs = options.paymentGraceMs ?? 10_000;
  }

  async getInfo(): Promise<NodeInfo> {
    const info = parseAnswer('phoenixd', infoSchema, await this.#getJson('GET', '/getinfo'), 'getinfo');
    const network = checkNetwork('phoenixd', this.#network, info.chain);
    const balance = parseAnswer('phoenixd', balanceSchema, await this.#getJson('GET', '/getbalance'), 'getbalance');
    const sats = balance.balanceSat ?? balance.amountSat;
    return { nodePubkey: info.nodeId.toLowerCase(), network, balanceMsats: sats === undefined ? null : satsToMsats(sats) };
  }

  /** phoenixd invoices are in whole sats: an amount with a partial sat is refused rather than rounded. */
  async createInvoice(input: CreateInvoiceInput): Promise<CreatedInvoice> {
    if (input.amountMsats <= 0n) throw new LightningBackendError('phoenixd', 'An invoice needs a positive amount');
    if (input.amountMsats % MSATS_PER_SAT !== 0n) {
      throw new LightningBackendError('phoenixd', `phoenixd invoices are in whole sats; ${input.amountMsats} msats is not`);
    }
    if (input.description.length > MAX_DESCRIPTION_LENGTH) {
      throw new LightningBackendError('phoenixd', `phoenixd invoice descriptions are at most ${MAX_DESCRIPTION_LENGTH} characters`);
    }
    const amountSat = input.amountMsats / MSATS_PER_SAT;
    const expiresAt = new Date(Date.now() + input.expirySeconds * 1000);
    const answer = await this.#getJson('POST', '/createinvoice', {
      description: input.description,
      amountSat: amountSat.toString(),
      expirySeconds: String(input.expirySeconds),
    });
    const created = parseAnswer('phoenixd', createdSchema, answer, 'createinvoice');
    const paymentHash = toHash32(created.paymentHash);
    if (!paymentHash) throw new LightningBackendError('phoenixd', 'phoenixd answered an invoice without a 32-byte payment hash');
    if (created.amountSat != null && created.amountSat !== amountSat) {
      throw new LightningBackendError('phoenixd', `phoenixd made an invoice for ${created.amountSat} sats instead of ${amountSat}`);
    }
    return { bolt11: created.serialized, paymentHash, expiresAt };
  }

  async getInvoice(paymentHash: string): Promise<InvoiceState> {
    const hash = this.#hashOrThrow(paymentHash);
    const answer = await this.#send('GET', `/payments/incoming/${hash}`).catch((error: unknown) => {
      throw new LightningBackendError('phoenixd', `phoenixd invoice lookup failed: ${describeError(error, [this.#password])}`);
    });
    if (answer.status === 404) return { paymentHash: hash, status: 'NOT_FOUND', amountReceivedMsats: null, paidAt: null };
    if (answer.status !== 200) throw this.#httpError('GET /payments/incoming', answer);
    const incoming = parseAnswer('phoenixd', incomingSchema, answer.json, 'payments/incoming');
    if (incoming.isPaid) {
      return {
        paymentHash: hash,
        status: 'PAID',
        // phoenixd reports what it received in whole sats (floored), after any fee it took.
        amountReceivedMsats: satsToMsats(incoming.receivedSat),
        paidAt: incoming.completedAt ? new Date(incoming.completedAt) : null,
      };
    }
    const expired = incoming.isExpired ?? (incoming.expiresAt != null && incoming.expiresAt <= Date.now());
    return { paymentHash: hash, status: expired ? 'EXPIRED' : 'PENDING', amountReceivedMsats: null, paidAt: null };
  }

  /**
   * phoenixd takes no fee limit: it pays through its LSP's trampoline at the LSP's fee, so `feeLimitMsats`
   * is not enforced here (the fee it reports is returned as is).
   */
  async payInvoice(input: PayInvoiceInput): Promise<PaymentOutcome> {
    const hash = toHash32(input.paymentHash);
    if (!hash) return { status: 'FAILED', reason: 'Not sent: the payment hash is not 32 bytes of hex' };
    const waitMs = input.timeoutSeconds * 1000 + this.#paymentGraceMs;
    let answer: Answer;
    try {
      answer = await this.#send('POST', '/payinvoice', { invoice: input.bolt11 }, waitMs);
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        return { status: 'PENDING', reason: `No answer from phoenixd after ${Math.round(waitMs / 1000)} s` };
      }
      return { status: 'PENDING', reason: `phoenixd did not answer the payment: ${describeError(error, [this.#password])}` };
    }
    if (answer.status !== 200) {
      const reason = `phoenixd answered HTTP ${answer.status}: ${clip(answer.text || 'no message')}`;
      return REFUSED_BEFORE_PAYING.has(answer.status) ? { status: 'FAILED', reason: `Not sent: ${reason}` } : { status: 'PENDING', reason };
    }
    const sent = sentSchema.safeParse(answer.json);
    if (sent.success) {
      if (sent.data.paymentHash !== undefined && toHash32(sent.data.paymentHash) !== hash) {
        return { status: 'PENDING', reason: 'phoenixd reported paying a different payment hash' };
      }
      const feeMsats = await this.#exactFeeMsats(sent.data.paymentId, sent.data.routingFeeSat);
      return paidOrPending('phoenixd', hash, sent.data.paymentPreimage, feeMsats);
    }
    const notSent = notSentSchema.safeParse(answer.json);
    if (notSent.success) return { status: 'FAILED', reason: `phoenixd: ${clip(notSent.data.reason)}` };
    return { status: 'PENDING', reason: `phoenixd answered an unexpected payment result: ${clip(answer.text, 120)}` };
  }

  /**
   * `GET /payments/outgoingbyhash/{hash}`. isPaid → PAID (preimage checked); not paid but completed → FAILED;
   * not completed → PENDING; 404 → NOT_FOUND. Anything else, including no answer, is PENDING.
   */
  async getPayment(paymentHash: string): Promise<PaymentOutcome | { status: 'NOT_FOUND' }> {
    const hash = this.#hashOrThrow(paymentHash);
    let answer: Answer;
    try {
      answer = await this.#send('GET', `/payments/outgoingbyhash/${hash}`);
    } catch (error) {
      return { status: 'PENDING', reason: `phoenixd did not answer the lookup: ${describeError(error, [this.#password])}` };
    }
    if (answer.status === 404) return { status: 'NOT_FOUND' };
    if (answer.status !== 200) return { status: 'PENDING', reason: `phoenixd lookup answered HTTP ${answer.status}: ${clip(answer.text || 'no message')}` };
    const outgoing = outgoingSchema.safeParse(answer.json);
    if (!outgoing.success) return { status: 'PENDING', reason: 'phoenixd answered the lookup in an unexpected shape' };
    const payment = outgoing.data;
    if (payment.paymentHash != null && toHash32(payment.paymentHash) !== hash) {
      return { status: 'PENDING', reason: 'phoenixd answered the lookup with another payment hash' };
    }
    if (payment.isPaid) return paidOrPending('phoenixd', hash, payment.preimage, payment.fees);
    if (payment.completedAt != null) return { status: 'FAILED', reason: 'phoenixd: the payment completed without success' };
    return { status: 'PENDING', reason: 'phoenixd reports the payment in flight' };
  }

  /**
   * `/payinvoice` reports the routing fee floored to whole sats; the stored payment has it in msats. Asks
   * for that (best effort, short timeout) and keeps it only if it agrees with the floored figure.
   */
  async #exactFeeMsats(paymentId: string | undefined, routingFeeSat: bigint): Promise<bigint> {
    const floored = satsToMsats(routingFeeSat);
    if (!paymentId || !/^[0-9a-fA-F-]{36}$/.test(paymentId)) return floored;
    try {
      const answer = await this.#send('GET', `/payments/outgoing/${paymentId}`, undefined, Math.min(this.#requestTimeoutMs, 5_000));
      const outgoing = outgoingSchema.safeParse(answer.json);
      if (answer.status !== 200 || !outgoing.success) return floored;
      const fees = outgoing.data.fees;
      return fees >= floored && fees < floored + MSATS_PER_SAT ? fees : floored;
    } catch {
      return floored;
    }
  }

  #hashOrThrow(paymentHash: string): string {
    const hash = toHash32(paymentHash);
    if (!hash) throw new LightningBackendError('phoenixd', 'Payment hash must be 32 bytes of hex');
    return hash;
  }

  #httpError(what: string, answer: Answer): LightningBackendError {
    return new LightningBackendError('phoenixd', `phoenixd ${what} answered HTTP ${answer.status}: ${clip(answer.text || 'no message')}`);
  }

  async #send(method: 'GET' | 'POST', path: string, form?: Record<string, string>, timeoutMs = this.#requestTimeoutMs): Promise<Answer> {
    const response = await fetch(joinUrl(this.#baseUrl, path), {
      method,
      headers: {
        authorization: this.#authorization,
        accept: 'application/json',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = await response.text();
    return { status: response.status, json: parseJson(text), text };
  }

  async #getJson(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<unknown> {
    let answer: Answer;
    try {
      answer = await this.#send(method, path, form);
    } catch (error) {
      throw new LightningBackendError('phoenixd', `phoenixd ${method} ${path} failed: ${describeError(error, [this.#password])}`);
    }
    if (answer.status !== 200) throw this.#httpError(`${method} ${path}`, answer);
    return answer.json;
  }
}
