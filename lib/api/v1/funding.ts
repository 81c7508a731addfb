import 'server-only';
// Funding invoices: a Lightning invoice whose payment credits a project's escrow (lib/funding/deposits).
// Amounts are whole sats as JSON integers (at most 100,000,000 sats, well inside a double).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createDeposit, settleDeposit, type Deposit } from '@/lib/funding/deposits';
import { DEPOSIT_EXPIRY_SECONDS, depositAmountSatsSchema, MAX_DEPOSIT_SATS, MIN_DEPOSIT_SATS } from '@/lib/funding/schemas';
import { msatsToSats, satsToMsats } from '@/lib/ledger/money';
import { DepositStatus } from '@/lib/generated/prisma/enums';
import type { TeamActor } from '@/lib/teams/actor';
import { apiRoute } from '../handler';
import { invoiceParams, projectParams } from './params';

export const fundingInvoiceSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid().nullable(),
  status: z.enum(DepositStatus).describe('PENDING until paid; PAID credits the escrow; EXPIRED after an hour unpaid.'),
  amountSats: z.int(),
  bolt11: z.string().describe('BOLT11 invoice to pay with any Lightning wallet.'),
  paymentHash: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  paidAt: z.iso.datetime().nullable(),
});
export type FundingInvoiceDto = z.output<typeof fundingInvoiceSchema>;

const createFundingInvoiceSchema = z.object({
  amountSats: depositAmountSatsSchema.pipe(z.int()).describe(`Whole sats, ${MIN_DEPOSIT_SATS}–${MAX_DEPOSIT_SATS}.`),
});

function toDto(deposit: Omit<Deposit, 'teamId' | 'backend'>): FundingInvoiceDto {
  return {
    id: deposit.id,
    projectId: deposit.projectId,
    status: deposit.status,
    amountSats: Number(msatsToSats(deposit.amountMsats)),
    bolt11: deposit.bolt11,
    paymentHash: deposit.paymentHash,
    createdAt: deposit.createdAt.toISOString(),
    expiresAt: deposit.expiresAt.toISOString(),
    paidAt: deposit.paidAt?.toISOString() ?? null,
  };
}

const depositSelect = { id: true, projectId: true, status: true, amountMsats: true, bolt11: true, paymentHash: true, createdAt: true, expiresAt: true, paidAt: true } as const;

/** The team's invoice, settled on read so a poll turns PAID as soon as the node knows. */
async function getFundingInvoice(actor: TeamActor, invoiceId: string): Promise<FundingInvoiceDto> {
  const found = await db.deposit.findFirst({ where: { id: invoiceId, teamId: actor.teamId }, select: { status: true } });
  if (!found) throw new AppError('NOT_FOUND', 'Funding invoice not found.');
  if (found.status === 'PENDING') await settleDeposit(invoiceId);
  return toDto(await db.deposit.findUniqueOrThrow({ where: { id: invoiceId }, select: depositSelect }));
}

export const createFundingInvoiceRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/funding-invoices', operationId: 'createFundingInvoice', tag: 'Funding',
    summary: 'Create a Lightning invoice that funds the project’s escrow',
    description: `Pay \`bolt11\` within ${DEPOSIT_EXPIRY_SECONDS / 60} minutes, then poll \`GET /funding-invoices/{invoiceId}\` until \`status\` is \`PAID\`.`,
    params: projectParams, body: createFundingInvoiceSchema, idempotent: true,
    response: { status: 201, description: 'The invoice', schema: fundingInvoiceSchema, name: 'FundingInvoice' },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'CONFLICT', 'MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'],
  },
  async ({ actor, params, body, idempotencyKey }) => {
    const deposit = await createDeposit({
      teamId: actor.teamId,
      projectId: params.projectId,
      amountMsats: satsToMsats(body.amountSats),
      createdById: actor.userId,
      // Also keyed in the deposit table, so a retry after a crash mid-request cannot issue a second invoice.
      idempotencyKey: idempotencyKey ? `api:${createHash('sha256').update(idempotencyKey).digest('hex')}` : undefined,
    });
    return toDto(deposit);
  },
);

export const getFundingInvoiceRoute = apiRoute(
  {
    method: 'GET', path: '/funding-invoices/{invoiceId}', operationId: 'getFundingInvoice', tag: 'Funding',
    summary: 'Get an invoice’s status (checks the node on read)', params: invoiceParams,
    response: { description: 'The invoice', schema: fundingInvoiceSchema, name: 'FundingInvoice' }, errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => getFundingInvoice(actor, params.invoiceId),
);
