// The agent API contract as the client sees it. The server side (app/api/agent/v1, issue 8) is being built: these
// shapes are the proposal it will implement, mirroring the team API where one exists (task types, rewardSats,
// judgmentsPerItem limits from lib/projects/schemas.ts; aggregated items from lib/exports). They are copied, not
// imported, so the client loads in an agent's process without the app (Prisma enums, `@/` aliases).
import { z } from 'zod';

export const MAX_JOB_ITEMS = 1000;
export const MAX_INSTRUCTIONS_LENGTH = 20_000;
export const MAX_REWARD_SATS = 1_000_000;
export const MAX_JUDGMENTS_PER_ITEM = 20;

export const agentTaskTypes = ['CLASSIFICATION', 'MULTI_LABEL', 'PAIRWISE', 'RANKING', 'RATING', 'WRITING'] as const;

// user@domain, as LUD-16 allows it (lowercase letters, digits and -_. in the name).
const LIGHTNING_ADDRESS = /^[a-z0-9\-_.]+@(?:[a-z0-9-]+\.)+[a-z]{2,}$/i;
// A bech32 LUD-01 link (lnurl1…, either case) or a LUD-17 scheme URL.
const LNURL = /^(?:lnurl1[02-9ac-hj-np-z]+|LNURL1[02-9AC-HJ-NP-Z]+|lnurl[pw]:\/\/\S+)$/;

/**
 * Where unused sats go back (items rejected for quality, a cancelled job). The issue names "a Lightning Address or
 * LNURL-withdraw link"; which way the LNURL points is still open (see the agent-client report), so the link is
 * carried as given and the server decides which LNURL kinds it accepts.
 */
export const refundDestinationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lightning_address'), address: z.string().max(320).regex(LIGHTNING_ADDRESS) }),
  z.object({ type: z.literal('lnurl'), lnurl: z.string().max(2048).regex(LNURL) }),
]);

export const agentJobInputSchema = z.object({
  taskType: z.enum(agentTaskTypes),
  instructions: z.string().trim().min(1).max(MAX_INSTRUCTIONS_LENGTH),
  /** Options of the task type (labels, criteria…), as in the team API's project `typeConfig`. */
  typeConfig: z.unknown().optional(),
  /** One payload per item, shaped as the task type expects (the same rows a team uploads in a batch). */
  items: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_JOB_ITEMS),
  judgmentsPerItem: z.int().min(1).max(MAX_JUDGMENTS_PER_ITEM),
  /** Paid to the worker per judgment; the price adds the platform fee. */
  rewardSats: z.int().min(1).max(MAX_REWARD_SATS),
  refundTo: refundDestinationSchema,
});
export type AgentJobInput = z.input<typeof agentJobInputSchema>;

// JSON cannot carry bigint: amounts travel as decimal strings (style M2) and become bigint msats here.
const msatsSchema = z
  .string()
  .regex(/^(?:0|[1-9][0-9]{0,20})$/)
  .transform((text) => BigInt(text));

export const quoteSchema = z.object({
  priceMsats: msatsSchema,
  judgments: z.int().min(0),
  /** From current worker throughput; null when there is no recent throughput to go on. */
  etaSeconds: z.int().min(0).nullable(),
});
export type Quote = z.output<typeof quoteSchema>;

export const agentJobStatuses = ['ACTIVE', 'PAUSED', 'DONE', 'CANCELLED'] as const;

export const agentJobSchema = z.object({
  id: z.string().min(1),
  status: z.enum(agentJobStatuses),
  taskType: z.enum(agentTaskTypes),
  itemsTotal: z.int().min(0),
  judgmentsNeeded: z.int().min(0),
  judgmentsDone: z.int().min(0),
  paidMsats: msatsSchema,
  refundedMsats: msatsSchema,
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export type AgentJob = z.output<typeof agentJobSchema>;

/** One item's aggregated answer, the same fields as an aggregated export row (lib/exports/formats/types.ts). */
export const aggregatedItemSchema = z.object({
  externalId: z.string(),
  label: z.unknown(),
  method: z.enum(['dawid_skene', 'majority', 'bradley_terry', 'mean', 'approved_texts', 'none']),
  confidence: z.number().nullable(),
  judgments: z.int().min(0),
  agreement: z.number().nullable(),
  details: z.record(z.string(), z.unknown()),
  payload: z.unknown(),
});
export type AggregatedItem = z.output<typeof aggregatedItemSchema>;

export const jobResultsSchema = z.object({
  job: agentJobSchema,
  /** False when `wait` ran out before the job was done: the items so far are still returned. */
  isComplete: z.boolean(),
  items: z.array(aggregatedItemSchema),
});
export type JobResults = z.output<typeof jobResultsSchema>;
