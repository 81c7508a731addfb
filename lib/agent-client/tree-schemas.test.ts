import { describe, expect, it } from 'vitest';
import { agentJobRequestSchema } from './schemas';

const refundTo = { type: 'lightning_address', address: 'agent@wallet.example' };
const user = (content: string) => ({ role: 'user', content });
const assistant = (content: string) => ({ role: 'assistant', content });
const pathsOf = (body: unknown) => {
  const parsed = agentJobRequestSchema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
};

describe('the job request union', () => {
  it('still takes item jobs as before', () => {
    const job = { taskType: 'CLASSIFICATION', instructions: 'Label it', typeConfig: { labels: ['a', 'b'] }, items: [{ text: 'x' }], judgmentsPerItem: 1, rewardSats: 1, refundTo };
    expect(agentJobRequestSchema.parse(job)).toMatchObject({ taskType: 'CLASSIFICATION', judgmentsPerItem: 1 });
    expect(pathsOf({ ...job, taskType: 'NOPE' })).toEqual(['taskType']);
  });

  it('takes a conversation that alternates and ends on the user, trimmed, with defaults', () => {
    const parsed = agentJobRequestSchema.parse({ taskType: 'TREE_REPLIES', conversation: [user(' Hi '), assistant('Hello'), user('Name a cat')], replies: 2, refundTo });
    expect(parsed).toMatchObject({ conversation: [user('Hi'), assistant('Hello'), user('Name a cat')], reviewsPerReply: 3, rank: false, rankers: 3, rewardSats: { reply: 5, review: 1, rank: 2 } });
  });

  it('names the field of each bad conversation, reply count or candidate', () => {
    const replies = { taskType: 'TREE_REPLIES', conversation: [user('Hi')], replies: 2, refundTo };
    expect(pathsOf({ ...replies, conversation: [user('Hi'), assistant('Hello')] })).toEqual(['conversation.1.role']);
    expect(pathsOf({ ...replies, conversation: [user('Hi'), user('Hello'), user('?')] })).toEqual(['conversation.1.role']);
    expect(pathsOf({ ...replies, conversation: [user(' ')] })).toEqual(['conversation.0.content']);
    expect(pathsOf({ ...replies, conversation: [] })).toEqual(['conversation']);
    expect(pathsOf({ ...replies, conversation: Array.from({ length: 11 }, (_, i) => (i % 2 ? assistant('a') : user('u'))) })).toEqual(['conversation']);
    expect(pathsOf({ ...replies, replies: 0 })).toEqual(['replies']);
    expect(pathsOf({ ...replies, replies: 11 })).toEqual(['replies']);
    expect(pathsOf({ ...replies, replies: 1, rank: true })).toEqual(['rank']);
    expect(pathsOf({ ...replies, reviewLabels: ['spam'] })).toEqual(['reviewLabels']);
    const ranking = { taskType: 'TREE_RANKING', conversation: [user('Hi')], candidates: [{ text: 'a' }, { text: 'b' }], refundTo };
    expect(pathsOf(ranking)).toEqual([]);
    expect(pathsOf({ ...ranking, candidates: [{ text: 'a' }] })).toEqual(['candidates']);
    expect(pathsOf({ ...ranking, candidates: [{ id: 'c1', text: 'a' }, { text: 'b' }] })).toEqual(['candidates.1.id']);
    expect(pathsOf({ ...ranking, candidates: [{ text: 'a' }, { text: '' }] })).toEqual(['candidates.1.text']);
  });
});
