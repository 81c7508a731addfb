// The body of the 402 that answers a job request without a usable token, exactly as lib/agents/challenge.ts sends
// it: the problem document plus the challenge. Isomorphic: the OpenAPI document renders it.
import { z } from 'zod';
import { problemSchema } from '@/lib/api/problem';

export const challengeReasons = ['no_token', 'expired', 'caveat_exceeded', 'wrong_endpoint', 'unknown_caveat', 'token_used', 'underpaid'] as const;
export type ChallengeReason = (typeof challengeReasons)[number];

export const paymentChallengeSchema = problemSchema.extend({
  reason: z.enum(challengeReasons).describe('Why a (new) payment is needed: no token, or why the token sent does not cover this request.'),
  jobId: z.uuid().optional().describe('With `token_used`: the job the token already created (the token still reads it).'),
  priceMsats: z.string().regex(/^[0-9]+$/).describe('The invoice amount in millisats, a decimal string.'),
  judgments: z.int().min(1).describe('Judgments this payment buys (items × judgments per item).'),
  invoice: z.string().min(1).describe('BOLT 11 invoice to pay; its preimage completes the token.'),
  macaroon: z.string().min(1).describe('Base64 macaroon bound to the invoice’s payment hash; send `Authorization: L402 <macaroon>:<preimage hex>`.'),
  invoiceExpiresAt: z.iso.datetime().describe('After this the invoice cannot be paid: ask again.'),
});
export type PaymentChallenge = z.output<typeof paymentChallengeSchema>;
