import { describe, expect, it } from 'vitest';
import { coincidenceMatrix, krippendorffAlpha, percentAgreement, unitsFromRatings } from './agreement';

describe('percentAgreement', () => {
  it('averages per-unit pairwise agreement over units with two or more ratings', () => {
    // [a,a,b]: pairs (a,a)✓ (a,b)✗ (a,b)✗ → 1/3;  [a,a]: 1;  [b,null]: one value, ignored;  [c]: ignored
    // mean over two units = (1/3 + 1) / 2 = 2/3
    expect(percentAgreement([['a', 'a', 'b'], ['a', 'a'], ['b', null], ['c']])).toBeCloseTo(2 / 3, 12);
  });

  it('is NaN when no unit has two ratings', () => {
    expect(percentAgreement([['a'], [null, 'b']])).toBeNaN();
  });

  it('builds units from worker ratings', () => {
    const units = unitsFromRatings([
      { item: 'x', label: 'a' },
      { item: 'y', label: 'b' },
      { item: 'x', label: 'b' },
    ]);
    expect(units).toEqual([['a', 'b'], ['b']]);
  });
});

describe('krippendorffAlpha, hand-computed', () => {
  // Units [1,1], [1,2], [3,3]. Each pair adds 1/(m−1) = 1 per ordered pair:
  //   o11 = 2, o12 = o21 = 1, o33 = 2;  n1 = 3, n2 = 1, n3 = 2, n = 6.
  const units = [[1, 1], [1, 2], [3, 3]];

  it('builds the coincidence matrix', () => {
    expect(coincidenceMatrix(units)).toEqual({
      categories: [1, 2, 3],
      matrix: [[2, 1, 0], [1, 0, 0], [0, 0, 2]],
    });
  });

  it('nominal', () => {
    // Observed Σ_{c≠k} o_ck = 2.  Expected Σ_{c≠k} n_c n_k = 2(3·1 + 3·2 + 1·2) = 22.
    // α = 1 − (n−1)·2/22 = 1 − 10/22 = 0.545454…
    expect(krippendorffAlpha(units, 'nominal')).toBeCloseTo(1 - 10 / 22, 12);
  });

  it('ordinal', () => {
    // δ²_12 = (n1+n2 − (n1+n2)/2)² = (4 − 2)² = 4
    // δ²_13 = (n1+n2+n3 − (n1+n3)/2)² = (6 − 2.5)² = 12.25
    // δ²_23 = (n2+n3 − (n2+n3)/2)² = (3 − 1.5)² = 2.25
    // Observed Σ o δ² = 2·1·4 = 8.  Expected Σ n_c n_k δ² = 2(3·1·4 + 3·2·12.25 + 1·2·2.25) = 180.
    // α = 1 − 5·8/180 = 0.777…
    expect(krippendorffAlpha(units, 'ordinal')).toBeCloseTo(1 - 40 / 180, 12);
  });

  it('is 1 for perfect agreement and NaN without variation or pairable values', () => {
    expect(krippendorffAlpha([['a', 'a'], ['b', 'b', null]])).toBe(1);
    expect(krippendorffAlpha([['a', 'a'], ['a', 'a']])).toBeNaN();
    expect(krippendorffAlpha([['a'], ['b']])).toBeNaN();
  });

  it('orders string categories as given for ordinal data', () => {
    const labels = [['low', 'low'], ['low', 'mid'], ['high', 'high']];
    // Same structure as the numeric case once low < mid < high.
    expect(krippendorffAlpha(labels, 'ordinal', { categories: ['low', 'mid', 'high'] })).toBeCloseTo(1 - 40 / 180, 12);
  });
});

describe("krippendorffAlpha against Krippendorff's published example", () => {
  // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
  // University of Pennsylvania, https://repository.upenn.edu/asc_papers/43 — section C, "nominal data, any
  // number of observers, missing values": 4 observers × 12 units, values 1..5, "." = missing.
  //            units:  1     2  3  4  5  6  7  8  9  10    11    12
  const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
  const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
  const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
  const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
  const units = A.map((_, u) => [A[u], B[u], C[u], D[u]]);

  it('has n = 40 pairable values (unit 12 has only one value and is ignored)', () => {
    const { matrix } = coincidenceMatrix(units);
    expect(matrix.flat().reduce((s, v) => s + v, 0)).toBeCloseTo(40, 12);
  });

  it('nominal alpha = 0.743', () => {
    expect(krippendorffAlpha(units, 'nominal')).toBeCloseTo(0.743, 3);
  });

  it('ordinal alpha = 0.815', () => {
    expect(krippendorffAlpha(units, 'ordinal')).toBeCloseTo(0.815, 3);
  });
});
