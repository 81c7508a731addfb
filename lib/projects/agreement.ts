// Inter-rater agreement for a project's dashboard: turns stored (canonical) answers into agreement units per task
// type and scores them with lib/aggregation. Pure and isomorphic.
import { krippendorffAlpha, percentAgreement, type RatingValue } from '@/lib/aggregation';
import type { TaskType } from '@/lib/generated/prisma/enums';

export type AgreementMethod = 'label' | 'first-criterion' | 'choice' | 'per-label' | 'ranked-pairs' | 'none';

export type AgreementResult = {
  method: AgreementMethod;
  /** Krippendorff's alpha (nominal, or ordinal for ratings); null when not computable (too little data, no variation). */
  alpha: number | null;
  /** Mean pairwise percent agreement, 0..1; null when not computable. */
  percent: number | null;
  /** Units (items, or item × label / item × response pair) that had at least two answers. */
  units: number;
};

export type StoredAnswer = { itemId: string; answer: unknown };

type Loose = Record<string, unknown>;
const asRecord = (value: unknown): Loose => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {});
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

function groupUnits(values: { unit: string; value: RatingValue }[]): RatingValue[][] {
  const byUnit = new Map<string, RatingValue[]>();
  for (const { unit, value } of values) {
    const list = byUnit.get(unit);
    if (list) list.push(value);
    else byUnit.set(unit, [value]);
  }
  return [...byUnit.values()].filter((unit) => unit.length >= 2);
}

function score(method: AgreementMethod, units: RatingValue[][], level: 'nominal' | 'ordinal' = 'nominal'): AgreementResult {
  return { method, alpha: finite(krippendorffAlpha(units, level)), percent: finite(percentAgreement(units)), units: units.length };
}

/** Which response each pair (i<j) of a ranking prefers: 'i', 'j' or 'tie'. Units are item × pair. */
function rankedPairValues(itemId: string, answer: Loose): { unit: string; value: RatingValue }[] {
  if (answer.notRankable === true || !Array.isArray(answer.ranking)) return [];
  const place = new Map<number, number>();
  answer.ranking.forEach((group, position) => {
    if (Array.isArray(group)) for (const index of group) if (typeof index === 'number') place.set(index, position);
  });
  const indices = [...place.keys()].sort((a, b) => a - b);
  const values: { unit: string; value: RatingValue }[] = [];
  for (let x = 0; x < indices.length; x++) {
    for (let y = x + 1; y < indices.length; y++) {
      const [i, j] = [indices[x], indices[y]];
      const diff = place.get(i)! - place.get(j)!;
      values.push({ unit: `${itemId}:${i}:${j}`, value: diff < 0 ? 'i' : diff > 0 ? 'j' : 'tie' });
    }
  }
  return values;
}

/**
 * CLASSIFICATION: nominal on the label (unsure answers left out). RATING: ordinal on the first criterion's score.
 * PAIRWISE: nominal on the choice. MULTI_LABEL: each label's yes/no is a unit, averaged over labels.
 * RANKING: each pair of responses is a unit (which one ranks higher). WRITING: free text, no agreement.
 */
export function computeAgreement(type: TaskType, config: unknown, answers: readonly StoredAnswer[]): AgreementResult {
  const cfg = asRecord(config);
  switch (type) {
    case 'CLASSIFICATION': {
      const values = answers.flatMap(({ itemId, answer }) => {
        const label = asRecord(answer).label;
        return typeof label === 'string' ? [{ unit: itemId, value: label }] : [];
      });
      return score('label', groupUnits(values));
    }
    case 'PAIRWISE': {
      const values = answers.flatMap(({ itemId, answer }) => {
        const choice = asRecord(answer).choice;
        return typeof choice === 'string' ? [{ unit: itemId, value: choice }] : [];
      });
      return score('choice', groupUnits(values));
    }
    case 'RATING': {
      const criterion = Array.isArray(cfg.criteria) && typeof cfg.criteria[0] === 'string' ? cfg.criteria[0] : 'overall';
      const values = answers.flatMap(({ itemId, answer }) => {
        const value = asRecord(asRecord(answer).scores)[criterion];
        return typeof value === 'number' ? [{ unit: itemId, value }] : [];
      });
      return score('first-criterion', groupUnits(values), 'ordinal');
    }
    case 'MULTI_LABEL': {
      const labels = Array.isArray(cfg.labels) ? cfg.labels.filter((l): l is string => typeof l === 'string') : [];
      // One "unit" per item and label: did this worker tick it? Scoring all labels together keeps rare labels in.
      const values = answers.flatMap(({ itemId, answer }) => {
        const picked = asRecord(answer).labels;
        if (!Array.isArray(picked)) return [];
        return labels.map((label) => ({ unit: `${itemId}:${label}`, value: picked.includes(label) ? 'yes' : 'no' }));
      });
      return score('per-label', groupUnits(values));
    }
    case 'RANKING':
      return score('ranked-pairs', groupUnits(answers.flatMap(({ itemId, answer }) => rankedPairValues(itemId, asRecord(answer)))));
    default:
      return { method: 'none', alpha: null, percent: null, units: 0 };
  }
}
