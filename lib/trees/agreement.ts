// How well a tree review or ranking agrees with the other workers' answers to the same task, so the consensus part
// of the trust score (lib/quality/records.ts → verdict.ts scoreConsensus) covers tree work too. Pure and isomorphic.
//
// Like consensus for the other task types it is leave-one-out: a worker is compared with the others, never with an
// outcome their own answer helped make.
//   - A review agrees when its spam verdict is the others' majority (a tie counts for either side) and its labels are
//     on average within LABEL_TOLERANCE of at least one other reviewer's (the nearest, not the others' mean: with three
//     reviewers one careless review would drag the mean away from two careful ones and fail both).
//   - A ranking agrees when its Kendall tau with the others' merged (Borda) order is above 0: more pairs of replies
//     in the same order than reversed.
import { mergeRankings } from './lifecycle';

/** Mean distance from the others' label means allowed on the 0..1 scale: a bit more than one step of the phone's 5. */
export const LABEL_TOLERANCE = 0.3;

type Loose = Record<string, unknown>;
const asRecord = (value: unknown): Loose | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : null);

type Review = { spam: boolean; labels: Record<string, number> };

function readReview(answer: unknown): Review | null {
  const record = asRecord(answer);
  if (!record || typeof record.spam !== 'boolean') return null;
  const labels: Record<string, number> = {};
  for (const [name, value] of Object.entries(asRecord(record.labels) ?? {})) if (typeof value === 'number') labels[name] = value;
  return { spam: record.spam, labels };
}

function readOrder(answer: unknown): string[] | null {
  const order = asRecord(answer)?.order;
  return Array.isArray(order) && order.length >= 2 && order.every((id) => typeof id === 'string') ? (order as string[]) : null;
}

/** Kendall's tau-a of two orders of the same ids (best first): 1 the same order, -1 reversed, 0 for fewer than 2 ids. */
export function kendallTau(a: readonly string[], b: readonly string[]): number {
  const position = new Map(b.map((id, index) => [id, index]));
  const shared = a.filter((id) => position.has(id));
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < shared.length; i++) {
    for (let j = i + 1; j < shared.length; j++) {
      if (position.get(shared[i])! < position.get(shared[j])!) concordant += 1;
      else discordant += 1;
    }
  }
  const pairs = concordant + discordant;
  return pairs === 0 ? 0 : (concordant - discordant) / pairs;
}

/** The mean absolute distance of two reviews' labels, over the labels both scored; null when none is shared. */
export function labelDistance(mine: Record<string, number>, theirs: Record<string, number>): number | null {
  const distances = Object.entries(mine)
    .filter(([name]) => typeof theirs[name] === 'number')
    .map(([name, value]) => Math.abs(value - theirs[name]));
  return distances.length === 0 ? null : distances.reduce((sum, d) => sum + d, 0) / distances.length;
}

/** The distance to the nearest other review's labels; null when no other scored a label this one did. */
export function nearestLabelDistance(mine: Record<string, number>, others: readonly Record<string, number>[]): number | null {
  const distances = others.map((labels) => labelDistance(mine, labels)).filter((d): d is number => d !== null);
  return distances.length === 0 ? null : Math.min(...distances);
}

function reviewAgrees(mine: Review, others: Review[]): boolean {
  const spamVotes = others.filter((r) => r.spam).length;
  const hamVotes = others.length - spamVotes;
  const spamAgrees = mine.spam ? spamVotes >= hamVotes : hamVotes >= spamVotes;
  const distance = nearestLabelDistance(mine.labels, others.map((r) => r.labels));
  return spamAgrees && (distance === null || distance <= LABEL_TOLERANCE);
}

/** The others' rankings merged by Borda count, ties in id order (so no worker's own order breaks them). */
export function mergedOrderOf(ids: readonly string[], rankings: readonly (readonly string[])[]): string[] {
  const ranks = mergeRankings([...ids].sort(), rankings);
  return [...ranks.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

/** Kendall tau of one ranking with the merged order of the others ranking the same replies; null without any. */
export function rankingAgreement(mine: readonly string[], others: readonly (readonly string[])[]): number | null {
  const sameSet = (order: readonly string[]) => order.length === mine.length && mine.every((id) => order.includes(id));
  const comparable = others.filter(sameSet);
  if (comparable.length === 0) return null;
  return kendallTau(mine, mergedOrderOf(mine, comparable));
}

/**
 * Whether a tree review or ranking agrees with the others' answers on the same task; null when the answer is not a
 * tree review or ranking, or no other answer compares (the caller then does not count it as checked).
 */
export function treeAnswerAgrees(answer: unknown, others: readonly unknown[]): boolean | null {
  const review = readReview(answer);
  if (review) {
    const otherReviews = others.map(readReview).filter((r): r is Review => r !== null);
    return otherReviews.length === 0 ? null : reviewAgrees(review, otherReviews);
  }
  const order = readOrder(answer);
  if (order) {
    const tau = rankingAgreement(order, others.map(readOrder).filter((o): o is string[] => o !== null));
    return tau === null ? null : tau > 0;
  }
  return null;
}
