// Per-item aggregation for exports, a page of items at a time (constant memory). Pure and deterministic.
// CLASSIFICATION: the export's model fitted on the whole project (Dawid-Skene, or its Bayesian/MACE variants; see
// aggregate-fit.ts), majority when the project is too thin for EM or it does not converge. Without a model, a
// Dawid-Skene over the page. MULTI_LABEL: the same per label as a yes/no question. Ties: a seeded draw per item.
// PAIRWISE/RANKING: Bradley-Terry over the item's responses. RATING: mean (and median) per criterion.
// WRITING: the texts themselves.
import {
  bradleyTerry,
  dawidSkene,
  majorityVote,
  multiLabelMajorityVote,
  percentAgreement,
  rankingToPairs,
  winProbability,
  type CategoricalVote,
  type DawidSkeneItem,
  type PairwiseOutcome,
} from '@/lib/aggregation';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { votesForFitter, type ProjectAggregation } from './aggregate-fit';
import { isRecord, toClassificationLabel, toMultiLabelSelection } from './aggregate-votes';
import type { AggregatedItem } from './formats/types';

export interface ItemJudgments {
  externalId: string;
  isGold: boolean;
  payload: unknown;
  judgments: { workerId: string; answer: unknown }[];
}

const agreementOf = (values: (string | number)[]): number | null => {
  const a = percentAgreement([values]);
  return Number.isNaN(a) ? null : a;
};

function base(item: ItemJudgments): Omit<AggregatedItem, 'label' | 'method' | 'confidence' | 'agreement' | 'details'> {
  return { externalId: item.externalId, isGold: item.isGold, payload: item.payload, judgments: item.judgments.length };
}

/** Dawid-Skene needs several workers who each answered several items; otherwise the confusion rows are priors. */
function isEnoughForEm(votes: readonly CategoricalVote[]): boolean {
  const perWorker = new Map<string, number>();
  for (const v of votes) perWorker.set(v.worker, (perWorker.get(v.worker) ?? 0) + 1);
  return [...perWorker.values()].filter((n) => n >= 2).length >= 2;
}

/** The page's own Dawid-Skene, for callers without a whole-project model (agents' previews, unit tests). */
function fitPage(votes: CategoricalVote[], classes: string[] | undefined): ((item: string) => DawidSkeneItem | undefined) | null {
  const ds = isEnoughForEm(votes) ? dawidSkene(votes, classes ? { classes } : {}) : null;
  return ds?.isConverged ? (item) => ds.items.get(item) : null;
}

function aggregateClassification(items: ItemJudgments[], labels: string[] | undefined, model?: ProjectAggregation): AggregatedItem[] {
  const votes: CategoricalVote[] = [];
  for (const item of items) {
    for (const j of item.judgments) {
      const label = toClassificationLabel(j.answer);
      if (label !== null) votes.push({ worker: j.workerId, item: item.externalId, label });
    }
  }
  const fitter = model?.fitters?.[0];
  const method = model ? model.method : 'dawid_skene';
  const posteriorOf = model
    ? fitter
      ? (item: ItemJudgments) => fitter.labelItem(item.externalId, votesForFitter('CLASSIFICATION', [], item, 0)) ?? undefined
      : null
    : (() => {
        const page = fitPage(votes, labels);
        return page ? (item: ItemJudgments) => page(item.externalId) : null;
      })();
  const majority = majorityVote(votes, { tieSeed: model?.tieSeed });
  return items.map((item) => {
    const values = item.judgments.map((j) => toClassificationLabel(j.answer)).filter((v): v is string => v !== null);
    const m = majority.get(item.externalId);
    const d = posteriorOf?.(item);
    const counts = m?.counts ?? {};
    if (!m) return { ...base(item), label: null, method: 'none', confidence: null, agreement: null, details: { counts } };
    if (d && method !== 'majority') return { ...base(item), label: d.label, method, confidence: d.confidence, agreement: agreementOf(values), details: { counts, posterior: d.posterior } };
    return { ...base(item), label: m.label, method: 'majority', confidence: m.confidence, agreement: agreementOf(values), details: { counts } };
  });
}

