import { describe, expect, it } from 'vitest';
import { orderForAssignment, readTreeTask } from './task-card';

const a = '00000000-0000-7000-8000-00000000000a';
const b = '00000000-0000-7000-8000-00000000000b';
const c = '00000000-0000-7000-8000-00000000000c';

describe('readTreeTask', () => {
  it('is null for an ordinary item', () => {
    expect(readTreeTask({ prompt: 'Hi' }, a)).toBeNull();
    expect(readTreeTask({ tree: { kind: 'OTHER' } }, a)).toBeNull();
    expect(readTreeTask(null, a)).toBeNull();
  });

  it('reads the role to write as', () => {
    expect(readTreeTask({ prompt: 'x', tree: { kind: 'WRITE_PROMPT', messageId: null } }, a)).toMatchObject({ kind: 'WRITE_PROMPT', writeAs: 'user' });
    const reply = { conversation: [{ role: 'user', content: 'q' }], tree: { kind: 'REPLY', replyAs: 'assistant' } };
    expect(readTreeTask(reply, a)).toMatchObject({ writeAs: 'assistant', reviewedRole: null, labels: [], candidates: [], rewardMsats: null });
    expect(readTreeTask({ ...reply, tree: { ...reply.tree, rewardMsats: '13000' } }, a)?.rewardMsats).toBe(13_000n);
    // Without replyAs, the side opposite the last turn.
    expect(readTreeTask({ conversation: [{ role: 'user' }, { role: 'assistant' }], tree: { kind: 'REPLY' } }, a)?.writeAs).toBe('user');
  });

  it('reads a review: the side of the message under review and the labels', () => {
    const review = { conversation: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'r' }], tree: { kind: 'REVIEW', labels: ['quality'] } };
    expect(readTreeTask(review, a)).toMatchObject({ kind: 'REVIEW', writeAs: null, reviewedRole: 'assistant', labels: ['quality'] });
  });

  it('orders a ranking’s candidates per assignment, stably', () => {
    const candidates = [a, b, c].map((id) => ({ id, text: id }));
    const payload = { conversation: [{ role: 'user', content: 'q' }], tree: { kind: 'RANK', candidates } };
    const first = readTreeTask(payload, a)!.candidates;
    expect(first.map((x) => x.id).sort()).toEqual([a, b, c]);
    expect(readTreeTask(payload, a)!.candidates).toEqual(first);
    // Over many assignments every reply is sometimes shown first.
    const firsts = new Set(Array.from({ length: 50 }, (_, i) => orderForAssignment(candidates, `assignment-${i}`)[0].id));
    expect(firsts.size).toBe(3);
  });
});
