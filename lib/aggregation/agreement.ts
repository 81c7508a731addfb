/**
 * Inter-rater agreement. Pure, isomorphic, deterministic.
 *
 * Data shape: one array per unit (item) holding the values it received; `null`/`undefined` mark missing
 * ratings, so a coders × units reliability matrix can be passed column by column. Units with fewer than two
 * values carry no information about agreement and are ignored.
 */
import { compareLabels } from './majority';

export type RatingValue = string | number;
export type Unit = readonly (RatingValue | null | undefined)[];

function present(unit: Unit): RatingValue[] {
  return unit.filter((v): v is RatingValue => v !== null && v !== undefined);
}

/** Groups {item, label} ratings into units (one per item, in first-seen order). */
export function unitsFromRatings(ratings: readonly { item: string; label: RatingValue }[]): RatingValue[][] {
  const byItem = new Map<string, RatingValue[]>();
  for (const { item, label } of ratings) {
    const unit = byItem.get(item);
    if (unit) unit.push(label);
    else byItem.set(item, [label]);
  }
  return [...byItem.values()];
}

/**
 * Pairwise percent agreement: for each unit with m ≥ 2 values, the share of its m(m−1)/2 rater pairs that
 * agree; averaged over those units (each unit weighs the same). NaN when no unit has two values.
 */
export function percentAgreement(units: readonly Unit[]): number {
  let sum = 0;
  let counted = 0;
  for (const unit of units) {
    const values = present(unit);
    const m = values.length;
    if (m < 2) continue;
    const counts = new Map<RatingValue, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    let agreeing = 0;
    for (const n of counts.values()) agreeing += (n * (n - 1)) / 2;
    sum += agreeing / ((m * (m - 1)) / 2);
    counted += 1;
  }
  return counted === 0 ? NaN : sum / counted;
}

export type MeasurementLevel = 'nominal' | 'ordinal';

export interface KrippendorffOptions {
  /** Value order for ordinal data (default: numbers ascending, else strings by code unit). */
  categories?: readonly RatingValue[];
}

function defaultOrder(values: Iterable<RatingValue>): RatingValue[] {
  return [...new Set(values)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : compareLabels(String(a), String(b)),
  );
}

/**
 * Coincidence matrix o[c][k] (Krippendorff 2011): each unit u with m_u ≥ 2 values adds 1/(m_u − 1) for every
 * ordered pair of its values from different raters.
 */
export function coincidenceMatrix(
  units: readonly Unit[],
  categories?: readonly RatingValue[],
): { categories: RatingValue[]; matrix: number[][] } {
  const pairable = units.map(present).filter((values) => values.length >= 2);
  const cats = categories ? [...categories] : defaultOrder(pairable.flat());
  const index = new Map(cats.map((c, i) => [c, i]));
  const matrix = cats.map(() => cats.map(() => 0));
  for (const values of pairable) {
    const idx = values.map((v) => index.get(v)).filter((i): i is number => i !== undefined);
    const m = idx.length;
    if (m < 2) continue;
    for (let x = 0; x < m; x++) {
      for (let y = 0; y < m; y++) if (x !== y) matrix[idx[x]][idx[y]] += 1 / (m - 1);
    }
  }
  return { categories: cats, matrix };
}

/**
 * Krippendorff's alpha = 1 − D_o / D_e = 1 − (n − 1) Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
 * with n_c = Σ_k o_ck, n = Σ_c n_c. Metrics:
 *   nominal  δ²_ck = [c ≠ k]
 *   ordinal  δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²   (ranks via the marginals, Krippendorff 2011)
 * Returns NaN when fewer than two pairable values exist or there is no variation (D_e = 0).
 */
export function krippendorffAlpha(
  units: readonly Unit[],
  level: MeasurementLevel = 'nominal',
  options: KrippendorffOptions = {},
): number {
  const { categories, matrix } = coincidenceMatrix(units, options.categories);
  const K = categories.length;
  const marginals = matrix.map((row) => row.reduce((s, v) => s + v, 0));
  const n = marginals.reduce((s, v) => s + v, 0);
  if (n < 2) return NaN;
  const delta2 = (c: number, k: number): number => {
    if (c === k) return 0;
    if (level === 'nominal') return 1;
    const [lo, hi] = c < k ? [c, k] : [k, c];
    let s = 0;
    for (let g = lo; g <= hi; g++) s += marginals[g];
    const d = s - (marginals[c] + marginals[k]) / 2;
    return d * d;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      const d = delta2(c, k);
      observed += matrix[c][k] * d;
      expected += marginals[c] * marginals[k] * d;
    }
  }
  if (expected === 0) return NaN;
  return 1 - ((n - 1) * observed) / expected;
}
