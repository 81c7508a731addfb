import 'server-only';

import { Agent, request } from 'undici';
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

import {
  amountField,
  base64ToHex,
  checkNetwork,
  clip,
  describeError,
  hexToPaddedBase64Url,
  joinUrl,
  LightningBackendError,
  paidOrPending,
  parseAnswer,
  parseBaseUrl,
  parseJson,
  timestampField,
  toHash32,
} from './shared';

// LND over its REST gateway (grpc-gateway). The macaroon goes in `Grpc-Metadata-macaroon` as hex; the
// node's self-signed tls.cert is pinned as the only CA. int64 fields arrive as decimal strings, bytes as
// base64, and streaming calls answer newline-delimited `{"result": ...}` / `{"error": ...}` objects.

export type LndBackendOptions = {
  /** e.g. `https://127.0.0.1:8080`; a path prefix (reverse proxy) is kept. */
  restUrl: string;
  /** The macaroon, hex encoded (`xxd -p -c 10000 admin.macaroon`). Needs invoice and offchain permissions. */
  macaroonHex: string;
  /** LND's `tls.cert` (PEM). It becomes the only trusted CA for this connection. */
  tlsCertPem: string;
  network: LightningNetwork;
  /** Timeout for every call except paying. Default 15 s. */
  requestTimeoutMs?: number;
  /** How long past the payment's own `timeoutSeconds` the send stream is read before answering PENDING. Default 10 s. */
  paymentGraceMs?: number;
};

const lndErrorSchema = z.object({ code: z.number().optional(), message: z.string().optional() });

const infoSchema = z.object({
  identity_pubkey: z.string().regex(/^(02|03)[0-9a-fA-F]{64}$/),
  chains: z.array(z.object({ network: z.string() })).min(1),
});

const channelBalanceSchema = z.object({
  local_balance: z.object({ msat: amountField }).optional(),
  /** Deprecated total in sats, still sent by every version. */
  balance: amountField.optional(),
});

const addInvoiceSchema = z.object({ r_hash: z.string().min(1), payment_request: z.string().min(1) });

const invoiceSchema = z.object({
  state: z.string(),
  amt_paid_msat: amountField.optional(),
  settle_date: timestampField.optional(),
  creation_date: timestampField.optional(),
  expiry: timestampField.optional(),
});

const paymentSchema = z.object({
  status: z.string(),
  payment_preimage: z.string().optional(),
  fee_msat: amountField.optional(),
  failure_reason: z.string().optional(),
});

const streamLineSchema = z.object({ result: paymentSchema.optional(), error: lndErrorSchema.optional() });

type LndPayment = z.infer<typeof paymentSchema>;
type LndResponse = Awaited<ReturnType<typeof request>>;

/**
 * A lookup that LND itself answered with "I don't know this": gRPC NotFound (code 5) or the older plain-text
 * errors. A bare 404, or grpc-gateway's "Not Found" for an unknown route (a proxy or prefix mistake), is not
 * that: it says nothing about the payment.
 */
function isNotFoundAnswer(error: z.infer<typeof lndErrorSchema> | undefined): boolean {
  const message = error?.message ?? '';
  if (/unable to locate invoice|no existing invoices|payment isn't initiated/i.test(message)) return true;
  return error?.code === 5 && !/^not found$/i.test(message.trim());
}

/** The error object in a grpc-gateway answer: `{code, message}` or `{"error": {code, message}}`. */
function errorOf(json: unknown): z.infer<typeof lndErrorSchema> | undefined {
  const wrapped = z.object({ error: lndErrorSchema }).safeParse(json);
  if (wrapped.success) return wrapped.data.error;
  const plain = lndErrorSchema.safeParse(json);
  return plain.success ? plain.data : undefined;
}

/** A final payment state as an outcome, or null while LND is still trying. */
function finalOutcome(payment: LndPayment, paymentHash: string): PaymentOutcome | null {
  if (payment.status === 'SUCCEEDED') {
    return paidOrPending('lnd', paymentHash, payment.payment_preimage, payment.fee_msat ?? 0n);
  }
  if (payment.status === 'FAILED') {
    return { status: 'FAILED', reason: `LND: ${payment.failure_reason ?? 'payment failed'}` };
  }
  return null; // IN_FLIGHT, INITIATED, UNKNOWN
}

async function* readLines(body: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    if (!(chunk instanceof Uint8Array)) continue;
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield line;
      newline = buffered.indexOf('\n');
    }
  }
  const rest = (buffered + decoder.decode()).trim();
  if (rest) yield rest;
}

