import { describe, expect, it } from 'vitest';
import { consensusKeyOf, getConsensus } from './consensus';

describe('consensus for the review item view', () => {
  it('takes the majority label with its share', () => {
    const c = getConsensus('CLASSIFICATION', [
      { workerId: 'a', answer: { label: 'x' } },
      { workerId: 'b', answer: { label: 'y' } },
      { workerId: 'c', answer: { label: 'x' } },
    ]);
    expect(c).toMatchObject({ label: 'x', votes: 3, counts: { x: 2, y: 1 } });
    expect(c?.confidence).toBeCloseTo(2 / 3);
  });

  it('compares multi-label sets regardless of order and has no consensus for writing', () => {
    expect(consensusKeyOf('MULTI_LABEL', { labels: ['b', 'a'] })).toBe(consensusKeyOf('MULTI_LABEL', { labels: ['a', 'b'] }));
    expect(consensusKeyOf('RANKING', { ranking: [[1], [0]] })).toBe('first: 2');
    expect(getConsensus('WRITING', [{ workerId: 'a', answer: { text: 'hi' } }])).toBeNull();
  });

  it('compares the spam verdicts of tree reviews and the first reply of tree rankings', () => {
    const reviews = [true, false, false].map((spam, i) => ({ workerId: `w${i}`, answer: { spam, labels: {}, redFlag: false } }));
    expect(getConsensus('WRITING', reviews)).toMatchObject({ label: 'not spam', counts: { spam: 1, 'not spam': 2 } });
    expect(consensusKeyOf('WRITING', { order: ['m2', 'm1'] })).toBe('first: m2');
  });
});
