// Conversation-tree jobs (docs/agents.md, "Replies and rankings of a conversation"): humans write N assistant
// replies to a conversation, peer-reviewed as in lib/trees (TREE_REPLIES), or rank the agent's candidate replies
// (TREE_RANKING). Plain zod, shared by the client and the server.
import { z } from 'zod';
import { MAX_INSTRUCTIONS_LENGTH, MAX_DEADLINE_HOURS, MAX_REWARD_SATS, refundDestinationSchema } from './common-schemas';

/** A tree is at most 10 deep (lib/trees/config.ts), and the replies take one level: 9 turns, ending on the user's. */
export const MAX_CONVERSATION_TURNS = 9;
export const MAX_TURN_LENGTH = 8_000;
export const MAX_TREE_REPLIES = 10;
export const MAX_TREE_REVIEWS = 5;
export const MAX_TREE_RANKERS = 10;
export const MAX_TREE_CANDIDATES = 10;

const text = z.string().trim().min(1, 'must not be empty').max(MAX_TURN_LENGTH);
const label = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _');

export const conversationTurnSchema = z.object({ role: z.enum(['user', 'assistant']), content: text });

/** Turns alternate, starting and ending with the user's: the replies bought are the assistant's next turn. */
export const conversationSchema = z
  .array(conversationTurnSchema)
  .min(1)
  .max(MAX_CONVERSATION_TURNS)
  .superRefine((turns, ctx) => {
    turns.forEach((turn, index) => {
      const expected = index % 2 === 0 ? 'user' : 'assistant';
      if (turn.role !== expected) ctx.addIssue({ code: 'custom', path: [index, 'role'], message: `must be "${expected}": turns alternate, starting with the user` });
    });
    if (turns.length % 2 === 0 && turns.at(-1)?.role === 'assistant') {
      ctx.addIssue({ code: 'custom', path: [turns.length - 1, 'role'], message: 'the conversation must end on a user turn: the replies bought are the assistant’s' });
    }
  });

const common = {
  /** Shown to workers as the task's title; defaults to a generic one. */
  title: z.string().trim().min(1).max(200).optional(),
  /** Shown to workers above every task of the job; defaults to a generic one. */
  instructions: z.string().trim().min(1).max(MAX_INSTRUCTIONS_LENGTH).optional(),
  conversation: conversationSchema,
  refundTo: refundDestinationSchema,
  /** Work not done by then is cancelled and its sats refunded (default 72). */
  deadlineHours: z.int().min(1).max(MAX_DEADLINE_HOURS).optional(),
};

const rewardSats = (fallback: number) => z.int().min(1).max(MAX_REWARD_SATS).default(fallback);

export const treeRepliesJobInputSchema = z
  .object({
    taskType: z.literal('TREE_REPLIES'),
    ...common,
    /** Human assistant replies wanted; each counts once its peer reviews accept it. */
    replies: z.int().min(1).max(MAX_TREE_REPLIES),
    /** Peer reviews per reply (by other workers, never its author). */
    reviewsPerReply: z.int().min(1).max(MAX_TREE_REVIEWS).default(3),
    /** Labels reviewers score 0..1 besides "spam" (default quality, helpfulness, creativity, toxicity). */
    reviewLabels: z.array(label).max(20).optional(),
    /** Also have the accepted replies ranked (needs 2 replies or more). */
    rank: z.boolean().default(false),
    /** Rankings of the replies, each by a worker who wrote none of them. */
    rankers: z.int().min(1).max(MAX_TREE_RANKERS).default(3),
    /** Paid to the worker per reply, review and ranking; the price adds the platform fee. */
    rewardSats: z.object({ reply: rewardSats(5), review: rewardSats(1), rank: rewardSats(2) }).default({ reply: 5, review: 1, rank: 2 }),
  })
  .superRefine((input, ctx) => {
    if (input.rank && input.replies < 2) ctx.addIssue({ code: 'custom', path: ['rank'], message: 'ranking needs 2 replies or more' });
    const labels = input.reviewLabels ?? [];
    if (new Set(labels).size !== labels.length || labels.includes('spam')) ctx.addIssue({ code: 'custom', path: ['reviewLabels'], message: 'labels must be distinct and not "spam" (always asked)' });
  });

export const treeCandidateSchema = z.object({
  /** Your id for the reply, returned in the ranking; default `c<index>`. */
  id: z.string().trim().min(1).max(200).optional(),
  text,
  /** The model that wrote it (kept with the reply, not shown to rankers); default "agent". */
  model: z.string().trim().min(1).max(200).optional(),
});

export const treeRankingJobInputSchema = z
  .object({
    taskType: z.literal('TREE_RANKING'),
    ...common,
    /** Replies to the conversation's last turn, ranked blind by the workers. */
    candidates: z.array(treeCandidateSchema).min(2).max(MAX_TREE_CANDIDATES),
    rankers: z.int().min(1).max(MAX_TREE_RANKERS).default(3),
    /** Paid to the worker per ranking; the price adds the platform fee. */
    rewardSats: rewardSats(2),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.candidates.forEach((candidate, index) => {
      const id = candidate.id ?? `c${index}`;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['candidates', index, 'id'], message: `the id "${id}" is used by an earlier candidate` });
      seen.add(id);
    });
  });

export type TreeRepliesJobInput = z.input<typeof treeRepliesJobInputSchema>;
export type TreeRankingJobInput = z.input<typeof treeRankingJobInputSchema>;

export const treeStates = ['GROWING', 'RANKING', 'READY', 'ABORTED', 'HALTED'] as const;

export const treeReplyResultSchema = z.object({
  /** Your candidate id, or the reply's message id for a worker's reply. */
  id: z.string(),
  source: z.enum(['worker', 'candidate']),
  /** The writer as a stable pseudonym (the same worker, the same code, across your jobs); null for candidates. */
  worker: z.string().nullable(),
  model: z.string().nullable(),
  text: z.string(),
  /**
   * True once its peer reviews accepted it (candidates always). False only for a reply still under review when the
   * job closed: its writer is paid, but no review vouches for it.
   */
  accepted: z.boolean(),
  /** The peer reviews that accepted the reply: labels as oasst aggregates them (mean value, count; spam 1 = spam). Null for candidates. */
  review: z.object({ reviews: z.int().min(0), acceptVotes: z.int().min(0), labels: z.record(z.string(), z.object({ value: z.number(), count: z.int() })) }).nullable(),
  /** 0 = best, once ranked. */
  rank: z.int().min(0).nullable(),
});

export const treeRankingResultSchema = z.object({
  /** Reply ids, best first: the rankings merged by Borda count (ties keep the replies' order). */
  order: z.array(z.string()),
  /** Each ranker's own order, best first. */
  rankers: z.array(z.object({ worker: z.string(), order: z.array(z.string()) })),
  /** Kendall's W of the rankers' orders, 0 (none) to 1 (all the same); null with fewer than 2 rankers. */
  agreement: z.number().min(0).max(1).nullable(),
});

export const treeJobResultSchema = z.object({
  kind: z.enum(['TREE_REPLIES', 'TREE_RANKING']),
  state: z.enum(treeStates),
  stateReason: z.string().nullable(),
  conversation: z.array(conversationTurnSchema),
  /** The workers' replies that count (accepted, or unreviewed at close; rejected ones are left out) or your candidates, in rank order once ranked. */
  replies: z.array(treeReplyResultSchema),
  ranking: treeRankingResultSchema.nullable(),
});
export type TreeJobResult = z.output<typeof treeJobResultSchema>;
