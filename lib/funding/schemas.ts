// Shared by the fund form and the server (style V2). Amounts cross the wire as whole sats; the server works in msats.
import { z } from 'zod';

export const MIN_DEPOSIT_SATS = 1_000;
export const MAX_DEPOSIT_SATS = 100_000_000;
/** Deposit invoices stay payable for an hour. */
export const DEPOSIT_EXPIRY_SECONDS = 3600;

const amountMessage = `Enter a whole number of sats between ${MIN_DEPOSIT_SATS.toLocaleString('en-US')} and ${MAX_DEPOSIT_SATS.toLocaleString('en-US')}.`;

export const depositAmountSatsSchema = z.coerce
  .number({ error: amountMessage })
  .int({ error: amountMessage })
  .min(MIN_DEPOSIT_SATS, { error: amountMessage })
  .max(MAX_DEPOSIT_SATS, { error: amountMessage });

export const depositAmountMsatsSchema = z
  .bigint({ error: amountMessage })
  .min(BigInt(MIN_DEPOSIT_SATS) * 1000n, { error: amountMessage })
  .max(BigInt(MAX_DEPOSIT_SATS) * 1000n, { error: amountMessage })
  .refine((msats) => msats % 1000n === 0n, { error: amountMessage });

export const createDepositInputSchema = z.object({
  projectId: z.uuid(),
  amountSats: depositAmountSatsSchema,
});
export type CreateDepositInput = z.infer<typeof createDepositInputSchema>;

export const depositIdSchema = z.uuid();