function aggregateMultiLabel(items: ItemJudgments[], labels: string[], model?: ProjectAggregation): AggregatedItem[] {
  const selections = items.map((item) =>
    item.judgments.flatMap((j) => {
      const chosen = toMultiLabelSelection(j.answer);
      return chosen === null ? [] : [{ worker: j.workerId, labels: chosen }];
    }),
  );
  // Each label is its own yes/no question answered by every voter of the item.
  let posteriorYes: ((item: ItemJudgments, l: number) => number) | null = null;
  if (model?.fitters) {
    const fitters = model.fitters;
    posteriorYes = (item, l) => fitters[l]?.labelItem(item.externalId, votesForFitter('MULTI_LABEL', labels, item, l))?.posterior.yes ?? 0;
  } else if (!model) {
    const perLabel = labels.map((label) => {
      const votes: CategoricalVote[] = [];
      items.forEach((item, i) => selections[i].forEach((s) => votes.push({ worker: s.worker, item: item.externalId, label: s.labels.includes(label) ? 'yes' : 'no' })));
      return fitPage(votes, ['no', 'yes']);
    });
    if (perLabel.every((fit) => fit !== null)) posteriorYes = (item, l) => perLabel[l]?.(item.externalId)?.posterior.yes ?? 0;
  }
  const method = model && model.method !== 'majority' ? model.method : 'dawid_skene';
  const majority = multiLabelMajorityVote(items.flatMap((item, i) => selections[i].map((s) => ({ worker: s.worker, item: item.externalId, labels: s.labels }))));
  return items.map((item, i) => {
    const values = selections[i].map((s) => [...new Set(s.labels)].sort().join('|'));
    const m = majority.get(item.externalId);
    if (!m) return { ...base(item), label: [], method: 'none', confidence: null, agreement: null, details: {} };
    if (posteriorYes) {
      const chosen: string[] = [];
      let confidence = 1;
      const yes: Record<string, number> = {};
      labels.forEach((label, l) => {
        const p = posteriorYes(item, l);
        yes[label] = p;
        if (p > 0.5) chosen.push(label);
        confidence = Math.min(confidence, Math.max(p, 1 - p));
      });
      return { ...base(item), label: chosen, method, confidence, agreement: agreementOf(values), details: { shares: m.shares, posteriorYes: yes } };
    }
    const confidence = labels.reduce((c, label) => Math.min(c, Math.max(m.shares[label] ?? 0, 1 - (m.shares[label] ?? 0))), 1);
    return { ...base(item), label: m.labels, method: 'majority', confidence, agreement: agreementOf(values), details: { shares: m.shares } };
  });
}

function aggregatePairwise(item: ItemJudgments): AggregatedItem {
  const counts = { A: 0, B: 0, tie: 0, both_bad: 0 };
  const choices: string[] = [];
  const outcomes: PairwiseOutcome[] = [];
  for (const j of item.judgments) {
    const choice = isRecord(j.answer) ? j.answer.choice : undefined;
    if (choice !== 'A' && choice !== 'B' && choice !== 'tie' && choice !== 'both_bad') continue;
    counts[choice] += 1;
    choices.push(choice);
    if (choice === 'A') outcomes.push({ winner: 0, loser: 1 });
    if (choice === 'B') outcomes.push({ winner: 1, loser: 0 });
    if (choice === 'tie') outcomes.push({ winner: 0, loser: 1, isTie: true });
  }
  const n = choices.length;
  if (n === 0) return { ...base(item), label: null, method: 'none', confidence: null, agreement: null, details: { counts } };
  const top = Math.max(counts.A, counts.B, counts.tie, counts.both_bad);
  // A plurality of "tie" or "both bad" (or A and B level) means no usable preference.
  if (counts.both_bad === top && counts.A < top && counts.B < top) {
    return { ...base(item), label: 'both_bad', method: 'majority', confidence: counts.both_bad / n, agreement: agreementOf(choices), details: { counts } };
  }
  if ((counts.tie === top && counts.A < top && counts.B < top) || counts.A === counts.B) {
    return { ...base(item), label: 'tie', method: 'majority', confidence: counts.tie / n || null, agreement: agreementOf(choices), details: { counts } };
  }
  const bt = bradleyTerry(2, outcomes);
  const winner = bt.ranking[0];
  return {
    ...base(item),
    label: winner === 0 ? 'A' : 'B',
    method: 'bradley_terry',
    confidence: winProbability(bt.strengths, winner, 1 - winner),
    agreement: agreementOf(choices),
    details: { counts, scores: bt.scores },
  };
}

