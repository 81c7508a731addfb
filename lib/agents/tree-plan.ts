// A conversation-tree job's shape and price (pure). The job's tree project gets settings that grow exactly the work
// bought: the given conversation's last turn gets `replies` reply slots and nothing else does (replyFromDepth), the
// replies end the tree (maxDepth), each is reviewed reviewsPerReply times, and the group is ranked if asked for.
import type { z } from 'zod';
import type { treeRankingJobInputSchema, treeRepliesJobInputSchema } from '@/lib/agent-client/tree-schemas';
import { ceilToWholeSat, judgmentCostMsats, satsToMsats } from '@/lib/ledger/money';
import { defaultTreeConfig, parseTreeConfig, type TreeConfig } from '@/lib/trees/config';

export type TreeJobInput = z.output<typeof treeRepliesJobInputSchema> | z.output<typeof treeRankingJobInputSchema>;
export type TreeJobKind = TreeJobInput['taskType'];
type Counts = { REPLY: number; REVIEW: number; RANK: number };

/** Long enough for any turn or candidate the API takes (MAX_TURN_LENGTH), so a given text never fails the tree's check. */
const TREE_JOB_TEXT_LENGTH = 8_000;

/** The tree project's settings for a job. Kinds the job does not buy pay 0, so the dearest kind is one it buys. */
export function buildTreeJobConfig(input: TreeJobInput): TreeConfig {
  const lastDepth = input.conversation.length - 1;
  const shared = { maxDepth: lastDepth + 1, maxTextLength: TREE_JOB_TEXT_LENGTH, promptSource: 'team' as const, lonelyChildThreshold: 0 };
  if (input.taskType === 'TREE_RANKING') {
    const rank = satsToMsats(input.rewardSats).toString();
    return parseTreeConfig({
      ...shared,
      // No human replies: the last turn is above replyFromDepth; the candidates are its only replies.
      replyFromDepth: lastDepth + 1,
      repliesPerMessage: 1,
      goalTreeSize: Math.max(2, input.conversation.length),
      rankingsPerGroup: input.rankers,
      rewardsMsats: { WRITE_PROMPT: '0', REPLY: '0', REVIEW: '0', RANK: rank },
    });
  }
  return parseTreeConfig({
    ...shared,
    replyFromDepth: lastDepth,
    repliesPerMessage: input.replies,
    goalTreeSize: input.conversation.length + input.replies,
    reviewsPerMessage: input.reviewsPerReply,
    reviewLabels: input.reviewLabels ?? defaultTreeConfig.reviewLabels,
    rankReplies: input.rank,
    rankingsPerGroup: input.rankers,
    rewardsMsats: {
      WRITE_PROMPT: '0',
      REPLY: satsToMsats(input.rewardSats.reply).toString(),
      REVIEW: satsToMsats(input.rewardSats.review).toString(),
      RANK: input.rank ? satsToMsats(input.rewardSats.rank).toString() : '0',
    },
  });
}

/** Which job a tree project runs, read back from its settings. */
export function getTreeJobKind(config: TreeConfig): TreeJobKind {
  return config.replyFromDepth >= config.maxDepth ? 'TREE_RANKING' : 'TREE_REPLIES';
}

/** The tasks a job buys, by kind (a group of one reply is never ranked). */
export function countTreeJobTasks(config: TreeConfig): Counts {
  if (getTreeJobKind(config) === 'TREE_RANKING') return { REPLY: 0, REVIEW: 0, RANK: config.rankingsPerGroup };
  const replies = config.repliesPerMessage;
  return { REPLY: replies, REVIEW: replies * config.reviewsPerMessage, RANK: config.rankReplies && replies >= 2 ? config.rankingsPerGroup : 0 };
}

export type TreeJobPrice = { counts: Counts; judgments: number; costMsats: bigint; priceMsats: bigint };

/**
 * Per-kind rewards × counts plus the fee, rounded up to whole sats. The claim's budget check counts each promised
 * task of a tree project at its own kind's reward (lib/assignment/budget-sql.ts), so this exact cost keeps every task
 * claimable, even while all the reviews wait unpaid beside the rankings.
 */
export function priceTreeJob(config: TreeConfig, feeBps: number): TreeJobPrice {
  const counts = countTreeJobTasks(config);
  const cost = (kind: keyof Counts) => judgmentCostMsats(config.rewardsMsats[kind], feeBps);
  const n = BigInt;
  const costMsats = n(counts.REPLY) * cost('REPLY') + n(counts.REVIEW) * cost('REVIEW') + n(counts.RANK) * cost('RANK');
  const judgments = counts.REPLY + counts.REVIEW + counts.RANK;
  return { counts, judgments, costMsats, priceMsats: ceilToWholeSat(costMsats) };
}
