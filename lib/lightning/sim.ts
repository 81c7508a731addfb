import 'server-only';
// The simulated Lightning node: the embedded default backend, and also every simulated phone wallet. It issues
// and pays real signed BOLT #11 invoices. All simulated nodes share ONE network, the SimInvoice table, so state
// survives restarts and several processes see the same payments:
//   INCOMING rows  key = payment hash; issued by the node named in memo.node; PENDING -> PAID.
//   OUTGOING rows  key = "out:<hash>:<payer pubkey>"; one per (invoice, payer); IN_FLIGHT | FAILED -> PAID.
// Paying is one statement: a guarded `UPDATE ... WHERE status = 'PENDING'` on the INCOMING row plus the
// payer's OUTGOING row, so an invoice is paid once however many payers race for it.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { db, type Db } from '@/lib/db';
import type {
  CreatedInvoice,
  CreateInvoiceInput,
  InvoiceState,
  LightningBackend,
  LightningNetwork,
  NodeInfo,
  PayInvoiceInput,
  PaymentOutcome,
} from './backend';
import { decodeInvoice, InvoiceError, type DecodedInvoice } from './invoice';
import { deriveSimNodeKey, signInvoice, type SimNodeKey } from './sim-keys';

/**
 * Test faults, per instance. `timeout`: answers PENDING and sends nothing. `pay_then_timeout`: pays, then answers
 * PENDING (the reply was lost). `in_flight_forever`: answers PENDING and getPayment keeps saying PENDING until
 * the mode changes; the next getPayment then settles the payment, or fails it if the mode is then `fail`.
 */
export type SimFaultMode = 'none' | 'fail' | 'timeout' | 'in_flight_forever' | 'pay_then_timeout';
export type SimFaults = { mode: SimFaultMode };

export type SimNodeOptions = {
  /** 16..64 bytes of hex; the node key is derived from it (sim-keys.ts). */
  nodeSeedHex: string;
  network?: Exclude<LightningNetwork, 'mainnet'>;
  /** Simulated routing fee: base + ppm of the amount (default 1 msat + 0.1 %). */
  feeBaseMsats?: bigint;
  feePpm?: bigint;
  /** The node's clock (tests move it to expire invoices). */
  now?: () => Date;
  /** Waits this long before sending, like a slow route (fault tests kill the process in this window). */
  payDelayMs?: number;
};

const outgoingStatusSchema = z.enum(['IN_FLIGHT', 'PAID', 'FAILED']);
type OutgoingStatus = z.infer<typeof outgoingStatusSchema>;
type OutgoingRecord = {
  invoice: DecodedInvoice;
  amountMsats: bigint;
  feeLimitMsats: bigint;
  status: OutgoingStatus;
  preimage?: string;
  feeMsats?: bigint;
  reason?: string;
  settledAt?: Date;
};

const HASH = /^[0-9a-f]{64}$/;
const incomingMemoSchema = z.object({ node: z.string(), expiresAt: z.string(), description: z.string() });
const outgoingMemoSchema = z.object({
  payer: z.string(),
  feeLimitMsats: z.string(),
  feeMsats: z.string().optional(),
  reason: z.string().optional(),
});

export class SimLightningBackend implements LightningBackend {
  readonly kind = 'sim' as const;
  readonly network: Exclude<LightningNetwork, 'mainnet'>;
  readonly nodePubkey: string;
  faults: SimFaults = { mode: 'none' };
  private readonly key: SimNodeKey;
  private readonly feeBaseMsats: bigint;
  private readonly feePpm: bigint;
  private readonly now: () => Date;
  private readonly payDelayMs: number;

  constructor(options: SimNodeOptions) {
    this.payDelayMs = options.payDelayMs ?? 0;
    this.key = deriveSimNodeKey(options.nodeSeedHex);
    this.nodePubkey = this.key.publicKeyHex;
    this.network = options.network ?? 'regtest';
    this.feeBaseMsats = options.feeBaseMsats ?? 1n;
    this.feePpm = options.feePpm ?? 1000n;
    this.now = options.now ?? (() => new Date());
  }

  async getInfo(): Promise<NodeInfo> {
    // A simulated node has no channels, so no balance to report; the ledger is the source of truth.
    return { nodePubkey: this.nodePubkey, network: this.network, balanceMsats: null };
  }

