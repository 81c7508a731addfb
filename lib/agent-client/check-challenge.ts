// Everything a 402 challenge must pass before the wallet is asked to pay. Each failure is an L402Error raised
// before payInvoice, so a refusal never costs a sat.
import { decodeChallengeInvoice } from './challenge-invoice';
import type { L402Challenge } from './challenge';
import { L402Error } from './errors';
import { readMacaroonPaymentHash } from './macaroon-payment-hash';

export type ApprovedInvoice = { bolt11: string; amountMsats: bigint; paymentHash: string };

export function checkChallengeBeforePaying(
  challenge: L402Challenge,
  limits: { maxPriceMsats: bigint; now: Date },
): ApprovedInvoice {
  const invoice = decodeChallengeInvoice(challenge.invoice);
  if (!invoice) throw new L402Error('invalid_invoice', 'The 402 challenge carries an invoice that does not decode.');
  const macaroonPaymentHash = readMacaroonPaymentHash(challenge.macaroon);
  if (!macaroonPaymentHash) {
    throw new L402Error('invalid_challenge', 'The 402 challenge carries a macaroon without an L402 identifier.');
  }
  // Paying an invoice the macaroon is not bound to buys a preimage the server will not accept.
  if (invoice.paymentHash !== macaroonPaymentHash) {
    throw new L402Error('hash_mismatch', 'The invoice pays for a different payment hash than the macaroon.');
  }
  const { amountMsats } = invoice;
  // An amountless invoice would let the payer choose the price; we only pay prices the server committed to.
  if (amountMsats === null || amountMsats <= 0n) {
    throw new L402Error('no_amount', 'The invoice has no amount, so the price is unknown.');
  }
  if (amountMsats > limits.maxPriceMsats) {
    throw new L402Error('over_budget', `The invoice asks ${amountMsats} msats, above the ${limits.maxPriceMsats} limit.`);
  }
  if (invoice.expiresAt.getTime() <= limits.now.getTime()) {
    throw new L402Error('expired', 'The invoice has expired.');
  }
  return { bolt11: invoice.bolt11, amountMsats, paymentHash: invoice.paymentHash };
}
