/**
 * Dawid & Skene (1979) EM as a pass-by-pass fitter, so a caller can stream items from anywhere (an array, or
 * PostgreSQL a page at a time) and never hold more than one item's votes plus the model. Pure and isomorphic.
 *
 * Model: item i has a hidden class k with prior p_k; worker w answering an item of class k says l with
 * probability π_w[k][l]. Each pass over every item is one EM step:
 *   E (per item, as it streams by): log T_ik = log p_k + Σ_{w,l} n_wil log π_w[k][l] − logsumexp_k(...)
 *   M (at the end of the pass, from sums kept while streaming, i.e. the sufficient statistics):
 *     p_k ∝ α + Σ_i T_ik,   π_w[k][l] ∝ prior_w[k][l] + Σ_{i answered by w} T_ik · n_wil
 * The first pass has no parameters yet and uses each item's vote shares as T (a soft majority vote).
 * prior_w is α everywhere (plain DS, additive smoothing) or a Dirichlet that favours the diagonal (Bayesian DS):
 * a worker seen on two items then starts from "probably right" instead of "always right", which is what makes
 * sparse workers safe. Memory: O(workers · K²), independent of the number of items.
 */
import { argmaxWithTies, DEFAULT_TIE_SEED } from './tie-break';

export interface WorkerVote {
  worker: string;
  label: string;
}

export interface DawidSkeneFitOptions {
  classes: readonly string[];
  maxIterations: number;
  tolerance: number;
  smoothing: number;
  /** Dirichlet pseudo-counts per confusion row; null = plain DS (smoothing everywhere). */
  workerPrior: { correct: number; wrong: number } | null;
  /**
   * MACE (Hovy et al. 2013) instead of a full confusion matrix: a worker copies the true class with probability θ
   * and otherwise answers from a spamming distribution ξ, so π[k][l] = θ·[k = l] + (1 − θ)·ξ_l. K parameters per
   * worker instead of K², with Beta(a, b) on θ and a symmetric Dirichlet(c) on ξ.
   */
  mace?: { a: number; b: number; c: number } | null;
  tieSeed?: string;
}

export interface ItemPosterior {
  label: string;
  /** Posterior probability of `label`. */
  confidence: number;
  posterior: Record<string, number>;
}

export interface WorkerModel {
  /** Prior-weighted probability of answering correctly: Σ_k p_k π[k][k]. */
  accuracy: number;
  /** confusion[k][l] = P(worker says classes[l] | true class classes[k]). */
  confusion: number[][];
  votes: number;
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** Cap on MACE's inner alternations per M-step (they usually settle in a few dozen). */
const MACE_INNER_ROUNDS = 200;

export class DawidSkeneFitter {
  readonly classes: string[];
  iterations = 0;
  logLikelihood = -Infinity;
  isConverged = false;
  isDone = false;
  /** Items with at least one vote in the class set (seen in the first pass). */
  itemCount = 0;

  private readonly K: number;
  private readonly classIndex: Map<string, number>;
  private readonly workerIndex = new Map<string, number>();
  private readonly workerIds: string[] = [];
  private readonly votesPerWorker: number[] = [];
  private pass = 0;
  // Parameters the E-step uses (and labelling after the fit); null before the first pass ends.
  private logPrior: Float64Array | null = null;
  private logConf: Float64Array[] = [];
  // Parameters after the last M-step (reported per worker).
  private reportPrior: Float64Array | null = null;
  private reportConf: Float64Array[] = [];
  // Sums of the current pass.
  private priorSum: Float64Array;
  private confSum: Float64Array[] = [];
  private passItems = 0;
  private passLogLikelihood = 0;
  private readonly scratch: Float64Array;
  // MACE's per-worker θ and ξ (only when options.mace).
  private maceTheta: number[] = [];
  private maceXi: Float64Array[] = [];

  constructor(private readonly options: DawidSkeneFitOptions) {
    this.classes = [...options.classes];
    this.K = this.classes.length;
    this.classIndex = new Map(this.classes.map((c, k) => [c, k]));
    this.priorSum = new Float64Array(this.K);
    this.scratch = new Float64Array(this.K);
    if (this.K === 0) this.isDone = true;
  }

