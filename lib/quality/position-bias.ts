// Position bias of pairwise and ranking answers: how often the response shown first wins, against the rate with no
// bias (1/2 for a pair, 1/k for a ranking of k), per project and per worker. Pure and isomorphic: the counts come
// from SQL (position-bias-read.ts), the statistics are here.

/** Counts for one worker and one number of responses shown. */
export interface PositionCounts {
  workerId: string;
  /** Responses shown (2 for PAIRWISE). */
  k: number;
  /** Answers with one clear winner (ties, "both bad", unrankable and tied tops left out). */
  decisive: number;
  /** …of which the winner was the response shown first. */
  firstWins: number;
}

export interface PositionBiasFigure {
  decisive: number;
  firstWins: number;
  /** firstWins / decisive; null with no decisive answer. */
  rate: number | null;
  /** The rate with no position bias: mean of 1/k over the decisive answers. */
  expected: number | null;
  /** Wilson 95% interval of the rate. */
  low: number | null;
  high: number | null;
  /** Two-sided test of "no bias": exact binomial when every answer has the same k, normal approximation otherwise. */
  pValue: number | null;
}

export interface PositionBias {
  project: PositionBiasFigure;
  /** Per worker, most significant first (smallest p-value, then most answers). */
  workers: (PositionBiasFigure & { workerId: string })[];
}

const Z95 = 1.959963984540054;

/** Wilson score interval: stays inside [0, 1] and behaves for small counts, unlike rate ± 1.96·SE. */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) table[i] = table[i - 1] + Math.log(i);
  return table;
}

/** Two-sided exact binomial test: the probability of outcomes no more likely than `x` under Binomial(n, p0). */
export function binomialTwoSidedP(x: number, n: number, p0: number): number {
  if (n === 0) return 1;
  const lf = logFactorials(n);
  const logP = (i: number) => lf[n] - lf[i] - lf[n - i] + i * Math.log(p0) + (n - i) * Math.log1p(-p0);
  const observed = logP(x);
  let total = 0;
  // Relative slack as in R's binom.test, so outcomes equal to the observed one up to rounding count.
  for (let i = 0; i <= n; i++) {
    const lp = logP(i);
    if (lp <= observed + 1e-7) total += Math.exp(lp);
  }
  return Math.min(1, total);
}

/** Standard normal upper tail, via the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
function normalTwoSidedP(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return Math.min(1, erfc);
}

/** The figure for a set of counts (one worker's, or the whole project's). */
export function summarizePositionCounts(counts: readonly Pick<PositionCounts, 'k' | 'decisive' | 'firstWins'>[]): PositionBiasFigure {
  let decisive = 0;
  let firstWins = 0;
  let mean = 0;
  let variance = 0;
  const ks = new Set<number>();
  for (const c of counts) {
    if (c.decisive === 0 || c.k < 2) continue;
    decisive += c.decisive;
    firstWins += c.firstWins;
    mean += c.decisive / c.k;
    variance += (c.decisive * (c.k - 1)) / (c.k * c.k);
    ks.add(c.k);
  }
  if (decisive === 0) return { decisive: 0, firstWins: 0, rate: null, expected: null, low: null, high: null, pValue: null };
  const [low, high] = wilsonInterval(firstWins, decisive);
  const pValue = ks.size === 1 ? binomialTwoSidedP(firstWins, decisive, 1 / [...ks][0]) : normalTwoSidedP((firstWins - mean) / Math.sqrt(variance));
  return { decisive, firstWins, rate: firstWins / decisive, expected: mean / decisive, low, high, pValue };
}

/** Project and per-worker figures from per-(worker, k) counts. */
export function summarizePositionBias(rows: readonly PositionCounts[]): PositionBias {
  const byWorker = new Map<string, PositionCounts[]>();
  for (const row of rows) byWorker.set(row.workerId, [...(byWorker.get(row.workerId) ?? []), row]);
  const workers = [...byWorker]
    .map(([workerId, list]) => ({ workerId, ...summarizePositionCounts(list) }))
    .filter((w) => w.decisive > 0)
    .sort((a, b) => (a.pValue ?? 1) - (b.pValue ?? 1) || b.decisive - a.decisive || (a.workerId < b.workerId ? -1 : 1));
  return { project: summarizePositionCounts(rows), workers };
}

/** Defaults of `listBiasedWorkers`: the dashboard, the card and the team API flag workers with these. */
export const BIASED_WORKER_MIN_ANSWERS = 20;
export const BIASED_WORKER_ALPHA = 0.01;

/** Workers with at least `minAnswers` decisive answers whose rate differs from no bias at level `alpha`. */
export function listBiasedWorkers(bias: PositionBias, options: { minAnswers?: number; alpha?: number } = {}): PositionBias['workers'] {
  const minAnswers = options.minAnswers ?? BIASED_WORKER_MIN_ANSWERS;
  const alpha = options.alpha ?? BIASED_WORKER_ALPHA;
  return bias.workers.filter((w) => w.decisive >= minAnswers && (w.pValue ?? 1) < alpha);
}