function aggregateRanking(item: ItemJudgments): AggregatedItem {
  const k = isRecord(item.payload) && Array.isArray(item.payload.responses) ? item.payload.responses.length : 0;
  const outcomes: PairwiseOutcome[] = [];
  const tops: string[] = [];
  for (const j of item.judgments) {
    if (!isRecord(j.answer) || j.answer.notRankable === true || !Array.isArray(j.answer.ranking) || j.answer.ranking.length === 0) continue;
    const ranking = j.answer.ranking as number[][];
    outcomes.push(...rankingToPairs(ranking));
    tops.push([...ranking[0]].sort((a, b) => a - b).join(','));
  }
  if (tops.length === 0 || k < 2) return { ...base(item), label: null, method: 'none', confidence: null, agreement: null, details: { k } };
  const bt = bradleyTerry(k, outcomes);
  const [first, second] = bt.ranking;
  return {
    ...base(item),
    label: bt.ranking,
    method: 'bradley_terry',
    confidence: winProbability(bt.strengths, first, second),
    agreement: agreementOf(tops),
    details: { k, scores: bt.scores, rankings: tops.length },
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function aggregateRating(item: ItemJudgments, criteria: string[]): AggregatedItem {
  const mean: Record<string, number> = {};
  const med: Record<string, number> = {};
  const agreements: number[] = [];
  for (const criterion of criteria) {
    const scores = item.judgments
      .map((j) => (isRecord(j.answer) && isRecord(j.answer.scores) ? j.answer.scores[criterion] : undefined))
      .filter((s): s is number => typeof s === 'number');
    if (scores.length === 0) continue;
    mean[criterion] = scores.reduce((a, b) => a + b, 0) / scores.length;
    med[criterion] = median(scores);
    const a = agreementOf(scores);
    if (a !== null) agreements.push(a);
  }
  if (Object.keys(mean).length === 0) return { ...base(item), label: null, method: 'none', confidence: null, agreement: null, details: {} };
  const agreement = agreements.length ? agreements.reduce((a, b) => a + b, 0) / agreements.length : null;
  return { ...base(item), label: mean, method: 'mean', confidence: null, agreement, details: { median: med } };
}

function aggregateWriting(item: ItemJudgments): AggregatedItem {
  const texts = item.judgments.map((j) => (isRecord(j.answer) && typeof j.answer.text === 'string' ? j.answer.text : null)).filter((t): t is string => t !== null);
  return { ...base(item), label: texts, method: texts.length ? 'approved_texts' : 'none', confidence: null, agreement: null, details: {} };
}

function stringList(config: unknown, key: string): string[] | undefined {
  const value = isRecord(config) ? config[key] : undefined;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/**
 * Aggregates a page of items (each with all of its exported judgments). Order of the output = order of `items`.
 * With `model` (an export's whole-project fit, aggregate-fit.ts) categorical items are labelled by it; without,
 * by a Dawid-Skene fitted on this page alone.
 */
export function aggregateItems(taskType: TaskType, typeConfig: unknown, items: ItemJudgments[], model?: ProjectAggregation): AggregatedItem[] {
  switch (taskType) {
    case 'CLASSIFICATION':
      return aggregateClassification(items, stringList(typeConfig, 'labels'), model);
    case 'MULTI_LABEL':
      return aggregateMultiLabel(items, stringList(typeConfig, 'labels') ?? [], model);
    case 'PAIRWISE':
      return items.map(aggregatePairwise);
    case 'RANKING':
      return items.map(aggregateRanking);
    case 'RATING':
      return items.map((item) => aggregateRating(item, stringList(typeConfig, 'criteria') ?? ['overall']));
    case 'WRITING':
      return items.map(aggregateWriting);
  }
}
