// What quality checks compare: one categorical key per stored (canonical) answer, and the shown position the worker
// picked. Pure and isomorphic.
import type { TaskType } from '@/lib/generated/prisma/enums';
import { answerPosition, toCanonicalAnswer } from '@/lib/tasks';

type Loose = Record<string, unknown>;
const asRecord = (value: unknown): Loose => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {});

/**
 * The part of a canonical answer two workers agree or disagree on: CLASSIFICATION the label (unsure/flagged answers
 * have none), PAIRWISE the choice, MULTI_LABEL the sorted label set, RANKING the whole ranking, RATING the scores.
 * WRITING (free text) has none: null means "not comparable".
 */
export function getAnswerKey(type: TaskType, answer: unknown): string | null {
  const a = asRecord(answer);
  switch (type) {
    case 'CLASSIFICATION':
      return typeof a.label === 'string' ? a.label : null;
    case 'PAIRWISE':
      return typeof a.choice === 'string' ? a.choice : null;
    case 'MULTI_LABEL':
      return Array.isArray(a.labels) ? [...a.labels].map(String).sort().join('\u0000') : null;
    case 'RANKING':
      return a.notRankable === true ? 'not_rankable' : Array.isArray(a.ranking) ? JSON.stringify(a.ranking) : null;
    case 'RATING':
      return a.scores !== undefined ? JSON.stringify(a.scores) : null;
    default:
      return null;
  }
}

/**
 * The shown position of a stored canonical answer, for straight-lining ("always A"). Converting with the inverse of
 * the shown order turns canonical indices back into shown ones, so no per-type inverse is needed.
 */
export function getShownPosition(type: TaskType, canonicalAnswer: unknown, shownOrder: unknown): string | null {
  try {
    const order = Array.isArray(shownOrder) && shownOrder.every((v) => Number.isInteger(v)) ? (shownOrder as number[]) : null;
    const inverse = order ? invertPermutation(order) : null;
    return answerPosition(type, toCanonicalAnswer(type, canonicalAnswer, inverse));
  } catch {
    return null;
  }
}

export function invertPermutation(order: readonly number[]): number[] {
  const inverse = new Array<number>(order.length);
  order.forEach((canonical, shown) => (inverse[canonical] = shown));
  return inverse;
}

/** The largest share of equal values (0 when empty): 1 means every answer was the same. */
export function getMaxSameShare(values: readonly (string | null)[]): number {
  const present = values.filter((v): v is string => v !== null);
  if (present.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Math.max(...counts.values()) / present.length;
}
