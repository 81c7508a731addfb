// Pure answer building/validation for the widgets (no React, no DOM): each `build*` returns the answer in
// SHOWN terms, or null while it is not valid yet, so "Submit" is enabled exactly when it returns non-null.
import {
  pairwiseChoices,
  resolveMultiLabelBounds,
  resolvePairwiseConfig,
  resolveRatingConfig,
  resolveWritingConfig,
  type ClassificationAnswer,
  type ClassificationConfig,
  type CriterionVerdict,
  type Flag,
  type MultiLabelAnswer,
  type MultiLabelConfig,
  type PairwiseAnswer,
  type PairwiseChoice,
  type PairwiseConfig,
  type PairwiseStrength,
  type RatingAnswer,
  type RatingConfig,
  type WritingAnswer,
  type WritingConfig,
} from '../types';

// Lives with the config types so the help sheet (shortcuts.ts) can list choices without loading the widgets' code.
export { pairwiseChoices };

// ---- classification ----
export function buildClassificationAnswer(
  config: ClassificationConfig,
  draft: { label: string | null; unsure: boolean; flag: Flag | null },
): ClassificationAnswer | null {
  const unsure = draft.unsure && !!config.allowUnsure;
  const flag = config.allowFlag ? draft.flag : null;
  if (draft.label !== null && !config.labels.includes(draft.label)) return null;
  if (draft.label === null && !unsure && !flag) return null;
  return { label: draft.label, ...(unsure && { unsure: true }), ...(flag && { flag }) };
}

// ---- multi-label ----
export function toggleLabel(selected: readonly string[], label: string, max: number): string[] {
  if (selected.includes(label)) return selected.filter((l) => l !== label);
  if (selected.length >= max) return [...selected];
  return [...selected, label];
}

export function buildMultiLabelAnswer(
  config: MultiLabelConfig,
  selected: readonly string[],
  flag: Flag | null,
): MultiLabelAnswer | null {
  const { min, max } = resolveMultiLabelBounds(config);
  const useFlag = config.allowFlag ? flag : null;
  // Keep the config's order so answers are stable whatever order the chips were tapped in.
  const labels = config.labels.filter((l) => selected.includes(l));
  // A flagged item may have fewer labels than the minimum, even none (lib/tasks accepts that too).
  if ((labels.length < min && !useFlag) || labels.length > max) return null;
  return { labels, ...(useFlag && { flag: useFlag }) };
}

// ---- pairwise ----
export const RATIONALE_MIN = 10;
export const RATIONALE_MAX = 2000;

export type PairwiseDraft = {
  choice: PairwiseChoice | null;
  strength: PairwiseStrength | null;
  criteria: Record<string, CriterionVerdict>;
  rationale: string;
};
export const emptyPairwiseDraft: PairwiseDraft = { choice: null, strength: null, criteria: {}, rationale: '' };

export function asksStrength(config: PairwiseConfig, choice: PairwiseChoice | null): boolean {
  return resolvePairwiseConfig(config).askStrength && (choice === 'A' || choice === 'B');
}

/** Whether picking `choice` opens the second step (strength, criteria, rationale) instead of submitting. */
export function needsPairwiseDetails(config: PairwiseConfig, choice: PairwiseChoice): boolean {
  const c = resolvePairwiseConfig(config);
  return asksStrength(config, choice) || c.criteria.length > 0 || c.rationale !== 'off';
}

export function rationaleState(config: PairwiseConfig, rationale: string): 'ok' | 'short' | 'long' {
  const length = rationale.trim().length;
  if (length > RATIONALE_MAX) return 'long';
  if (resolvePairwiseConfig(config).rationale === 'required' && length < RATIONALE_MIN) return 'short';
  return 'ok';
}

export function buildPairwiseAnswer(config: PairwiseConfig, draft: PairwiseDraft): PairwiseAnswer | null {
  const c = resolvePairwiseConfig(config);
  const { choice } = draft;
  if (!choice || !pairwiseChoices(config).includes(choice)) return null;
  const answer: PairwiseAnswer = { choice };
  if (asksStrength(config, choice)) {
    if (!draft.strength) return null; // asked, so required: a half-answered comparison is worth less
    answer.strength = draft.strength;
  }
  if (c.criteria.length > 0) {
    const criteria: Record<string, CriterionVerdict> = {};
    for (const name of c.criteria) {
      const verdict = draft.criteria[name];
      if (!verdict) return null;
      criteria[name] = verdict;
    }
    answer.criteria = criteria;
  }
  if (c.rationale !== 'off') {
    if (rationaleState(config, draft.rationale) !== 'ok') return null;
    const text = draft.rationale.trim();
    if (text) answer.rationale = text;
  }
  return answer;
}

// ---- rating ----
export function buildRatingAnswer(config: RatingConfig, scores: Record<string, number>): RatingAnswer | null {
  const { scale, criteria } = resolveRatingConfig(config);
  const out: Record<string, number> = {};
  for (const name of criteria) {
    const score = scores[name];
    if (!Number.isInteger(score) || score < 1 || score > scale) return null;
    out[name] = score;
  }
  return { scores: out };
}

/** The criterion digit shortcuts score: the first unscored one after `from`, else `from`. */
export function nextCriterion(criteria: readonly string[], scores: Record<string, number>, from: number): number {
  for (let i = 1; i <= criteria.length; i++) {
    const j = (from + i) % criteria.length;
    if (scores[criteria[j]] === undefined) return j;
  }
  return from;
}

// ---- writing ----
export type WritingLength = { length: number; min: number; max: number; state: 'short' | 'ok' | 'long' };

/** Counts what the server counts: the trimmed string's length. */
export function measureWriting(config: WritingConfig, text: string): WritingLength {
  const { minLength: min, maxLength: max } = resolveWritingConfig(config);
  const length = text.trim().length;
  return { length, min, max, state: length < min ? 'short' : length > max ? 'long' : 'ok' };
}

export function buildWritingAnswer(config: WritingConfig, text: string): WritingAnswer | null {
  return measureWriting(config, text).state === 'ok' ? { text: text.trim() } : null;
}
