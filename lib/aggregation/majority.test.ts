import { describe, expect, it } from 'vitest';
import { accuracyAgainstGold, loadSnow } from './__fixtures__/load-snow';
import { majorityVote, multiLabelMajorityVote } from './majority';

describe('majorityVote', () => {
  it('picks the most voted label with its vote share', () => {
    const result = majorityVote([
      { worker: 'w1', item: 'x', label: 'cat' },
      { worker: 'w2', item: 'x', label: 'dog' },
      { worker: 'w3', item: 'x', label: 'cat' },
    ]);
    // x: cat 2, dog 1 → cat, confidence 2/3
    expect(result.get('x')).toEqual({ label: 'cat', confidence: 2 / 3, votes: 3, counts: { cat: 2, dog: 1 } });
  });

  it('breaks ties toward the lexicographically smallest label, whatever the vote order', () => {
    const votes = [
      { worker: 'w1', item: 'y', label: 'b' },
      { worker: 'w2', item: 'y', label: 'a' },
      { worker: 'w3', item: 'y', label: 'B' },
    ];
    // 1 vote each; by code unit 'B' (66) < 'a' (97) < 'b' (98) → 'B', confidence 1/3
    expect(majorityVote(votes).get('y')?.label).toBe('B');
    expect(majorityVote([...votes].reverse()).get('y')).toMatchObject({ label: 'B', confidence: 1 / 3 });
  });
});

describe('multiLabelMajorityVote', () => {
  it('keeps each label chosen by more than half of the voters', () => {
    const result = multiLabelMajorityVote([
      { worker: 'w1', item: 'x', labels: ['toxic', 'spam'] },
      { worker: 'w2', item: 'x', labels: ['toxic'] },
      { worker: 'w3', item: 'x', labels: ['spam', 'spam'] },
      { worker: 'w4', item: 'x', labels: [] },
    ]);
    // 4 voters; toxic 2/4 = 0.5 (a tie, excluded), spam 2/4 (w3's duplicate counts once)
    expect(result.get('x')).toEqual({ labels: [], shares: { spam: 0.5, toxic: 0.5 }, voters: 4 });
  });

  it('includes exact halves when asked, and majorities always', () => {
    const votes = [
      { worker: 'w1', item: 'x', labels: ['a', 'b'] },
      { worker: 'w2', item: 'x', labels: ['a'] },
      { worker: 'w3', item: 'x', labels: ['a'] },
      { worker: 'w4', item: 'x', labels: ['b'] },
    ];
    // a 3/4 > 1/2 → in; b 2/4 = 1/2 → only with isTieIncluded
    expect(multiLabelMajorityVote(votes).get('x')?.labels).toEqual(['a']);
    expect(multiLabelMajorityVote(votes, { isTieIncluded: true }).get('x')?.labels).toEqual(['a', 'b']);
  });
});

describe('majorityVote on Snow et al. (2008) Mechanical Turk labels', () => {
  it.each([
    ['temp', 0.93],
    ['wsd', 0.98],
  ] as const)('%s: accuracy against gold is near the paper (>= %s)', (dataset, floor) => {
    const { votes, gold } = loadSnow(dataset);
    const accuracy = accuracyAgainstGold(majorityVote(votes), gold);
    console.log(`Snow 2008 ${dataset.toUpperCase()} majority vote accuracy: ${accuracy.toFixed(4)}`);
    expect(accuracy).toBeGreaterThanOrEqual(floor);
  });
});
