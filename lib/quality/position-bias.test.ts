import { describe, expect, it } from 'vitest';
import { binomialTwoSidedP, listBiasedWorkers, summarizePositionBias, summarizePositionCounts, wilsonInterval } from './position-bias';

describe('position-bias statistics', () => {
  it('matches R binom.test for the exact two-sided p-value', () => {
    // binom.test(60, 100, 0.5)$p.value = 0.05688793; binom.test(7, 10)$p.value = 0.34375.
    // binom.test(1, 12, 1/3): P(0) + P(1) + P(8..12) = 0.007707 + 0.046244 + 0.018759 = 0.07271 (P(7) = 0.0477 > P(1)).
    expect(binomialTwoSidedP(60, 100, 0.5)).toBeCloseTo(0.05688793, 6);
    expect(binomialTwoSidedP(7, 10, 0.5)).toBeCloseTo(0.34375, 6);
    expect(binomialTwoSidedP(5, 10, 0.5)).toBeCloseTo(1, 9);
    expect(binomialTwoSidedP(1, 12, 1 / 3)).toBeCloseTo(0.07271, 4);
  });

  it('gives the Wilson interval (prop.test without continuity correction)', () => {
    // prop.test(6, 17, correct = FALSE)$conf.int = 0.1730 0.5867
    const [low, high] = wilsonInterval(6, 17);
    expect(low).toBeCloseTo(0.173, 3);
    expect(high).toBeCloseTo(0.5867, 3);
    expect(wilsonInterval(0, 5)[0]).toBe(0);
  });

  it('compares rankings with 1/k and mixes sizes with a normal approximation', () => {
    const f = summarizePositionCounts([
      { k: 3, decisive: 30, firstWins: 10 },
      { k: 4, decisive: 40, firstWins: 10 },
    ]);
    expect(f.expected).toBeCloseTo((10 + 10) / 70, 12);
    expect(f.rate).toBeCloseTo(20 / 70, 12);
    expect(f.pValue).toBeGreaterThan(0.9); // exactly the expected count
  });

  it('summarises per worker, most significant first, and flags only workers with enough answers', () => {
    const bias = summarizePositionBias([
      { workerId: 'fair', k: 2, decisive: 40, firstWins: 21 },
      { workerId: 'first-clicker', k: 2, decisive: 40, firstWins: 38 },
      { workerId: 'new', k: 2, decisive: 5, firstWins: 5 },
      { workerId: 'idle', k: 2, decisive: 0, firstWins: 0 },
    ]);
    expect(bias.project).toMatchObject({ decisive: 85, firstWins: 64 });
    expect(bias.workers.map((w) => w.workerId)).toEqual(['first-clicker', 'new', 'fair']);
    expect(listBiasedWorkers(bias).map((w) => w.workerId)).toEqual(['first-clicker']);
  });

  it('has no figures without decisive answers', () => {
    expect(summarizePositionBias([]).project).toEqual({ decisive: 0, firstWins: 0, rate: null, expected: null, low: null, high: null, pValue: null });
  });
});
