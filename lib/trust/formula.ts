// The trust score as pure arithmetic, so it can be unit tested and explained. Isomorphic; 0..1 floats (not money).
//
// Evidence is smoothed with Beta priors, so a handful of answers moves a new worker only a little:
//   gold accuracy  (c + 3.2) / (n + 4)   prior mean 0.8, worth 4 answers
//   agreement      (a + 3)   / (m + 4)   prior mean 0.75 (agreement with the others' consensus), worth 4 checks
//   rejection rate (r + 0.5) / (t + 10)  prior mean 0.05, worth 10 reviews
// quality = 0.55·gold + 0.3·agreement + 0.15·(1 − rejection), squashed by a logistic around 0.6 (steepness 10) so the
// score spreads where decisions are made: an honest 85% worker scores ≈ 0.9, a random clicker on 3–4 labels ≈ 0.2.
// Behaviour multiplies in: × (1 − ½·too-fast share) × (1 − ½·straight-lining share) of recent answers.

export type TrustInputs = {
  /** Gold answers in the window, and how many were right. */
  goldSeen: number;
  goldCorrect: number;
  /** Consensus-checked answers in the window, and how many matched the others' majority. */
  consensusChecked: number;
  consensusAgreed: number;
  /** Reviewed (approved + rejected) judgments over the worker's life, and the rejected ones. */
  reviewed: number;
  rejected: number;
  /** Recent answers, and how many of them were too fast / flagged for straight-lining. */
  recent: number;
  tooFast: number;
  straightLined: number;
};

export type TrustResult = {
  score: number;
  goldAccuracy: number;
  agreement: number;
  rejectionRate: number;
  tooFastShare: number;
  straightShare: number;
};

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function computeTrust(inputs: TrustInputs): TrustResult {
  const goldAccuracy = (inputs.goldCorrect + 3.2) / (inputs.goldSeen + 4);
  const agreement = (inputs.consensusAgreed + 3) / (inputs.consensusChecked + 4);
  const rejectionRate = (inputs.rejected + 0.5) / (inputs.reviewed + 10);
  const quality = 0.55 * goldAccuracy + 0.3 * agreement + 0.15 * (1 - rejectionRate);
  const tooFastShare = share(inputs.tooFast, inputs.recent);
  const straightShare = share(inputs.straightLined, inputs.recent);
  const base = 1 / (1 + Math.exp(-10 * (quality - 0.6)));
  const score = clamp01(base * (1 - 0.5 * tooFastShare) * (1 - 0.5 * straightShare));
  return { score, goldAccuracy, agreement, rejectionRate, tooFastShare, straightShare };
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(n: number, p: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let term = (1 - p) ** n; // P(X = 0)
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * (p / (1 - p));
    sum += term;
  }
  return Math.min(1, sum);
}

/** Below this posterior probability of "accurate enough" a worker's gold record counts as failing. */
export const GOLD_FAIL_CONFIDENCE = 0.01;

/**
 * Whether the gold record shows, with confidence, an accuracy below `minAccuracy`: with a uniform prior the
 * posterior is Beta(c+1, n−c+1), and P(accuracy ≥ x) = P(Binomial(n+1, x) ≤ c). The raw share is not used on its
 * own: over 5 answers an honest 85% worker falls below 70% one time in six, and would be paused for bad luck.
 */
export function isGoldFailing(goldSeen: number, goldCorrect: number, minAccuracy: number, minSeen: number): boolean {
  if (goldSeen < minSeen || goldSeen === 0) return false;
  if (goldCorrect / goldSeen >= minAccuracy) return false;
  return binomialCdf(goldSeen + 1, minAccuracy, goldCorrect) < GOLD_FAIL_CONFIDENCE;
}

const SATS = 1000n;
export const NEW_WORKER_CAP_MSATS = 2_000n * SATS;
export const MAX_CAP_MSATS = 100_000n * SATS;
/** Approved judgments before the cap may rise above the new-worker cap. */
export const CAP_EXPERIENCE = 20;

/**
 * Daily payout cap from trust: 2,000 sats/day for new workers (fewer than 20 approved judgments) and anyone at trust
 * ≤ 0.5, rising geometrically to 100,000 sats/day at trust ≥ 0.95 (≈ 59,000 at 0.9, ≈ 11,000 at 0.7). Whole sats.
 */
export function computeDailyCapMsats(score: number, approvedJudgments: number): bigint {
  if (approvedJudgments < CAP_EXPERIENCE) return NEW_WORKER_CAP_MSATS;
  const t = clamp01((score - 0.5) / 0.45);
  // Rounded, not floored: 2,000 · 50¹ comes out as 99,999.99… in floating point.
  const sats = BigInt(Math.round(2_000 * 50 ** t)) * SATS;
  return sats > MAX_CAP_MSATS ? MAX_CAP_MSATS : sats;
}
