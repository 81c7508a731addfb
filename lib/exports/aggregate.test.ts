import { describe, expect, it } from 'vitest';
import { aggregateItems, type ItemJudgments } from './aggregate';
import { toKtoExamples, toPreferencePairs, toSftExamples } from './derive';
import { assignSplitPart, toPseudonymousWorkerId } from './ids';
import { createHash } from 'node:crypto';

const pairwise = (externalId: string, choices: string[]): ItemJudgments => ({
  externalId,
  isGold: false,
  payload: { prompt: 'Q', responses: ['first', 'second'] },
  judgments: choices.map((choice, i) => ({ workerId: `w${i}`, answer: { choice } })),
});

describe('PAIRWISE aggregation and pairs', () => {
  it('a Bradley-Terry winner gives one pair; ties and both-bad give none and are counted', () => {
    const [a, b, tie, bad] = aggregateItems('PAIRWISE', {}, [
      pairwise('a', ['A', 'A', 'B']),
      pairwise('b', ['B', 'B', 'tie']),
      pairwise('t', ['A', 'B', 'tie']),
      pairwise('x', ['both_bad', 'both_bad', 'A']),
    ]);
    expect(a).toMatchObject({ label: 'A', method: 'bradley_terry', judgments: 3, agreement: 1 / 3 });
    expect(a.confidence).toBeGreaterThan(0.5);
    expect(b.label).toBe('B');
    expect(tie.label).toBe('tie');
    expect(bad.label).toBe('both_bad');
    expect(toPreferencePairs(b)).toStrictEqual({
      pairs: [{ externalId: 'b', prompt: [{ role: 'user', content: 'Q' }], chosen: 'second', rejected: 'first', k: 2, chosenRank: 1, rejectedRank: 2 }],
      dropped: null,
    });
    expect(toPreferencePairs(tie)).toStrictEqual({ pairs: [], dropped: { reason: 'tie', count: 1 } });
    expect(toPreferencePairs(bad).dropped).toStrictEqual({ reason: 'both_bad', count: 1 });
    expect(toSftExamples('PAIRWISE', a)).toStrictEqual([{ externalId: 'a', prompt: [{ role: 'user', content: 'Q' }], completion: 'first' }]);
    expect(toKtoExamples(a).map((e) => [e.completion, e.label])).toEqual([['first', true], ['second', false]]);
  });
});

describe('RANKING', () => {
  it('orders responses by Bradley-Terry and splits into every (better, worse) pair with ranks and k', () => {
    const item: ItemJudgments = {
      externalId: 'r',
      isGold: false,
      payload: { prompt: 'Q', responses: ['r0', 'r1', 'r2'] },
      judgments: [
        { workerId: 'w1', answer: { ranking: [[2], [0], [1]] } },
        { workerId: 'w2', answer: { ranking: [[2], [0], [1]] } },
        { workerId: 'w3', answer: { ranking: [[0], [2], [1]] } },
      ],
    };
    const [agg] = aggregateItems('RANKING', {}, [item]);
    expect(agg).toMatchObject({ label: [2, 0, 1], method: 'bradley_terry', agreement: 1 / 3 });
    const { pairs } = toPreferencePairs(agg);
    expect(pairs.map((p) => [p.chosen, p.rejected, p.chosenRank, p.rejectedRank, p.k])).toEqual([
      ['r2', 'r0', 1, 2, 3],
      ['r2', 'r1', 1, 3, 3],
      ['r0', 'r1', 2, 3, 3],
    ]);
    expect(toKtoExamples(agg).map((e) => [e.completion, e.label])).toEqual([['r2', true], ['r1', false]]);
  });
});

describe('CLASSIFICATION / MULTI_LABEL / RATING / WRITING', () => {
  const cls = (externalId: string, labels: string[]): ItemJudgments => ({
    externalId,
    isGold: false,
    payload: { text: externalId },
    judgments: labels.map((label, i) => ({ workerId: `w${i}`, answer: { label } })),
  });
  it('uses Dawid-Skene when the page has enough workers, majority otherwise', () => {
    const items = [cls('1', ['pos', 'pos', 'neg']), cls('2', ['neg', 'neg', 'neg']), cls('3', ['pos', 'pos', 'pos'])];
    const out = aggregateItems('CLASSIFICATION', { labels: ['pos', 'neg'] }, items);
    expect(out.map((o) => [o.label, o.method])).toEqual([['pos', 'dawid_skene'], ['neg', 'dawid_skene'], ['pos', 'dawid_skene']]);
    const single = aggregateItems('CLASSIFICATION', { labels: ['pos', 'neg'] }, [cls('1', ['pos', 'pos', 'neg'])]);
    expect(single[0]).toMatchObject({ label: 'pos', method: 'majority', confidence: 2 / 3 });
  });
  it('multi-label: per-label decision', () => {
    const item = (id: string, sets: string[][]): ItemJudgments => ({ externalId: id, isGold: false, payload: {}, judgments: sets.map((labels, i) => ({ workerId: `w${i}`, answer: { labels } })) });
    const out = aggregateItems('MULTI_LABEL', { labels: ['x', 'y'] }, [item('1', [['x'], ['x', 'y'], ['x']]), item('2', [['y'], ['y'], []])]);
    expect(out.map((o) => o.label)).toEqual([['x'], ['y']]);
  });
  it('rating: mean and median per criterion', () => {
    const [agg] = aggregateItems('RATING', { criteria: ['overall'] }, [
      { externalId: 'r', isGold: false, payload: {}, judgments: [4, 5, 5].map((s, i) => ({ workerId: `w${i}`, answer: { scores: { overall: s } } })) },
    ]);
    expect(agg).toMatchObject({ label: { overall: 14 / 3 }, method: 'mean', details: { median: { overall: 5 } }, agreement: 1 / 3 });
  });
  it('writing: the texts, each an SFT example with the draft', () => {
    const [agg] = aggregateItems('WRITING', {}, [
      { externalId: 'w', isGold: false, payload: { prompt: 'P', draft: 'd' }, judgments: [{ workerId: 'a', answer: { text: 'one' } }, { workerId: 'b', answer: { text: 'two' } }] },
    ]);
    expect(agg).toMatchObject({ label: ['one', 'two'], method: 'approved_texts' });
    expect(toSftExamples('WRITING', agg)).toStrictEqual([
      { externalId: 'w', prompt: [{ role: 'user', content: 'P' }], completion: 'one', draft: 'd' },
      { externalId: 'w', prompt: [{ role: 'user', content: 'P' }], completion: 'two', draft: 'd' },
    ]);
  });
});

describe('ids', () => {
  it('pseudonym = first 16 hex of sha256(salt + worker id)', () => {
    expect(toPseudonymousWorkerId('salt', 'worker')).toBe(createHash('sha256').update('saltworker').digest('hex').slice(0, 16));
  });
  it('split is deterministic and close to the ratio', () => {
    const parts = Array.from({ length: 10_000 }, (_, i) => assignSplitPart('seed', `item-${i}`, 0.2));
    expect(parts).toEqual(Array.from({ length: 10_000 }, (_, i) => assignSplitPart('seed', `item-${i}`, 0.2)));
    const share = parts.filter((p) => p === 'validation').length / parts.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
    expect(assignSplitPart('seed', 'x', 0)).toBe('train');
  });
});
