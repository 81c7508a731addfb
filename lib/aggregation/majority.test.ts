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

  it('breaks ties by a seeded draw per item, whatever the label spelling order or vote order', () => {
    const votes = [
      { worker: 'w1', item: 'y', label: 'b' },
      { worker: 'w2', item: 'y', label: 'a' },
      { worker: 'w3', item: 'y', label: 'B' },
    ];
    const label = majorityVote(votes).get('y')?.label;
    expect(['a', 'b', 'B']).toContain(label);
    expect(majorityVote([...votes].reverse()).get('y')).toMatchObject({ label, confidence: 1 / 3 });
    expect(majorityVote(votes).get('y')?.label).toBe(label);
  });

  it('does not send every tie to the smallest label', () => {
    const votes = [];
    for (let n = 0; n < 200; n++) votes.push({ worker: 'w1', item: `i${n}`, label: 'neg' }, { worker: 'w2', item: `i${n}`, label: 'pos' });
    const winners = [...majorityVote(votes).values()].map((m) => m.label);
    const pos = winners.filter((l) => l === 'pos').length;
    // A fair draw: 200 tosses land within 100 ± 40 with overwhelming probability (and the seed pins them).
    expect(pos).toBeGreaterThan(60);
    expect(pos).toBeLessThan(140);
    // Another seed is another draw.
    const other = [...majorityVote(votes, { tieSeed: 'another' }).values()].map((m) => m.label);
    expect(other).not.toEqual(winners);
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
