import 'server-only';
// Calls to the Lightning node made safe for money code. A backend promises never to throw on network errors and
// to honour its timeout; these wrappers hold the payout code to that even when a backend breaks the promise:
// a throw or a silent node becomes PENDING ("may have left, ask again later"), never FAILED.
import type { LightningBackend, PaymentOutcome, PayInvoiceInput } from '@/lib/lightning/backend';
import { decodeInvoice } from '@/lib/lightning/invoice';

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);

/** Pays, or answers PENDING when the node throws or is still silent after `deadlineMs`. */
export async function askNodeToPay(backend: LightningBackend, input: PayInvoiceInput, deadlineMs: number): Promise<PaymentOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const silence = new Promise<PaymentOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'PENDING', reason: 'the node did not answer in time' }), deadlineMs);
  });
  // The payment promise may settle after the deadline: its error is caught here so it is never unhandled.
  const answer = backend.payInvoice(input).catch((error: unknown): PaymentOutcome => ({ status: 'PENDING', reason: `the node did not answer cleanly: ${describeError(error)}` }));
  try {
    return await Promise.race([answer, silence]);
  } finally {
    clearTimeout(timer);
  }
}

/** Looks a payment up by hash; a lookup that throws is PENDING (unknown), never NOT_FOUND or FAILED. */
export async function askNodeAboutPayment(backend: LightningBackend, paymentHash: string): Promise<PaymentOutcome | { status: 'NOT_FOUND' }> {
  try {
    return await backend.getPayment(paymentHash);
  } catch (error) {
    return { status: 'PENDING', reason: `the node could not be asked: ${describeError(error)}` };
  }
}

/** True once no node will pay the invoice any more. An invoice we cannot read is not called expired. */
export function isInvoiceExpired(bolt11: string, now: Date): boolean {
  try {
    return decodeInvoice(bolt11).expiresAt * 1000 <= now.getTime();
  } catch {
    return false;
  }
}
