import { describe, expect, it } from 'vitest';
import { computeKendallW } from './kendall';

describe("Kendall's W", () => {
  it('is 1 for identical orders, 0 for rank sums that all tie, and null with one ranker or item', () => {
    expect(computeKendallW([['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']])).toBe(1);
    expect(computeKendallW([['a', 'b'], ['b', 'a']])).toBe(0);
    expect(computeKendallW([['a', 'b', 'c'], ['b', 'c', 'a'], ['c', 'a', 'b']])).toBe(0);
    expect(computeKendallW([['a', 'b', 'c']])).toBeNull();
    expect(computeKendallW([['a'], ['a']])).toBeNull();
  });

  it('lies between for partial agreement', () => {
    // Rank sums a=2+1... : a 1,2 → 3; b 2,1 → 3; c 3,3 → 6; mean 4; S = 1+1+4 = 6; W = 72 / (4 × 24) = 0.75.
    expect(computeKendallW([['a', 'b', 'c'], ['b', 'a', 'c']])).toBe(0.75);
  });
});
