/**
 * Dawid & Skene (1979) on votes held in memory: groups them by item and runs DawidSkeneFitter pass by pass
 * (see dawid-skene-fit.ts for the model). Pure, isomorphic, deterministic. Everything is done in log space so
 * hundreds of votes per item never underflow. Exports fit the same model streamed from the database instead.
 */
import { DawidSkeneFitter, type ItemPosterior, type WorkerModel, type WorkerVote } from './dawid-skene-fit';
import { type CategoricalVote, compareLabels } from './majority';
import { emOptionsSchema, macePriorSchema, parseWithClearErrors, workerPriorSchema } from './options';

export interface DawidSkeneOptions {
  /** EM iterations cap. Default 100. */
  maxIterations?: number;
  /** Stop when |ΔlogLikelihood| < tolerance. Default 1e-6. */
  tolerance?: number;
  /** Additive (Laplace) smoothing for confusion rows and priors, > 0. Default 0.01. */
  smoothing?: number;
  /** Class set (default: every label seen, sorted). Labels outside it are ignored. */
  classes?: readonly string[];
  /** Bayesian DS: Dirichlet pseudo-counts on each worker's confusion rows instead of `smoothing`. */
  workerPrior?: { correct?: number; wrong?: number };
  /** Seed of the tie-breaking draw (tie-break.ts). */
  tieSeed?: string;
  /** MACE instead of full confusion matrices (dawid-skene-fit.ts), with its Beta(a, b) and Dirichlet(c) priors. */
  mace?: { a?: number; b?: number; c?: number };
}

export type DawidSkeneItem = ItemPosterior;
export type DawidSkeneWorker = WorkerModel;

export interface DawidSkeneResult {
  classes: string[];
  priors: number[];
  items: Map<string, DawidSkeneItem>;
  workers: Map<string, DawidSkeneWorker>;
  iterations: number;
  logLikelihood: number;
  isConverged: boolean;
}

/** Checks options (throws AggregationOptionsError naming the field) and builds a fitter for `classes`. */
export function createDawidSkeneFitter(classes: readonly string[], options: Omit<DawidSkeneOptions, 'classes'> = {}): DawidSkeneFitter {
  const em = parseWithClearErrors(emOptionsSchema, { maxIterations: options.maxIterations, tolerance: options.tolerance, smoothing: options.smoothing });
  const workerPrior = options.workerPrior ? parseWithClearErrors(workerPriorSchema, options.workerPrior) : null;
  const mace = options.mace ? parseWithClearErrors(macePriorSchema, options.mace) : null;
  return new DawidSkeneFitter({ classes, ...em, workerPrior, mace, tieSeed: options.tieSeed });
}

export function dawidSkene(votes: readonly CategoricalVote[], options: DawidSkeneOptions = {}): DawidSkeneResult {
  const classes = options.classes ? [...options.classes] : [...new Set(votes.map((v) => v.label))].sort(compareLabels);
  const fitter = createDawidSkeneFitter(classes, options);
  const byItem = new Map<string, WorkerVote[]>();
  for (const v of votes) {
    let list = byItem.get(v.item);
    if (!list) byItem.set(v.item, (list = []));
    list.push({ worker: v.worker, label: v.label });
  }
  const itemIds = [...byItem.keys()].sort(compareLabels);
  while (!fitter.isDone) {
    for (const id of itemIds) fitter.addItem(byItem.get(id)!);
    fitter.endPass();
  }
  const items = new Map<string, DawidSkeneItem>();
  for (const id of itemIds) {
    const posterior = fitter.labelItem(id, byItem.get(id)!);
    if (posterior) items.set(id, posterior);
  }
  return {
    classes,
    priors: fitter.priors,
    items,
    workers: fitter.workers(),
    iterations: fitter.iterations,
    logLikelihood: fitter.logLikelihood,
    isConverged: fitter.isConverged,
  };
}
