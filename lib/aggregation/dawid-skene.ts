/**
 * Dawid & Skene (1979) EM for categorical crowd labels. Pure, isomorphic, deterministic.
 *
 * Model: item i has a hidden class k with prior p_k; worker w answering an item of class k says l with
 * probability π_w[k][l]. EM starts from the (soft) majority vote, then alternates
 *   M-step: p_k ∝ α + Σ_i T_ik,   π_w[k][l] ∝ α + Σ_{i answered by w} T_ik · n_wil   (additive smoothing α)
 *   E-step: log T_ik = log p_k + Σ_{w,l} n_wil log π_w[k][l] − logsumexp_k(...)
 * until the log-likelihood Σ_i logsumexp_k(...) changes by less than `tolerance`, or `maxIterations` is hit.
 * Everything is done in log space so hundreds of votes per item never underflow.
 */
import { type CategoricalVote, compareLabels } from './majority';

export interface DawidSkeneOptions {
  /** EM iterations cap. Default 100. */
  maxIterations?: number;
  /** Stop when |ΔlogLikelihood| < tolerance. Default 1e-6. */
  tolerance?: number;
  /** Additive (Laplace) smoothing for confusion rows and priors. Default 0.01. */
  smoothing?: number;
  /** Class set (default: every label seen, sorted). Labels outside it are ignored. */
  classes?: readonly string[];
}

export interface DawidSkeneItem {
  label: string;
  /** Posterior probability of `label`. */
  confidence: number;
  posterior: Record<string, number>;
}

export interface DawidSkeneWorker {
  /** Prior-weighted probability of answering correctly: Σ_k p_k π[k][k]. */
  accuracy: number;
  /** confusion[k][l] = P(worker says classes[l] | true class classes[k]). */
  confusion: number[][];
  votes: number;
}

export interface DawidSkeneResult {
  classes: string[];
  priors: number[];
  items: Map<string, DawidSkeneItem>;
  workers: Map<string, DawidSkeneWorker>;
  iterations: number;
  logLikelihood: number;
  isConverged: boolean;
}

function logSumExp(values: Float64Array | number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

export function dawidSkene(votes: readonly CategoricalVote[], options: DawidSkeneOptions = {}): DawidSkeneResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const alpha = options.smoothing ?? 0.01;
  const classes = options.classes
    ? [...options.classes]
    : [...new Set(votes.map((v) => v.label))].sort(compareLabels);
  const K = classes.length;
  const classIndex = new Map(classes.map((c, k) => [c, k]));

  // Index votes as integer triples, items and workers in sorted order for determinism.
  const kept = votes.filter((v) => classIndex.has(v.label));
  const itemIds = [...new Set(kept.map((v) => v.item))].sort(compareLabels);
  const workerIds = [...new Set(kept.map((v) => v.worker))].sort(compareLabels);
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  const workerIndex = new Map(workerIds.map((id, w) => [id, w]));
  const N = itemIds.length;
  const W = workerIds.length;
  const vi = new Int32Array(kept.length);
  const vw = new Int32Array(kept.length);
  const vl = new Int32Array(kept.length);
  kept.forEach((v, j) => {
    vi[j] = itemIndex.get(v.item) ?? 0;
    vw[j] = workerIndex.get(v.worker) ?? 0;
    vl[j] = classIndex.get(v.label) ?? 0;
  });

  // T[i*K+k]: posterior of class k for item i. Initialise with majority-vote shares.
  const T = new Float64Array(N * K);
  const perItem = new Float64Array(N);
  for (let j = 0; j < kept.length; j++) {
    T[vi[j] * K + vl[j]] += 1;
    perItem[vi[j]] += 1;
  }
  for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) T[i * K + k] /= perItem[i];

  const logPrior = new Float64Array(K);
  const logConf = new Float64Array(W * K * K); // [w][k][l]
  const counts = new Float64Array(W * K * K);
  const logT = new Float64Array(N * K);
  let logLikelihood = -Infinity;
  let iterations = 0;
  let isConverged = false;

  const mStep = () => {
    for (let k = 0; k < K; k++) {
      let s = alpha;
      for (let i = 0; i < N; i++) s += T[i * K + k];
      logPrior[k] = Math.log(s / (N + K * alpha));
    }
    counts.fill(alpha);
    for (let j = 0; j < kept.length; j++) {
      const base = vw[j] * K * K;
      for (let k = 0; k < K; k++) counts[base + k * K + vl[j]] += T[vi[j] * K + k];
    }
    for (let w = 0; w < W; w++) {
      for (let k = 0; k < K; k++) {
        const row = w * K * K + k * K;
        let s = 0;
        for (let l = 0; l < K; l++) s += counts[row + l];
        for (let l = 0; l < K; l++) logConf[row + l] = Math.log(counts[row + l] / s);
      }
    }
  };

  const eStep = (): number => {
    for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) logT[i * K + k] = logPrior[k];
    for (let j = 0; j < kept.length; j++) {
      const base = vw[j] * K * K;
      for (let k = 0; k < K; k++) logT[vi[j] * K + k] += logConf[base + k * K + vl[j]];
    }
    let ll = 0;
    for (let i = 0; i < N; i++) {
      const row = logT.subarray(i * K, i * K + K);
      const z = logSumExp(row);
      ll += z;
      for (let k = 0; k < K; k++) T[i * K + k] = Math.exp(row[k] - z);
    }
    return ll;
  };

  if (N > 0 && K > 0) {
    while (iterations < maxIterations) {
      mStep();
      const ll = eStep();
      iterations += 1;
      const change = Math.abs(ll - logLikelihood);
      logLikelihood = ll;
      if (change < tolerance) {
        isConverged = true;
        break;
      }
    }
    mStep(); // parameters consistent with the final posteriors
  }

  const priors = Array.from(logPrior, Math.exp);
  const items = new Map<string, DawidSkeneItem>();
  itemIds.forEach((id, i) => {
    let best = 0;
    const posterior: Record<string, number> = {};
    for (let k = 0; k < K; k++) {
      posterior[classes[k]] = T[i * K + k];
      if (T[i * K + k] > T[i * K + best]) best = k; // ties keep the earlier (lexicographically smaller) class
    }
    items.set(id, { label: classes[best], confidence: T[i * K + best], posterior });
  });
  const votesPerWorker = new Int32Array(W);
  for (let j = 0; j < kept.length; j++) votesPerWorker[vw[j]] += 1;
  const workers = new Map<string, DawidSkeneWorker>();
  workerIds.forEach((id, w) => {
    const confusion: number[][] = [];
    let accuracy = 0;
    for (let k = 0; k < K; k++) {
      const row: number[] = [];
      for (let l = 0; l < K; l++) row.push(Math.exp(logConf[w * K * K + k * K + l]));
      accuracy += priors[k] * row[k];
      confusion.push(row);
    }
    workers.set(id, { accuracy, confusion, votes: votesPerWorker[w] });
  });
  return { classes, priors, items, workers, iterations, logLikelihood, isConverged };
}