  /** Feeds one item's votes to the current pass. Votes outside the class set are ignored. */
  addItem(votes: readonly WorkerVote[]): void {
    if (this.isDone) return;
    const { K } = this;
    const T = this.scratch;
    let kept = 0;
    if (this.logPrior === null) {
      T.fill(0);
      for (const v of votes) {
        const l = this.classIndex.get(v.label);
        if (l === undefined) continue;
        T[l] += 1;
        kept += 1;
        const w = this.indexWorker(v.worker);
        if (this.pass === 0) this.votesPerWorker[w] += 1;
      }
      if (kept === 0) return;
      for (let k = 0; k < K; k++) T[k] /= kept;
      this.itemCount += 1;
    } else {
      kept = this.logPosterior(votes, T);
      if (kept === 0) return;
      const z = logSumExp(T);
      this.passLogLikelihood += z;
      for (let k = 0; k < K; k++) T[k] = Math.exp(T[k] - z);
    }
    this.passItems += 1;
    for (let k = 0; k < K; k++) this.priorSum[k] += T[k];
    for (const v of votes) {
      const l = this.classIndex.get(v.label);
      const w = this.workerIndex.get(v.worker);
      if (l === undefined || w === undefined) continue;
      const sums = this.confSum[w];
      for (let k = 0; k < K; k++) sums[k * K + l] += T[k];
    }
  }

  /** Ends the pass: M-step, convergence check. Returns true when the fit is done (converged or out of iterations). */
  endPass(): boolean {
    if (this.isDone) return true;
    const isInit = this.logPrior === null;
    if (!isInit) {
      this.iterations += 1;
      const change = Math.abs(this.passLogLikelihood - this.logLikelihood);
      this.logLikelihood = this.passLogLikelihood;
      if (change < this.options.tolerance) this.isConverged = true;
    }
    const { prior, conf } = this.mStep();
    this.pass += 1;
    const isFinished = this.passItems === 0 || this.isConverged || (!isInit && this.iterations >= this.options.maxIterations);
    // Labels keep the parameters of the last E-step, as a batch EM's final posteriors do.
    if (!isFinished || isInit) {
      this.logPrior = prior;
      this.logConf = conf;
    }
    this.reportPrior = prior;
    this.reportConf = conf;
    this.isDone = isFinished;
    this.priorSum = new Float64Array(this.K);
    this.confSum = this.confSum.map(() => new Float64Array(this.K * this.K));
    this.passItems = 0;
    this.passLogLikelihood = 0;
    return this.isDone;
  }

  /** The posterior of an item's class under the fitted parameters; null when no vote is in the class set. */
  labelItem(item: string, votes: readonly WorkerVote[]): ItemPosterior | null {
    if (this.logPrior === null) return null;
    const T = new Float64Array(this.K);
    if (this.logPosterior(votes, T) === 0) return null;
    const z = logSumExp(T);
    const posterior: Record<string, number> = {};
    for (let k = 0; k < this.K; k++) {
      T[k] = Math.exp(T[k] - z);
      posterior[this.classes[k]] = T[k];
    }
    const best = argmaxWithTies(T, this.classes, item, this.options.tieSeed ?? DEFAULT_TIE_SEED);
    return { label: this.classes[best], confidence: T[best], posterior };
  }

  /** Class priors after the last M-step. */
  get priors(): number[] {
    return this.reportPrior ? Array.from(this.reportPrior, Math.exp) : [];
  }

  /** Each worker's confusion matrix and accuracy after the last M-step. */
  workers(): Map<string, WorkerModel> {
    const result = new Map<string, WorkerModel>();
    const priors = this.priors;
    const { K } = this;
    this.workerIds.forEach((id, w) => {
      const conf = this.reportConf[w];
      const confusion: number[][] = [];
      let accuracy = 0;
      for (let k = 0; k < K; k++) {
        const row: number[] = [];
        for (let l = 0; l < K; l++) row.push(conf ? Math.exp(conf[k * K + l]) : l === k ? 1 : 0);
        accuracy += (priors[k] ?? 0) * row[k];
        confusion.push(row);
      }
      result.set(id, { accuracy, confusion, votes: this.votesPerWorker[w] });
    });
    return result;
  }

  /** Renames workers (e.g. raw ids → export pseudonyms) after the fit; labelling then takes the new ids. */
  renameWorkers(rename: (id: string) => string): void {
    const entries = [...this.workerIndex];
    this.workerIndex.clear();
    for (const [id, w] of entries) {
      const renamed = rename(id);
      this.workerIndex.set(renamed, w);
      this.workerIds[w] = renamed;
    }
  }

