// Widget-side view of the task contract (/tmp/task-contract.md). Configs accept the parsed `typeConfig`
// (defaults already applied) as well as a raw one: every defaulted field is optional here and resolved
// with the contract's default by the `resolve*` helpers. Answers are in SHOWN terms ('A' = first shown
// response, ranking indices = shown positions); the server maps them back with toCanonicalAnswer.
import type { TaskType } from '@/lib/generated/prisma/enums';

export type { TaskType };

export type Flag = 'broken' | 'unsafe';
export const FLAGS: readonly Flag[] = ['broken', 'unsafe'];

export interface ClassificationConfig {
  labels: string[];
  allowUnsure?: boolean;
  allowFlag?: boolean;
}
export interface MultiLabelConfig {
  labels: string[];
  minSelected?: number;
  maxSelected?: number;
  allowFlag?: boolean;
}
export type RationaleMode = 'off' | 'optional' | 'required';
export interface PairwiseConfig {
  criteria?: string[];
  allowTie?: boolean;
  allowBothBad?: boolean;
  askStrength?: boolean;
  rationale?: RationaleMode;
}
export interface RankingConfig {
  allowTies?: boolean;
}
export interface RatingConfig {
  scale?: 5 | 7;
  criteria?: string[];
  lowLabel?: string;
  highLabel?: string;
}
export interface WritingConfig {
  mode?: 'write' | 'rewrite';
  minLength?: number;
  maxLength?: number;
  guidelines?: string;
}

export interface WidgetConfigMap {
  CLASSIFICATION: ClassificationConfig;
  MULTI_LABEL: MultiLabelConfig;
  PAIRWISE: PairwiseConfig;
  RANKING: RankingConfig;
  RATING: RatingConfig;
  WRITING: WritingConfig;
}

export type ClassificationAnswer = { label: string | null; unsure?: boolean; flag?: Flag };
export type MultiLabelAnswer = { labels: string[]; flag?: Flag };
export type PairwiseChoice = 'A' | 'B' | 'tie' | 'both_bad';
export type PairwiseStrength = 'slightly' | 'much';
export type CriterionVerdict = 'A' | 'B' | 'tie';
export type PairwiseAnswer = {
  choice: PairwiseChoice;
  strength?: PairwiseStrength;
  criteria?: Record<string, CriterionVerdict>;
  rationale?: string;
};
export type RankingAnswer = { ranking: number[][]; notRankable?: boolean };
export type RatingAnswer = { scores: Record<string, number> };
export type WritingAnswer = { text: string };

export interface ShownAnswerMap {
  CLASSIFICATION: ClassificationAnswer;
  MULTI_LABEL: MultiLabelAnswer;
  PAIRWISE: PairwiseAnswer;
  RANKING: RankingAnswer;
  RATING: RatingAnswer;
  WRITING: WritingAnswer;
}
export type ShownAnswer = ShownAnswerMap[TaskType];

// Contract defaults, in one place.
export function resolvePairwiseConfig(config: PairwiseConfig) {
  return {
    criteria: config.criteria ?? [],
    allowTie: config.allowTie ?? true,
    allowBothBad: config.allowBothBad ?? true,
    askStrength: config.askStrength ?? false,
    rationale: config.rationale ?? 'off',
  } satisfies Required<PairwiseConfig>;
}
/** The overall choices offered, in button (and digit-shortcut) order. */
export function pairwiseChoices(config: PairwiseConfig): PairwiseChoice[] {
  const c = resolvePairwiseConfig(config);
  return ['A', 'B', ...(c.allowTie ? (['tie'] as const) : []), ...(c.allowBothBad ? (['both_bad'] as const) : [])];
}
export function resolveRatingConfig(config: RatingConfig) {
  const criteria = config.criteria?.length ? config.criteria : ['overall'];
  return { scale: config.scale ?? 5, criteria, lowLabel: config.lowLabel, highLabel: config.highLabel };
}
export function resolveWritingConfig(config: WritingConfig) {
  return {
    mode: config.mode ?? 'write',
    minLength: config.minLength ?? 20,
    maxLength: config.maxLength ?? 4000,
    guidelines: config.guidelines,
  };
}
export function resolveMultiLabelBounds(config: MultiLabelConfig): { min: number; max: number } {
  const max = Math.min(config.maxSelected ?? config.labels.length, config.labels.length);
  return { min: Math.min(config.minSelected ?? 0, max), max };
}

/** 0 → 'A', 1 → 'B', ... (responses are at most 9). */
export function responseLetter(shownIndex: number): string {
  return String.fromCharCode(65 + shownIndex);
}

/** Props every widget takes. `onSubmit` gets the answer in SHOWN terms. */
export type WidgetProps<T extends TaskType> = {
  config: WidgetConfigMap[T];
  content: import('./content').TaskContent;
  /** True while an answer is being sent: every control is disabled. */
  disabled: boolean;
  onSubmit: (answer: ShownAnswerMap[T]) => void;
  /** Desktop keyboard shortcuts (default on). Turn off when several widgets share a page. */
  keyboardShortcuts?: boolean;
};
