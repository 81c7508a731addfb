// The agent API contract (app/api/agent/v1, docs/agents.md), shared by the client and the server. It mirrors the
// team API where one exists (task types, rewardSats, judgmentsPerItem limits from lib/projects/schemas.ts; item
// rows as in a JSONL batch upload; results as aggregated export rows). Plain zod, no `@/` imports, so the client
// loads in an agent's process without the app.
import { z } from 'zod';
import { MAX_DEADLINE_HOURS, MAX_INSTRUCTIONS_LENGTH, MAX_REWARD_SATS, msatsSchema, refundDestinationSchema } from './common-schemas';
import { treeJobResultSchema, treeRankingJobInputSchema, treeRepliesJobInputSchema } from './tree-schemas';

export { MAX_DEADLINE_HOURS, MAX_INSTRUCTIONS_LENGTH, MAX_REWARD_SATS, refundDestinationSchema } from './common-schemas';
export * from './tree-schemas';

export const MAX_JOB_ITEMS = 1000;
export const MAX_JUDGMENTS_PER_ITEM = 20;

export const agentTaskTypes = ['CLASSIFICATION', 'MULTI_LABEL', 'PAIRWISE', 'RANKING', 'RATING', 'WRITING'] as const;

export const agentJobInputSchema = z.object({
  /** Shown to workers as the task's title; defaults to a generic one. */
  title: z.string().trim().min(1).max(200).optional(),
  taskType: z.enum(agentTaskTypes),
  instructions: z.string().trim().min(1).max(MAX_INSTRUCTIONS_LENGTH),
  /** Options of the task type (labels, criteria…), as in the team API's project `typeConfig`. */
  typeConfig: z.unknown().optional(),
  /**
   * One object per item, as a line of a JSONL batch upload: `{ "id"?, ...payload fields }` or
   * `{ "id"?, "payload": {...} }`. Without an id, the item's id is a hash of its content.
   */
  items: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_JOB_ITEMS),
  judgmentsPerItem: z.int().min(1).max(MAX_JUDGMENTS_PER_ITEM),
  /** Paid to the worker per judgment; the price adds the platform fee. */
  rewardSats: z.int().min(1).max(MAX_REWARD_SATS),
  refundTo: refundDestinationSchema,
  /** Work not done by then is cancelled and its sats refunded (default 72). */
  deadlineHours: z.int().min(1).max(MAX_DEADLINE_HOURS).optional(),
});
export type AgentJobInput = z.input<typeof agentJobInputSchema>;

/** What POST /quote and POST /jobs take: an item job (one of the six task types) or a conversation-tree job. */
export const agentJobRequestSchema = z.discriminatedUnion('taskType', [agentJobInputSchema, treeRepliesJobInputSchema, treeRankingJobInputSchema]);
export type AgentJobRequestInput = z.input<typeof agentJobRequestSchema>;

export const agentJobKinds = [...agentTaskTypes, 'TREE_REPLIES', 'TREE_RANKING'] as const;

export const quoteSchema = z.object({
  /** Always whole sats (a multiple of 1,000): the exact cost is rounded up, and what the job does not spend is refunded. */
  priceMsats: msatsSchema,
  judgments: z.int().min(0),
  /** From current worker throughput; null when there is no recent throughput to go on. */
  etaSeconds: z.int().min(0).nullable(),
  /**
   * Tree jobs: the part of the price held so the escrow always covers the dearest task kind while cheaper ones are
   * promised (the budget check counts each at the dearest); refunded with anything else unspent. 0 for equal rewards.
   */
});
export type Quote = z.output<typeof quoteSchema>;

export const agentJobStatuses = ['ACTIVE', 'DONE', 'CANCELLED', 'EXPIRED'] as const;

export const agentJobSchema = z.object({
  id: z.string().min(1),
  status: z.enum(agentJobStatuses),
  taskType: z.enum(agentJobKinds),
  itemsTotal: z.int().min(0),
  itemsDone: z.int().min(0),
  judgmentsNeeded: z.int().min(0),
  /** Judgments given so far (approved or still in review; rejected ones are redone and not counted). */
  judgmentsDone: z.int().min(0),
  paidMsats: msatsSchema,
  /** Paid out for approved judgments: rewards plus the platform fee. */
  spentMsats: msatsSchema,
  /** Sent back to the refund destination. */
  refundedMsats: msatsSchema,
  /** Released for refund but not yet paid (in flight, or retrying after a failure). */
  refundPendingMsats: msatsSchema,
  etaSeconds: z.int().min(0).nullable(),
  createdAt: z.iso.datetime(),
  deadlineAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});
export type AgentJob = z.output<typeof agentJobSchema>;

/** One item's aggregated answer: exactly a row of the AGGREGATED_JSONL export (lib/exports/formats/aggregated.ts). */
export const aggregatedItemSchema = z.object({
  item_id: z.string(),
  label: z.unknown(),
  method: z.enum(['dawid_skene', 'majority', 'bradley_terry', 'mean', 'approved_texts', 'none']),
  confidence: z.number().nullable(),
  n_judgments: z.int().min(0),
  agreement: z.number().nullable(),
  is_gold: z.boolean(),
  details: z.record(z.string(), z.unknown()),
  payload: z.unknown(),
});
export type AggregatedItem = z.output<typeof aggregatedItemSchema>;

export const jobResultsSchema = z.object({
  job: agentJobSchema,
  /**
   * True once the job is closed and no judgment waits for review: the answers will not change any more. False when
   * `wait` ran out first; the items answered so far are still returned.
   */
  isComplete: z.boolean(),
  /** Item jobs: one row per item. Tree jobs: empty (see `tree`). */
  items: z.array(aggregatedItemSchema),
  /** Tree jobs only: the conversation, the accepted replies and the ranking. */
  tree: treeJobResultSchema.optional(),
});
export type JobResults = z.output<typeof jobResultsSchema>;