  /** `descriptionHash` (sim only): the invoice commits to it instead of the description, as LNURL-pay needs. */
  async createInvoice(input: CreateInvoiceInput & { descriptionHash?: string }): Promise<CreatedInvoice> {
    const preimage = randomBytes(32);
    const paymentHash = bytesToHex(sha256(preimage));
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const bolt11 = signInvoice(this.key, {
      network: this.network,
      amountMsats: input.amountMsats,
      paymentHash,
      paymentSecret: bytesToHex(randomBytes(32)),
      description: input.description,
      descriptionHash: input.descriptionHash,
      expirySeconds: input.expirySeconds,
      timestamp,
    }).toLowerCase();
    const expiresAt = new Date((timestamp + input.expirySeconds) * 1000);
    const memo = { node: this.nodePubkey, expiresAt: expiresAt.toISOString(), description: input.description };
    await db.simInvoice.create({
      data: {
        paymentHash,
        preimage: bytesToHex(preimage),
        bolt11,
        amountMsats: input.amountMsats,
        direction: 'INCOMING',
        status: 'PENDING',
        memo: JSON.stringify(memo),
      },
    });
    return { bolt11, paymentHash, expiresAt };
  }

  async getInvoice(paymentHash: string): Promise<InvoiceState> {
    const notFound: InvoiceState = { paymentHash, status: 'NOT_FOUND', amountReceivedMsats: null, paidAt: null };
    if (!HASH.test(paymentHash)) return notFound;
    const row = await db.simInvoice.findUnique({ where: { paymentHash } });
    const memo = incomingMemoSchema.safeParse(parseJson(row?.memo));
    // Each node sees only its own invoices, as a real node would.
    if (!row || row.direction !== 'INCOMING' || !memo.success || memo.data.node !== this.nodePubkey) return notFound;
    if (row.status === 'PAID') {
      return { paymentHash, status: 'PAID', amountReceivedMsats: row.amountMsats, paidAt: row.settledAt };
    }
    if (row.status !== 'PENDING') return { ...notFound, status: 'CANCELLED' };
    const isExpired = new Date(memo.data.expiresAt) <= this.now();
    return { ...notFound, status: isExpired ? 'EXPIRED' : 'PENDING' };
  }