  /** How many workers answered at least `min` items (Dawid-Skene needs several who answered several). */
  countWorkersWithVotes(min: number): number {
    return this.votesPerWorker.filter((n) => n >= min).length;
  }

  private indexWorker(id: string): number {
    let w = this.workerIndex.get(id);
    if (w === undefined) {
      w = this.workerIds.length;
      this.workerIndex.set(id, w);
      this.workerIds.push(id);
      this.votesPerWorker.push(0);
      this.confSum.push(new Float64Array(this.K * this.K));
    }
    return w;
  }

  /** Unnormalised log posterior into `out`; returns the number of votes used. */
  private logPosterior(votes: readonly WorkerVote[], out: Float64Array): number {
    const { K } = this;
    const logPrior = this.logPrior!;
    for (let k = 0; k < K; k++) out[k] = logPrior[k];
    let used = 0;
    for (const v of votes) {
      const l = this.classIndex.get(v.label);
      const w = this.workerIndex.get(v.worker);
      if (l === undefined || w === undefined) continue;
      const conf = this.logConf[w];
      for (let k = 0; k < K; k++) out[k] += conf[k * K + l];
      used += 1;
    }
    return used;
  }

  private mStep(): { prior: Float64Array; conf: Float64Array[] } {
    const { K } = this;
    const alpha = this.options.smoothing;
    const prior = new Float64Array(K);
    for (let k = 0; k < K; k++) prior[k] = Math.log((alpha + this.priorSum[k]) / (this.passItems + K * alpha));
    if (this.options.mace) return { prior, conf: this.confSum.map((sums, w) => this.maceStep(sums, w)) };
    const workerPrior = this.options.workerPrior;
    const conf = this.confSum.map((sums) => {
      const out = new Float64Array(K * K);
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let l = 0; l < K; l++) {
          out[k * K + l] = sums[k * K + l] + (workerPrior ? (k === l ? workerPrior.correct : workerPrior.wrong) : alpha);
          s += out[k * K + l];
        }
        for (let l = 0; l < K; l++) out[k * K + l] = Math.log(out[k * K + l] / s);
      }
      return out;
    });
    return { prior, conf };
  }

  /**
   * MACE M-step from the pass's soft counts C[k][l] = Σ_i T_ik·n_wil: a vote l on an item of class l was a copy with
   * probability θ / (θ + (1 − θ)ξ_l) (any other vote was spam), and θ, ξ are the posterior means given the expected
   * copies and spam. The split and θ, ξ depend on each other, so they are alternated to a fixed point with the item
   * posteriors held (coordinate ascent on the same free energy as EM): that costs nothing in passes over the data,
   * where one alternation per pass needed 100+ passes on a large project. The first M-step starts at θ = 0.5, ξ uniform.
   */
  private maceStep(sums: Float64Array, w: number): Float64Array {
    const { K } = this;
    const { a, b, c } = this.options.mace!;
    let theta = this.maceTheta[w] ?? 0.5;
    let xi = this.maceXi[w] ?? new Float64Array(K).fill(1 / K);
    const said = new Float64Array(K);
    let total = 0;
    for (let l = 0; l < K; l++) {
      for (let k = 0; k < K; k++) said[l] += sums[k * K + l];
      total += said[l];
    }
    for (let round = 0; round < MACE_INNER_ROUNDS; round++) {
      let copies = 0;
      const spam = new Float64Array(K);
      for (let l = 0; l < K; l++) {
        const copy = sums[l * K + l] * (theta / (theta + (1 - theta) * xi[l]));
        copies += copy;
        spam[l] = said[l] - copy;
      }
      const nextTheta = (copies + a) / (total + a + b);
      const nextXi = new Float64Array(K);
      for (let l = 0; l < K; l++) nextXi[l] = (spam[l] + c) / (total - copies + K * c);
      const moved = Math.abs(nextTheta - theta);
      theta = nextTheta;
      xi = nextXi;
      if (moved < 1e-10) break;
    }
    this.maceTheta[w] = theta;
    this.maceXi[w] = xi;
    const out = new Float64Array(K * K);
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) out[k * K + l] = Math.log((k === l ? theta : 0) + (1 - theta) * xi[l]);
    return out;
  }
}
