/**
 * Majority vote for crowd labels. Pure and isomorphic; numbers are plain floats (statistics, not money).
 * Ties break by a seeded draw per item (tie-break.ts): reproducible, and independent of label and vote order, where
 * "smallest label wins" would tilt every tied item toward whichever class sorts first.
 */
import { DEFAULT_TIE_SEED, pickTied } from './tie-break';

/** One worker's categorical answer for one item. */
export interface CategoricalVote {
  worker: string;
  item: string;
  label: string;
}

export interface MajorityItem {
  label: string;
  /** Share of this item's votes that went to `label`, in (0, 1]. */
  confidence: number;
  votes: number;
  counts: Record<string, number>;
}

/** Compares strings by code unit so results don't depend on the runtime's locale. */
export function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts votes per item, preserving nothing about order: callers get labels sorted. */
export function countVotesByItem(votes: readonly CategoricalVote[]): Map<string, Map<string, number>> {
  const byItem = new Map<string, Map<string, number>>();
  for (const { item, label } of votes) {
    let counts = byItem.get(item);
    if (!counts) byItem.set(item, (counts = new Map()));
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return byItem;
}

/** Majority label per item with its vote share; ties go to the seeded draw of `pickTied`. */
export function majorityVote(votes: readonly CategoricalVote[], options: { tieSeed?: string } = {}): Map<string, MajorityItem> {
  const result = new Map<string, MajorityItem>();
  for (const [item, counts] of countVotesByItem(votes)) {
    const labels = [...counts.keys()].sort(compareLabels);
    let top = 0;
    let total = 0;
    for (const label of labels) {
      const n = counts.get(label) ?? 0;
      total += n;
      if (n > top) top = n;
    }
    const best = pickTied(labels.filter((label) => counts.get(label) === top), item, options.tieSeed ?? DEFAULT_TIE_SEED);
    const record: Record<string, number> = {};
    for (const label of labels) record[label] = counts.get(label) ?? 0;
    result.set(item, { label: best, confidence: record[best] / total, votes: total, counts: record });
  }
  return result;
}

/** One worker's set of selected labels for one item (an empty set is a vote for "none of them"). */
export interface MultiLabelVote {
  worker: string;
  item: string;
  labels: readonly string[];
}

export interface MultiLabelMajorityItem {
  /** Labels chosen by more than half of the item's voters (exactly half counts when `isTieIncluded`), sorted. */
  labels: string[];
  /** For every label anyone chose on this item: share of the item's voters who chose it. */
  shares: Record<string, number>;
  voters: number;
}

/**
 * Per-label majority: each label is an independent yes/no question answered by every voter of the item.
 * A worker who votes twice on an item counts twice; duplicates inside one vote's `labels` count once.
 */
export function multiLabelMajorityVote(
  votes: readonly MultiLabelVote[],
  options: { isTieIncluded?: boolean } = {},
): Map<string, MultiLabelMajorityItem> {
  const byItem = new Map<string, { voters: number; counts: Map<string, number> }>();
  for (const vote of votes) {
    let entry = byItem.get(vote.item);
    if (!entry) byItem.set(vote.item, (entry = { voters: 0, counts: new Map() }));
    entry.voters += 1;
    for (const label of new Set(vote.labels)) entry.counts.set(label, (entry.counts.get(label) ?? 0) + 1);
  }
  const result = new Map<string, MultiLabelMajorityItem>();
  for (const [item, { voters, counts }] of byItem) {
    const shares: Record<string, number> = {};
    const labels: string[] = [];
    for (const label of [...counts.keys()].sort(compareLabels)) {
      const n = counts.get(label) ?? 0;
      shares[label] = n / voters;
      if (2 * n > voters || (options.isTieIncluded === true && 2 * n === voters)) labels.push(label);
    }
    result.set(item, { labels, shares, voters });
  }
  return result;
}