export class LndBackend implements LightningBackend {
  readonly kind = 'lnd' as const;
  readonly #baseUrl: URL;
  readonly #macaroon: string;
  readonly #agent: Agent;
  readonly #network: LightningNetwork;
  readonly #requestTimeoutMs: number;
  readonly #paymentGraceMs: number;

  constructor(options: LndBackendOptions) {
    this.#baseUrl = parseBaseUrl('lnd', options.restUrl, ['https:']);
    if (!/^(?:[0-9a-f]{2})+$/i.test(options.macaroonHex)) {
      throw new LightningBackendError('lnd', 'LND macaroon must be hex encoded');
    }
    if (!options.tlsCertPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new LightningBackendError('lnd', 'LND tls certificate must be PEM (-----BEGIN CERTIFICATE-----)');
    }
    this.#macaroon = options.macaroonHex.toLowerCase();
    this.#agent = new Agent({ connect: { ca: options.tlsCertPem } });
    this.#network = options.network;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#paymentGraceMs = options.paymentGraceMs ?? 10_000;
  }

  /** Closes the pinned connection pool (tests, shutdown). */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  async getInfo(): Promise<NodeInfo> {
    const info = parseAnswer('lnd', infoSchema, await this.#getJson('GET', '/v1/getinfo'), 'getinfo');
    const network = checkNetwork('lnd', this.#network, info.chains[0]?.network ?? '');
    let balanceMsats: bigint | null = null;
    try {
      const balance = channelBalanceSchema.parse(await this.#getJson('GET', '/v1/balance/channels'));
      balanceMsats = balance.local_balance?.msat ?? (balance.balance !== undefined ? balance.balance * 1000n : null);
    } catch {
      // A macaroon without read permission on channels still pays and invoices: report no balance.
      balanceMsats = null;
    }
    return { nodePubkey: info.identity_pubkey.toLowerCase(), network, balanceMsats };
  }

  async createInvoice(input: CreateInvoiceInput): Promise<CreatedInvoice> {
    if (input.amountMsats <= 0n) throw new LightningBackendError('lnd', 'An invoice needs a positive amount');
    const expiresAt = new Date(Date.now() + input.expirySeconds * 1000);
    const answer = await this.#getJson('POST', '/v1/invoices', {
      value_msat: input.amountMsats.toString(),
      memo: input.description,
      expiry: String(input.expirySeconds),
    });
    const added = parseAnswer('lnd', addInvoiceSchema, answer, 'addinvoice');
    const paymentHash = toHash32(base64ToHex(added.r_hash));
    if (!paymentHash) throw new LightningBackendError('lnd', 'LND answered an invoice without a 32-byte r_hash');
    return { bolt11: added.payment_request, paymentHash, expiresAt };
  }

  async getInvoice(paymentHash: string): Promise<InvoiceState> {
    const hash = this.#hashOrThrow(paymentHash);
    let statusCode: number;
    let json: unknown;
    try {
      const response = await this.#call('GET', `/v1/invoice/${hash}`);
      statusCode = response.statusCode;
      json = parseJson(await response.body.text());
    } catch (error) {
      throw new LightningBackendError('lnd', `LND invoice lookup failed: ${describeError(error, [this.#macaroon])}`);
    }
    if (statusCode !== 200) {
      const error = errorOf(json);
      if (isNotFoundAnswer(error)) {
        return { paymentHash: hash, status: 'NOT_FOUND', amountReceivedMsats: null, paidAt: null };
      }
      throw this.#httpError('GET /v1/invoice', statusCode, error);
    }
    const invoice = parseAnswer('lnd', invoiceSchema, json, 'lookupinvoice');
    const expired =
      invoice.creation_date !== undefined &&
      invoice.expiry !== undefined &&
      (invoice.creation_date + invoice.expiry) * 1000 <= Date.now();
    switch (invoice.state) {
      case 'SETTLED':
        return {
          paymentHash: hash,
          status: 'PAID',
          amountReceivedMsats: invoice.amt_paid_msat ?? null,
          paidAt: invoice.settle_date ? new Date(invoice.settle_date * 1000) : null,
        };
      case 'CANCELED':
        // LND cancels invoices that ran out of time: call those expired.
        return { paymentHash: hash, status: expired ? 'EXPIRED' : 'CANCELLED', amountReceivedMsats: null, paidAt: null };
      case 'OPEN':
        return { paymentHash: hash, status: expired ? 'EXPIRED' : 'PENDING', amountReceivedMsats: null, paidAt: null };
      default:
        // ACCEPTED (a hold invoice with HTLCs locked in but not settled) and anything newer.
        return { paymentHash: hash, status: 'PENDING', amountReceivedMsats: null, paidAt: null };
    }
  }

  async payInvoice(input: PayInvoiceInput): Promise<PaymentOutcome> {
    const hash = toHash32(input.paymentHash);
    if (!hash) return { status: 'FAILED', reason: 'Not sent: the payment hash is not 32 bytes of hex' };
    const waitMs = input.timeoutSeconds * 1000 + this.#paymentGraceMs;
    let response: LndResponse;
    try {
      response = await this.#call(
        'POST',
        '/v2/router/send',
        {
          payment_request: input.bolt11,
          timeout_seconds: input.timeoutSeconds,
          fee_limit_msat: input.feeLimitMsats.toString(),
          no_inflight_updates: false,
        },
        waitMs,
      );
    } catch (error) {
      return { status: 'PENDING', reason: `LND did not take the payment request: ${describeError(error, [this.#macaroon])}` };
    }
    const outcome = await this.#readPaymentStream(response, hash, { stopAtFirstUpdate: false, waitSeconds: Math.round(waitMs / 1000) });
    if (outcome.status === 'NOT_FOUND') return { status: 'PENDING', reason: 'LND did not report the payment' };
    if (outcome.status !== 'REFUSED') return outcome;
    // LND refused before reporting any state (expired invoice, bad request, "already paid", "in transition"...).
    // Its own payment records decide: nothing recorded for this hash means nothing was sent.
    const recorded = await this.getPayment(hash);
    if (recorded.status === 'NOT_FOUND') return { status: 'FAILED', reason: `Not sent: ${outcome.reason}` };
    if (recorded.status === 'PENDING') return { status: 'PENDING', reason: `${outcome.reason}; ${recorded.reason ?? 'lookup pending'}` };
    return recorded;
  }

