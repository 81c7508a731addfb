// The one interface every Lightning node sits behind (style M5): `sim` (the embedded default), `lnd`,
// `phoenixd` and `nwc`. Amounts are bigint millisatoshis. Payment hashes and preimages are lowercase hex.

export type LightningNetwork = 'regtest' | 'signet' | 'testnet' | 'mainnet';
export type BackendKind = 'sim' | 'lnd' | 'phoenixd' | 'nwc';

export type NodeInfo = {
  nodePubkey: string;
  network: LightningNetwork;
  /** Spendable balance if the node reports one. */
  balanceMsats: bigint | null;
};

export type CreateInvoiceInput = {
  amountMsats: bigint;
  /** Shown in the payer's wallet. */
  description: string;
  expirySeconds: number;
};

export type CreatedInvoice = { bolt11: string; paymentHash: string; expiresAt: Date };

export type InvoiceState = {
  paymentHash: string;
  status: 'PENDING' | 'PAID' | 'EXPIRED' | 'CANCELLED' | 'NOT_FOUND';
  amountReceivedMsats: bigint | null;
  paidAt: Date | null;
};

export type PayInvoiceInput = {
  bolt11: string;
  /** Already checked by the caller to match the invoice. */
  paymentHash: string;
  amountMsats: bigint;
  feeLimitMsats: bigint;
  timeoutSeconds: number;
};

/**
 * The outcome of a payment. Only FAILED is definite enough to refund; PENDING means "in flight or unknown"
 * (a timeout, a dropped connection, a node that has not decided): hold the funds and let the reconciler ask
 * again with getPayment. Treating an unknown payment as failed is how services pay people twice.
 */
export type PaymentOutcome =
  | { status: 'PAID'; preimage: string; feeMsats: bigint }
  | { status: 'FAILED'; reason: string }
  | { status: 'PENDING'; reason?: string };

export interface LightningBackend {
  readonly kind: BackendKind;
  getInfo(): Promise<NodeInfo>;
  createInvoice(input: CreateInvoiceInput): Promise<CreatedInvoice>;
  getInvoice(paymentHash: string): Promise<InvoiceState>;
  /** Never throws for network errors or timeouts: those come back as PENDING. */
  payInvoice(input: PayInvoiceInput): Promise<PaymentOutcome>;
  /** Looks up an earlier payment by hash; NOT_FOUND when the node never saw it. */
  getPayment(paymentHash: string): Promise<PaymentOutcome | { status: 'NOT_FOUND' }>;
}
