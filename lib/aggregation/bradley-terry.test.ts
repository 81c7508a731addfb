import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/test/random';
import { type PairwiseOutcome, bradleyTerry, rankingToPairs, winProbability } from './bradley-terry';

describe('bradleyTerry', () => {
  it('matches the closed form for two items (no prior)', () => {
    // 0 beats 1 three times, 1 beats 0 once. MLE: p0/p1 = W0/W1 = 3/1.
    // Geometric mean 1 → p0 = √3, p1 = 1/√3; P(0 beats 1) = 3/4.
    const outcomes: PairwiseOutcome[] = [
      { winner: 0, loser: 1 },
      { winner: 0, loser: 1 },
      { winner: 0, loser: 1 },
      { winner: 1, loser: 0 },
    ];
    const { strengths, scores, ranking, isConverged } = bradleyTerry(2, outcomes, { prior: 0 });
    expect(isConverged).toBe(true);
    expect(strengths[0]).toBeCloseTo(Math.sqrt(3), 9);
    expect(strengths[1]).toBeCloseTo(1 / Math.sqrt(3), 9);
    expect(scores[0] + scores[1]).toBeCloseTo(0, 12);
    expect(winProbability(strengths, 0, 1)).toBeCloseTo(0.75, 9);
    expect(ranking).toEqual([0, 1]);
  });

  it('counts a tie as half a win for each side', () => {
    // 0 beats 1 once and they tie once: W0 = 1.5, W1 = 0.5 → p0/p1 = 3.
    const { strengths } = bradleyTerry(2, [{ winner: 0, loser: 1 }, { winner: 1, loser: 0, isTie: true }], { prior: 0 });
    expect(strengths[0] / strengths[1]).toBeCloseTo(3, 9);
  });

  it('keeps scores finite with the prior when an item wins every time', () => {
    // Without a prior the MLE sends p0 → ∞. With prior λ = 0.1 each item gets 0.1 wins and 0.1 losses against
    // a reference of strength 1, so the fixed point is finite and, at it, fitted wins equal observed wins.
    const outcomes: PairwiseOutcome[] = [
      { winner: 0, loser: 1 },
      { winner: 0, loser: 1 },
      { winner: 1, loser: 2 },
    ];
    const { strengths, isConverged } = bradleyTerry(3, outcomes, { prior: 0.1 });
    expect(isConverged).toBe(true);
    expect(strengths.every(Number.isFinite)).toBe(true);
    expect(strengths[0]).toBeGreaterThan(strengths[1]);
    expect(strengths[1]).toBeGreaterThan(strengths[2]);
    expect(winProbability(strengths, 0, 1)).toBeGreaterThan(0.5);
    expect(winProbability(strengths, 1, 2)).toBeGreaterThan(0.5);
  });

  it('satisfies the prior-augmented fixed point for one win', () => {
    // 0 beats 1 once, λ = 0.1. By symmetry p1 = 1/p0 against the strength-1 reference, so the geometric mean is
    // already 1 and x = p0 must satisfy "fitted wins = observed wins":
    //   1 + λ = x/(x + 1/x) + 2λ·x/(x + 1)
    const lambda = 0.1;
    const { strengths } = bradleyTerry(2, [{ winner: 0, loser: 1 }], { prior: lambda });
    const x = strengths[0];
    expect(strengths[1]).toBeCloseTo(1 / x, 9);
    expect(x / (x + 1 / x) + (2 * lambda * x) / (x + 1)).toBeCloseTo(1 + lambda, 9);
    expect(x).toBeGreaterThan(1);
    expect(Number.isFinite(x)).toBe(true);
  });

  it('leaves an item with no comparisons at the average score', () => {
    const { scores } = bradleyTerry(3, [{ winner: 0, loser: 1 }, { winner: 1, loser: 0 }], { prior: 0.1 });
    expect(scores[0]).toBeCloseTo(0, 9);
    expect(scores[1]).toBeCloseTo(0, 9);
    expect(scores[2]).toBeCloseTo(0, 9);
  });

  it('recovers the order of known strengths from simulated comparisons', () => {
    const random = mulberry32(2004);
    // 8 items, true log-strengths 0, 0.5, …, 3.5, shuffled so index order is not the answer.
    const trueScores = [1.5, 0, 3.5, 1, 2.5, 0.5, 3, 2];
    const outcomes: PairwiseOutcome[] = [];
    for (let n = 0; n < 3000; n++) {
      const i = Math.floor(random() * 8);
      let j = Math.floor(random() * 7);
      if (j >= i) j += 1;
      const pi = 1 / (1 + Math.exp(trueScores[j] - trueScores[i]));
      outcomes.push(random() < pi ? { winner: i, loser: j } : { winner: j, loser: i });
    }
    const { ranking, scores } = bradleyTerry(8, outcomes);
    const trueRanking = trueScores.map((_, i) => i).sort((a, b) => trueScores[b] - trueScores[a]);
    expect(ranking).toEqual(trueRanking);
    // Spread is recovered too: fitted top-minus-bottom within 0.5 of the true 3.5.
    expect(Math.abs(scores[2] - scores[1] - 3.5)).toBeLessThan(0.5);
  });
});

describe('rankingToPairs', () => {
  it('splits a best-first ranking with a tie group', () => {
    // [[2], [0, 3], [1]]: 2 beats 0, 3, 1; 0 ties 3; 0 and 3 beat 1 → 3 + 1 + 2 = 6 outcomes
    expect(rankingToPairs([[2], [0, 3], [1]])).toEqual([
      { winner: 2, loser: 0 },
      { winner: 2, loser: 3 },
      { winner: 2, loser: 1 },
      { winner: 0, loser: 3, isTie: true },
      { winner: 0, loser: 1 },
      { winner: 3, loser: 1 },
    ]);
  });

  it('gives k(k−1)/2 pairs for a strict ranking of k items, and none for a single group of one', () => {
    expect(rankingToPairs([[0], [1], [2], [3]])).toHaveLength(6);
    expect(rankingToPairs([[5]])).toEqual([]);
  });
});
