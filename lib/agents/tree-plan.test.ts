import { describe, expect, it } from 'vitest';
import { treeRankingJobInputSchema, treeRepliesJobInputSchema } from '@/lib/agent-client/tree-schemas';
import { priceTreeJob, buildTreeJobConfig, countTreeJobTasks, getTreeJobKind } from './tree-plan';

const refundTo = { type: 'lightning_address', address: 'agent@wallet.example' };
const conversation = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!' },
  { role: 'user', content: 'Name a grey cat.' },
];
const replies = (extra: object = {}) => treeRepliesJobInputSchema.parse({ taskType: 'TREE_REPLIES', conversation, replies: 3, refundTo, ...extra });
const ranking = (extra: object = {}) =>
  treeRankingJobInputSchema.parse({ taskType: 'TREE_RANKING', conversation, candidates: [{ text: 'Ash' }, { text: 'Nimbus' }], refundTo, ...extra });

describe('tree job settings', () => {
  it('answers the last turn only, once per reply, and stops there', () => {
    const config = buildTreeJobConfig(replies({ rank: true }));
    expect(config).toMatchObject({ maxDepth: 3, replyFromDepth: 2, repliesPerMessage: 3, goalTreeSize: 6, reviewsPerMessage: 3, rankReplies: true, rankingsPerGroup: 3, promptSource: 'team' });
    expect(config.rewardsMsats).toEqual({ WRITE_PROMPT: 0n, REPLY: 5_000n, REVIEW: 1_000n, RANK: 2_000n });
    expect(getTreeJobKind(config)).toBe('TREE_REPLIES');
    expect(countTreeJobTasks(config)).toEqual({ REPLY: 3, REVIEW: 9, RANK: 3 });
    // Without ranking, its reward is 0 so it can't be the dearest kind.
    expect(buildTreeJobConfig(replies()).rewardsMsats.RANK).toBe(0n);
    expect(countTreeJobTasks(buildTreeJobConfig(replies()))).toEqual({ REPLY: 3, REVIEW: 9, RANK: 0 });
  });

  it('gives a ranking job no reply slots at all', () => {
    const config = buildTreeJobConfig(ranking({ rankers: 4, rewardSats: 3 }));
    expect(config).toMatchObject({ maxDepth: 3, replyFromDepth: 3, rankingsPerGroup: 4 });
    expect(config.rewardsMsats).toEqual({ WRITE_PROMPT: 0n, REPLY: 0n, REVIEW: 0n, RANK: 3_000n });
    expect(getTreeJobKind(config)).toBe('TREE_RANKING');
    expect(countTreeJobTasks(config)).toEqual({ REPLY: 0, REVIEW: 0, RANK: 4 });
  });
});

describe('tree job price', () => {
  it('is the per-kind rewards times the counts plus the fee, rounded up to whole sats', () => {
    const price = priceTreeJob(buildTreeJobConfig(replies({ rank: true, rewardSats: { reply: 2, review: 2, rank: 2 } })), 500);
    expect(price).toEqual({ counts: { REPLY: 3, REVIEW: 9, RANK: 3 }, judgments: 15, costMsats: 31_500n, priceMsats: 32_000n });
    expect(priceTreeJob(buildTreeJobConfig(ranking()), 500)).toMatchObject({ costMsats: 6_300n, priceMsats: 7_000n });
    // The default 5/1/2 sats: 3 replies × 5,250 + 9 reviews × 1,050 + 3 rankings × 2,100 = 31,500, with nothing held
    // back for the budget check (it counts each task at its own reward).
    expect(priceTreeJob(buildTreeJobConfig(replies({ rank: true })), 500)).toMatchObject({ costMsats: 31_500n, priceMsats: 32_000n });
    expect(priceTreeJob(buildTreeJobConfig(replies()), 500)).toMatchObject({ costMsats: 25_200n, priceMsats: 26_000n });
  });
});
