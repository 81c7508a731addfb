/**
 * Bradley–Terry strengths from pairwise comparisons: P(i beats j) = p_i / (p_i + p_j).
 * Fitted with Hunter's (2004) MM algorithm:  p_i ← W_i / Σ_j n_ij / (p_i + p_j)
 * where W_i counts i's wins (a tie is half a win for each side) and n_ij the comparisons of i and j.
 * A small prior keeps scores finite when an item never wins or never loses: every item is given `prior` wins
 * and `prior` losses against a virtual reference item of fixed strength 1.
 * Pure, isomorphic, deterministic. Items are indices 0..n-1.
 */

export interface PairwiseOutcome {
  winner: number;
  loser: number;
  /** When true the two items tied: each gets half a win. */
  isTie?: boolean;
}

export interface BradleyTerryOptions {
  /** Virtual wins and losses per item against a strength-1 reference. Default 0.1. Use 0 for the plain MLE. */
  prior?: number;
  maxIterations?: number;
  /** Stop when the largest relative change of any strength is below this. Default 1e-10. */
  tolerance?: number;
}

export interface BradleyTerryResult {
  /** Strengths p_i, rescaled to geometric mean 1. */
  strengths: number[];
  /** log p_i (mean 0): the usual "BT score". */
  scores: number[];
  /** Item indices, best first (ties in score keep the lower index first). */
  ranking: number[];
  iterations: number;
  isConverged: boolean;
}

/** P(i beats j) under the fitted strengths. */
export function winProbability(strengths: readonly number[], i: number, j: number): number {
  return strengths[i] / (strengths[i] + strengths[j]);
}

export function bradleyTerry(
  itemCount: number,
  outcomes: readonly PairwiseOutcome[],
  options: BradleyTerryOptions = {},
): BradleyTerryResult {
  const prior = options.prior ?? 0.1;
  const maxIterations = options.maxIterations ?? 10_000;
  const tolerance = options.tolerance ?? 1e-10;
  const wins = new Float64Array(itemCount).fill(prior);
  const pairCounts = new Map<number, number>(); // key i*itemCount+j with i<j
  for (const { winner, loser, isTie } of outcomes) {
    if (winner === loser) continue;
    if (isTie) {
      wins[winner] += 0.5;
      wins[loser] += 0.5;
    } else {
      wins[winner] += 1;
    }
    const [a, b] = winner < loser ? [winner, loser] : [loser, winner];
    const key = a * itemCount + b;
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
  }
  const pairs = [...pairCounts.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([key, n]) => ({ a: Math.floor(key / itemCount), b: key % itemCount, n }));

  let p = new Float64Array(itemCount).fill(1);
  const denom = new Float64Array(itemCount);
  let iterations = 0;
  let isConverged = false;
  while (iterations < maxIterations) {
    denom.fill(0);
    for (const { a, b, n } of pairs) {
      const d = n / (p[a] + p[b]);
      denom[a] += d;
      denom[b] += d;
    }
    const next = new Float64Array(itemCount);
    for (let i = 0; i < itemCount; i++) {
      const d = denom[i] + (2 * prior) / (p[i] + 1);
      // An item with no data at all (and prior 0) keeps its strength.
      next[i] = d > 0 ? wins[i] / d : p[i];
    }
    if (prior === 0) normalise(next);
    iterations += 1;
    let change = 0;
    for (let i = 0; i < itemCount; i++) change = Math.max(change, Math.abs(next[i] - p[i]) / Math.max(p[i], 1e-300));
    p = next;
    if (change < tolerance) {
      isConverged = true;
      break;
    }
  }
  normalise(p);
  const strengths = Array.from(p);
  const scores = strengths.map(Math.log);
  const ranking = strengths.map((_, i) => i).sort((x, y) => scores[y] - scores[x] || x - y);
  return { strengths, scores, ranking, iterations, isConverged };
}

/** Rescale in place to geometric mean 1 (only ratios are identified). Zero strengths are left at zero. */
function normalise(p: Float64Array): void {
  let sum = 0;
  let count = 0;
  for (const v of p) {
    if (v > 0) {
      sum += Math.log(v);
      count += 1;
    }
  }
  if (count === 0) return;
  const scale = Math.exp(sum / count);
  for (let i = 0; i < p.length; i++) p[i] /= scale;
}

/**
 * Splits a best-first ranking with tie groups, e.g. [[2], [0, 3], [1]], into pairwise outcomes:
 * every item beats every item in a later group, items within a group tie.
 * Output order: within-group ties first for each group, then its wins over later groups, group by group.
 */
export function rankingToPairs(ranking: readonly (readonly number[])[]): PairwiseOutcome[] {
  const out: PairwiseOutcome[] = [];
  for (let g = 0; g < ranking.length; g++) {
    const group = ranking[g];
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) out.push({ winner: group[x], loser: group[y], isTie: true });
    }
    for (let h = g + 1; h < ranking.length; h++) {
      for (const winner of group) for (const loser of ranking[h]) out.push({ winner, loser });
    }
  }
  return out;
}