  async payInvoice(input: PayInvoiceInput): Promise<PaymentOutcome> {
    if (this.payDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.payDelayMs));
    try {
      return await this.sendPayment(input);
    } catch (error) {
      // Per the interface: never throw. We cannot tell whether a failed transaction committed, so: unknown.
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'PENDING', reason: `the simulated node did not answer cleanly: ${message.slice(0, 200)}` };
    }
  }

  async getPayment(paymentHash: string): Promise<PaymentOutcome | { status: 'NOT_FOUND' }> {
    if (!HASH.test(paymentHash)) return { status: 'NOT_FOUND' };
    let row = await this.findOutgoing(paymentHash);
    if (row?.status === 'IN_FLIGHT' && this.faults.mode !== 'in_flight_forever') {
      // The fault that held the payment has cleared: the HTLC resolves now, one way or the other.
      const invoice = decodeInvoice(row.bolt11);
      if (this.faults.mode === 'fail') {
        const record = { invoice, amountMsats: row.amountMsats, feeLimitMsats: row.feeLimitMsats };
        await this.writeOutgoing(db, { ...record, status: 'FAILED', reason: 'simulated failure' });
      } else {
        await this.settle(invoice, row.amountMsats, row.feeLimitMsats);
      }
      row = await this.findOutgoing(paymentHash);
    }
    if (!row) return { status: 'NOT_FOUND' };
    if (row.status === 'PAID') return { status: 'PAID', preimage: row.preimage, feeMsats: row.feeMsats };
    if (row.status === 'FAILED') return { status: 'FAILED', reason: row.reason };
    return { status: 'PENDING', reason: 'payment in flight' };
  }

  private async sendPayment(input: PayInvoiceInput): Promise<PaymentOutcome> {
    const checked = this.checkBeforeSending(input);
    if ('status' in checked) return checked;
    const invoice = checked;
    // Without a fault, settle() itself refuses a hash this node paid or has in flight, in the same statement.
    if (this.faults.mode === 'none') return this.settle(invoice, input.amountMsats, input.feeLimitMsats, { isNewSend: true });
    const existing = await this.findOutgoing(invoice.paymentHash);
    // As real nodes do: a hash this node already paid is refused (callers must then ask getPayment).
    if (existing?.status === 'PAID') return { status: 'FAILED', reason: 'invoice already paid' };
    if (existing?.status === 'IN_FLIGHT') return { status: 'PENDING', reason: 'payment already in flight' };
    const record = { invoice, amountMsats: input.amountMsats, feeLimitMsats: input.feeLimitMsats };
    switch (this.faults.mode) {
      case 'fail':
        await this.writeOutgoing(db, { ...record, status: 'FAILED', reason: 'simulated failure' });
        return { status: 'FAILED', reason: 'simulated failure' };
      case 'timeout':
        return { status: 'PENDING', reason: 'simulated timeout: the payment was not sent' };
      case 'in_flight_forever':
        await this.writeOutgoing(db, { ...record, status: 'IN_FLIGHT' });
        return { status: 'PENDING', reason: 'payment in flight' };
      case 'pay_then_timeout':
        await this.settle(invoice, input.amountMsats, input.feeLimitMsats);
        return { status: 'PENDING', reason: 'simulated timeout: the reply was lost' };
    }
  }

  /** What a node refuses before anything leaves it. Nothing is recorded for these. */
  private checkBeforeSending(input: PayInvoiceInput): DecodedInvoice | { status: 'FAILED'; reason: string } {
    const fail = (reason: string) => ({ status: 'FAILED' as const, reason });
    let invoice: DecodedInvoice;
    try {
      invoice = decodeInvoice(input.bolt11.trim());
    } catch (error) {
      if (error instanceof InvoiceError) return fail(`invalid invoice: ${error.message}`);
      throw error;
    }
    if (invoice.network !== this.network) {
      return fail(`invoice is for ${invoice.network}, this node is on ${this.network}`);
    }
    if (invoice.paymentHash !== input.paymentHash.toLowerCase()) return fail('payment hash does not match the invoice');
    if (input.amountMsats <= 0n) return fail('amount must be positive');
    if (invoice.amountMsats !== null && invoice.amountMsats !== input.amountMsats) {
      return fail('amount does not match the invoice');
    }
    if (invoice.expiresAt * 1000 <= this.now().getTime()) return fail('invoice expired');
    if (invoice.payeePubkey === this.nodePubkey) return fail('cannot pay an invoice of this node');
    return invoice;
  }

  /**
   * The network part: find the payee's invoice and settle it, exactly once across all payers and processes. One
   * statement: the guarded `PENDING -> PAID` on the payee's INCOMING row and this node's OUTGOING row. A new send
   * (`isNewSend`) is refused, as real nodes refuse it, when this node already paid the hash or has it in flight.
   */
  private async settle(invoice: DecodedInvoice, amountMsats: bigint, feeLimitMsats: bigint, { isNewSend = false } = {}): Promise<PaymentOutcome> {
    const record = { invoice, amountMsats, feeLimitMsats };
    const feeMsats = this.feeBaseMsats + (amountMsats * this.feePpm) / 1_000_000n;
    if (feeMsats > feeLimitMsats) {
      await this.writeOutgoing(db, { ...record, status: 'FAILED', reason: 'no route within fee limit' });
      return { status: 'FAILED', reason: 'no route within fee limit' };
    }
    const settledAt = new Date();
    const key = this.outgoingKey(invoice.paymentHash);
    const memo = this.outgoingMemo({ ...record, status: 'PAID', feeMsats });
    const [row] = await db.$queryRaw<{ preimage: string | null; prior: string | null }[]>`
      WITH prior AS (SELECT status FROM "SimInvoice" WHERE "paymentHash" = ${key}), paid AS (
        UPDATE "SimInvoice" SET status = 'PAID', "settledAt" = ${settledAt}
        WHERE "paymentHash" = ${invoice.paymentHash} AND direction = 'INCOMING' AND status = 'PENDING' AND bolt11 = ${invoice.bolt11}
          AND NOT EXISTS (SELECT 1 FROM prior WHERE ${isNewSend} AND status IN ('PAID', 'IN_FLIGHT'))
        RETURNING preimage
      ), sent AS (
        INSERT INTO "SimInvoice" ("paymentHash", "preimage", "bolt11", "amountMsats", "direction", "status", "memo", "settledAt")
        SELECT ${key}, preimage, ${invoice.bolt11}, ${amountMsats}, 'OUTGOING', 'PAID', ${memo}, ${settledAt} FROM paid
        ON CONFLICT ("paymentHash") DO UPDATE
          SET "status" = EXCLUDED."status", "preimage" = EXCLUDED."preimage", "memo" = EXCLUDED."memo",
              "amountMsats" = EXCLUDED."amountMsats", "settledAt" = EXCLUDED."settledAt"
          WHERE "SimInvoice"."status" <> 'PAID'
      )
      SELECT (SELECT preimage FROM paid) AS preimage, (SELECT status FROM prior) AS prior`;
    if (row.preimage !== null) return { status: 'PAID', preimage: row.preimage, feeMsats };
    if (isNewSend && row.prior === 'PAID') return { status: 'FAILED', reason: 'invoice already paid' };
    if (isNewSend && row.prior === 'IN_FLIGHT') return { status: 'PENDING', reason: 'payment already in flight' };
    const reason = await explainUnpayable(db, invoice);
    await this.writeOutgoing(db, { ...record, status: 'FAILED', reason });
    return { status: 'FAILED', reason };
  }

  /** Upserts this node's OUTGOING row for an invoice. A PAID row is final and never overwritten. */
  private outgoingMemo(record: OutgoingRecord): string {
    return JSON.stringify({
      payer: this.nodePubkey,
      feeLimitMsats: record.feeLimitMsats.toString(),
      feeMsats: record.feeMsats?.toString(),
      reason: record.reason,
    });
  }

  private async writeOutgoing(client: Db, record: OutgoingRecord): Promise<void> {
    const memo = this.outgoingMemo(record);
    const key = this.outgoingKey(record.invoice.paymentHash);
    await client.$executeRaw`
      INSERT INTO "SimInvoice"
        ("paymentHash", "preimage", "bolt11", "amountMsats", "direction", "status", "memo", "settledAt")
      VALUES (${key}, ${record.preimage ?? ''}, ${record.invoice.bolt11}, ${record.amountMsats}, 'OUTGOING',
              ${record.status}, ${memo}, ${record.settledAt ?? null})
      ON CONFLICT ("paymentHash") DO UPDATE
        SET "status" = EXCLUDED."status", "preimage" = EXCLUDED."preimage", "memo" = EXCLUDED."memo",
            "amountMsats" = EXCLUDED."amountMsats", "settledAt" = EXCLUDED."settledAt"
        WHERE "SimInvoice"."status" <> 'PAID'`;
  }

  private async findOutgoing(paymentHash: string) {
    const row = await db.simInvoice.findUnique({ where: { paymentHash: this.outgoingKey(paymentHash) } });
    const memo = outgoingMemoSchema.safeParse(parseJson(row?.memo));
    const status = outgoingStatusSchema.safeParse(row?.status);
    if (!row || !memo.success || !status.success) return null;
    return {
      status: status.data,
      bolt11: row.bolt11,
      preimage: row.preimage,
      amountMsats: row.amountMsats ?? 0n,
      feeLimitMsats: BigInt(memo.data.feeLimitMsats),
      feeMsats: BigInt(memo.data.feeMsats ?? '0'),
      reason: memo.data.reason ?? 'payment failed',
    };
  }

  private outgoingKey(paymentHash: string): string {
    return `out:${paymentHash.toLowerCase()}:${this.nodePubkey}`;
  }
}

async function explainUnpayable(tx: Db, invoice: DecodedInvoice): Promise<string> {
  const row = await tx.simInvoice.findUnique({
    where: { paymentHash: invoice.paymentHash },
    select: { direction: true, status: true, bolt11: true },
  });
  // No node on the simulated network issued it: a real network would find no route to the payee.
  if (!row || row.direction !== 'INCOMING') return 'no route';
  if (row.bolt11 !== invoice.bolt11) return 'incorrect payment details';
  return row.status === 'PAID' ? 'invoice already paid' : 'invoice is no longer payable';
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
