// A Lightning backend that misbehaves on purpose, for fault tests. It wraps a real (simulated) node, so a payment it
// lets through really settles the payee's invoice, and it counts what reached the node: the tests assert that no
// invoice is ever paid twice, whatever the wrapper does to the answers.
import type { CreateInvoiceInput, LightningBackend, PayInvoiceInput, PaymentOutcome } from '@/lib/lightning/backend';

/**
 * What one payInvoice call does, in order of use (an empty script passes calls through):
 * - `refuse`           throws like a refused connection; nothing reaches the node.
 * - `fail`             a definite failure (no route): nothing sent, and lookups say FAILED too.
 * - `error-after-send` the node pays, then the call throws like an HTTP 500: the answer is lost.
 * - `fail-after-send`  the node pays, but the call answers FAILED (a confused backend).
 * - `hang`             never answers; nothing reaches the node.
 * - `hang-after-send`  the node pays; the call never answers.
 * - `in-flight`        answers PENDING and the HTLC stays unresolved until `resolveInFlight`.
 */
export type PayFault = 'refuse' | 'fail' | 'error-after-send' | 'fail-after-send' | 'hang' | 'hang-after-send' | 'in-flight';
/** What one getPayment call does: `throw` like a dropped connection; `not-found` like a node that lost its records. */
export type LookupFault = 'throw' | 'not-found';

const never = <T>() => new Promise<T>(() => {});

export class FaultyLightningBackend implements LightningBackend {
  readonly kind: LightningBackend['kind'];
  readonly payFaults: PayFault[] = [];
  readonly lookupFaults: LookupFault[] = [];
  /** payInvoice calls per payment hash, whatever became of them. */
  readonly payCalls = new Map<string, number>();
  /** Payments that left through the node (it answered PAID), per payment hash. */
  readonly paymentsSent = new Map<string, number>();
  private readonly inFlight = new Map<string, PayInvoiceInput>();
  private readonly failed = new Map<string, string>();

  constructor(private readonly node: LightningBackend) {
    this.kind = node.kind;
  }

  getInfo() {
    return this.node.getInfo();
  }

  createInvoice(input: CreateInvoiceInput) {
    return this.node.createInvoice(input);
  }

  getInvoice(paymentHash: string) {
    return this.node.getInvoice(paymentHash);
  }

  async payInvoice(input: PayInvoiceInput): Promise<PaymentOutcome> {
    const hash = input.paymentHash;
    this.payCalls.set(hash, (this.payCalls.get(hash) ?? 0) + 1);
    // As LND answers "payment is in transition": a second attempt for a hash in flight sends nothing.
    if (this.inFlight.has(hash)) return { status: 'PENDING', reason: 'payment already in flight' };
    switch (this.payFaults.shift()) {
      case 'refuse':
        throw new Error('connect ECONNREFUSED 127.0.0.1:10009');
      case 'fail':
        this.failed.set(hash, 'no route');
        return { status: 'FAILED', reason: 'no route' };
      case 'error-after-send':
        await this.send(input);
        throw new Error('500 Internal Server Error');
      case 'fail-after-send':
        await this.send(input);
        return { status: 'FAILED', reason: 'TEMPORARY_CHANNEL_FAILURE' };
      case 'hang':
        return never();
      case 'hang-after-send':
        await this.send(input);
        return never();
      case 'in-flight':
        this.inFlight.set(hash, input);
        return { status: 'PENDING', reason: 'payment in flight' };
      case undefined:
        return this.send(input);
    }
  }

  async getPayment(paymentHash: string): Promise<PaymentOutcome | { status: 'NOT_FOUND' }> {
    const fault = this.lookupFaults.shift();
    if (fault === 'throw') throw new Error('read ECONNRESET');
    if (fault === 'not-found') return { status: 'NOT_FOUND' };
    if (this.inFlight.has(paymentHash)) return { status: 'PENDING', reason: 'payment in flight' };
    const failure = this.failed.get(paymentHash);
    if (failure) return { status: 'FAILED', reason: failure };
    return this.node.getPayment(paymentHash);
  }

  /** The node finally decides an in-flight payment: the HTLC settles (the payee is paid) or fails. */
  async resolveInFlight(paymentHash: string, result: 'PAID' | 'FAILED'): Promise<void> {
    const input = this.inFlight.get(paymentHash);
    if (!input) throw new Error(`no payment in flight for ${paymentHash}`);
    this.inFlight.delete(paymentHash);
    if (result === 'PAID') await this.send(input);
    else this.failed.set(paymentHash, 'no route');
  }

  private async send(input: PayInvoiceInput): Promise<PaymentOutcome> {
    const outcome = await this.node.payInvoice(input);
    if (outcome.status === 'PAID') this.paymentsSent.set(input.paymentHash, (this.paymentsSent.get(input.paymentHash) ?? 0) + 1);
    return outcome;
  }
}