  async getPayment(paymentHash: string): Promise<PaymentOutcome | { status: 'NOT_FOUND' }> {
    const hash = this.#hashOrThrow(paymentHash);
    let response: LndResponse;
    try {
      response = await this.#call('GET', `/v2/router/track/${hexToPaddedBase64Url(hash)}?no_inflight_updates=false`);
    } catch (error) {
      return { status: 'PENDING', reason: `LND did not answer the lookup: ${describeError(error, [this.#macaroon])}` };
    }
    const outcome = await this.#readPaymentStream(response, hash, { stopAtFirstUpdate: true, waitSeconds: Math.round(this.#requestTimeoutMs / 1000) });
    return outcome.status === 'REFUSED' ? { status: 'PENDING', reason: `LND lookup refused: ${outcome.reason}` } : outcome;
  }

  /**
   * Reads a router stream (send or track) until a final state. Only a FAILED result is FAILED; a broken
   * stream, a timeout or an error after the first update is PENDING, since LND may still be paying. An
   * error before any update is REFUSED, for the caller to check. For a lookup (`stopAtFirstUpdate`), the
   * first state is the answer and NotFound is NOT_FOUND.
   */
  async #readPaymentStream(
    response: LndResponse,
    hash: string,
    options: { stopAtFirstUpdate: boolean; waitSeconds: number },
  ): Promise<PaymentOutcome | { status: 'NOT_FOUND' } | { status: 'REFUSED'; reason: string }> {
    let lastStatus: string | null = null;
    try {
      if (response.statusCode !== 200) {
        const error = errorOf(parseJson(await response.body.text()));
        if (options.stopAtFirstUpdate && isNotFoundAnswer(error)) return { status: 'NOT_FOUND' };
        return { status: 'REFUSED', reason: `LND answered HTTP ${response.statusCode}: ${this.#nodeMessage(error?.message)}` };
      }
      for await (const line of readLines(response.body)) {
        const parsed = streamLineSchema.safeParse(parseJson(line));
        if (!parsed.success) return { status: 'PENDING', reason: `LND sent an unreadable stream line: ${clip(line, 80)}` };
        const { result, error } = parsed.data;
        if (error) {
          const message = this.#nodeMessage(error.message);
          if (lastStatus !== null) return { status: 'PENDING', reason: `LND stream error after ${lastStatus}: ${message}` };
          if (options.stopAtFirstUpdate && isNotFoundAnswer(error)) return { status: 'NOT_FOUND' };
          return { status: 'REFUSED', reason: `LND: ${message}` };
        }
        if (!result) continue;
        lastStatus = result.status;
        const outcome = finalOutcome(result, hash);
        if (outcome) return outcome;
        if (options.stopAtFirstUpdate) return { status: 'PENDING', reason: `LND reports the payment ${result.status}` };
      }
      return { status: 'PENDING', reason: `LND closed the stream with the payment ${lastStatus ?? 'not yet reported'}` };
    } catch (error) {
      const state = lastStatus ?? 'not yet reported';
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return { status: 'PENDING', reason: `No final state from LND after ${options.waitSeconds} s (last: ${state})` };
      }
      return { status: 'PENDING', reason: `LND stream broke (last: ${state}): ${describeError(error, [this.#macaroon])}` };
    } finally {
      response.body.destroy();
    }
  }

  #hashOrThrow(paymentHash: string): string {
    const hash = toHash32(paymentHash);
    if (!hash) throw new LightningBackendError('lnd', 'Payment hash must be 32 bytes of hex');
    return hash;
  }

  #httpError(what: string, statusCode: number, error: z.infer<typeof lndErrorSchema> | undefined): LightningBackendError {
    return new LightningBackendError('lnd', `LND ${what} answered HTTP ${statusCode}: ${this.#nodeMessage(error?.message)}`);
  }

  /**
   * A node or proxy may echo the request's macaroon back in its message: mask it (and any long hex run, in case the
   * echo was cut) before the message can reach a log or a failure reason stored in the database.
   */
  #nodeMessage(message: string | undefined): string {
    return clip((message ?? 'no message').split(this.#macaroon).join('[redacted]').replace(/[0-9a-f]{100,}/gi, '[redacted]'));
  }

  async #call(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = this.#requestTimeoutMs): Promise<LndResponse> {
    return request(joinUrl(this.#baseUrl, path), {
      method,
      dispatcher: this.#agent,
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'Grpc-Metadata-macaroon': this.#macaroon,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A unary call: 200 with JSON, or a LightningBackendError that names the path and LND's message. */
  async #getJson(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let statusCode: number;
    let text: string;
    try {
      const response = await this.#call(method, path, body);
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new LightningBackendError('lnd', `LND ${method} ${path} failed: ${describeError(error, [this.#macaroon])}`);
    }
    const json = parseJson(text);
    if (statusCode !== 200) throw this.#httpError(`${method} ${path}`, statusCode, errorOf(json));
    return json;
  }
}
