// Fits the categorical aggregation model on the whole project before any row is written: each EM iteration is one
// pass over the project's items, read a page at a time by `readPages` (see aggregate-read.ts), so memory holds a
// page plus the worker confusion matrices, never the project. Pure (the reader is injected), so unit tests can
// stream from arrays.
import {
  createDawidSkeneFitter,
  type AggregationMethod,
  type AggregationOptions,
  type DawidSkeneFitter,
  type DawidSkeneOptions,
  type WorkerVote,
} from '@/lib/aggregation';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { isRecord, toClassificationLabel, toMultiLabelSelection } from './aggregate-votes';

export interface FitItem {
  externalId: string;
  judgments: { workerId: string; answer: unknown }[];
}

/** The fitted model an export labels its items with; `fitters` null means majority vote for every item. */
export interface ProjectAggregation {
  method: AggregationMethod;
  tieSeed: string;
  /** CLASSIFICATION: one fitter; MULTI_LABEL: one per label (a yes/no question each), in config order. */
  fitters: DawidSkeneFitter[] | null;
  /** Passes over the project (the first one initialises from vote shares). */
  passes: number;
}

function stringList(config: unknown, key: string): string[] | undefined {
  const value = isRecord(config) ? config[key] : undefined;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function fitterOptions(options: AggregationOptions): Omit<DawidSkeneOptions, 'classes'> {
  const em = { maxIterations: options.maxIterations, tolerance: options.tolerance, smoothing: options.smoothing, tieSeed: options.tieSeed };
  if (options.method === 'bayesian_dawid_skene') return { ...em, workerPrior: options.workerPrior };
  if (options.method === 'mace') return { ...em, mace: options.mace };
  return em;
}

/** Votes each fitter sees for one item: the label, or per multi-label label "yes"/"no". */
function votesFor(taskType: TaskType, labels: readonly string[], item: FitItem): WorkerVote[][] {
  if (taskType === 'CLASSIFICATION') {
    const votes: WorkerVote[] = [];
    for (const j of item.judgments) {
      const label = toClassificationLabel(j.answer);
      if (label !== null) votes.push({ worker: j.workerId, label });
    }
    return [votes];
  }
  const selections = item.judgments.flatMap((j) => {
    const labels = toMultiLabelSelection(j.answer);
    return labels === null ? [] : [{ worker: j.workerId, labels }];
  });
  return labels.map((label) => selections.map((s) => ({ worker: s.worker, label: s.labels.includes(label) ? 'yes' : 'no' })));
}

/** One fitter's votes for an item, as `aggregate.ts` asks when labelling (same extraction as the fit). */
export function votesForFitter(taskType: TaskType, labels: readonly string[], item: FitItem, index: number): WorkerVote[] {
  return votesFor(taskType, labels, item)[index] ?? [];
}

export async function fitProjectAggregation(input: {
  taskType: TaskType;
  typeConfig: unknown;
  options: AggregationOptions;
  /** CLASSIFICATION classes when the config lists none (every label answered, sorted). */
  classes?: readonly string[];
  readPages: () => AsyncIterable<FitItem[]>;
}): Promise<ProjectAggregation> {
  const { taskType, options } = input;
  const none: ProjectAggregation = { method: 'majority', tieSeed: options.tieSeed, fitters: null, passes: 0 };
  if ((taskType !== 'CLASSIFICATION' && taskType !== 'MULTI_LABEL') || options.method === 'majority') return none;
  const labels = stringList(input.typeConfig, 'labels') ?? [];
  const classes = taskType === 'CLASSIFICATION' ? (labels.length ? labels : [...(input.classes ?? [])]) : null;
  const settings = fitterOptions(options);
  const fitters = classes ? [createDawidSkeneFitter(classes, settings)] : labels.map(() => createDawidSkeneFitter(['no', 'yes'], settings));
  if (fitters.length === 0) return none;
  let passes = 0;
  while (fitters.some((f) => !f.isDone)) {
    for await (const page of input.readPages()) {
      for (const item of page) {
        const votes = votesFor(taskType, labels, item);
        fitters.forEach((f, n) => f.addItem(votes[n]));
      }
    }
    for (const f of fitters) f.endPass();
    passes += 1;
    // Confusion rows need several workers who each answered several items; otherwise they are only the prior.
    if (passes === 1 && fitters.some((f) => f.countWorkersWithVotes(2) < 2)) return { ...none, passes };
  }
  // As before per page: a model that did not converge is not trusted, majority vote is used instead.
  if (!fitters.every((f) => f.isConverged)) return { ...none, passes };
  return { method: options.method, tieSeed: options.tieSeed, fitters, passes };
}
