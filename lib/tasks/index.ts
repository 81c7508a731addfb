// Task-type registry: parses configs, items, answers and gold answers, and handles shown order, for every TaskType.
// Isomorphic and pure (no DB, no env): used by the assignment engine, the batch uploader and the phone UI.
import type { TaskType } from '@/lib/generated/prisma/enums';
import { assertShownOrder, createPermutation } from './common';
import type { TaskDefinition, TaskExample } from './definition';
import { parseOrThrow, TaskInputError } from './errors';
import {
  classificationTask,
  type ClassificationAnswer,
  type ClassificationConfig,
  type ClassificationGold,
  type TextPayload,
} from './types/classification';
import { multiLabelTask, type MultiLabelAnswer, type MultiLabelConfig, type MultiLabelGold } from './types/multi-label';
import {
  pairwiseTask,
  type PairwiseAnswer,
  type PairwiseConfig,
  type PairwiseGold,
  type PairwisePayload,
} from './types/pairwise';
import {
  rankingTask,
  type RankingAnswer,
  type RankingConfig,
  type RankingGold,
  type RankingPayload,
} from './types/ranking';
import { ratingTask, type RatingAnswer, type RatingConfig, type RatingGold, type RatingPayload } from './types/rating';
import { writingTask, type WritingAnswer, type WritingConfig, type WritingPayload } from './types/writing';

export { isTaskInputError, TaskInputError, type TaskInputIssue } from './errors';
export type { Message, PromptPart } from './common';
export {
  assertTrainable,
  findPromptProblem,
  findSameResponses,
  isSameResponse,
  mergeSameRoleTurns,
  promptProblemText,
  toPromptMessages,
  type PromptProblem,
} from './conversation';

interface TaskTypeMap {
  CLASSIFICATION: {
    config: ClassificationConfig;
    payload: TextPayload;
    answer: ClassificationAnswer;
    gold: ClassificationGold;
  };
  MULTI_LABEL: { config: MultiLabelConfig; payload: TextPayload; answer: MultiLabelAnswer; gold: MultiLabelGold };
  PAIRWISE: { config: PairwiseConfig; payload: PairwisePayload; answer: PairwiseAnswer; gold: PairwiseGold };
  RANKING: { config: RankingConfig; payload: RankingPayload; answer: RankingAnswer; gold: RankingGold };
  RATING: { config: RatingConfig; payload: RatingPayload; answer: RatingAnswer; gold: RatingGold };
  WRITING: { config: WritingConfig; payload: WritingPayload; answer: WritingAnswer; gold: never };
}

export type TaskConfig<T extends TaskType> = TaskTypeMap[T]['config'];
export type TaskPayload<T extends TaskType> = TaskTypeMap[T]['payload'];
export type TaskAnswer<T extends TaskType> = TaskTypeMap[T]['answer'];
/** `never` for WRITING, which has no gold answers. */
export type TaskGold<T extends TaskType> = TaskTypeMap[T]['gold'];

const definitions: { [T in TaskType]: TaskDefinition<TaskConfig<T>, TaskPayload<T>, TaskAnswer<T>, TaskGold<T>> } = {
  CLASSIFICATION: classificationTask,
  MULTI_LABEL: multiLabelTask,
  PAIRWISE: pairwiseTask,
  RANKING: rankingTask,
  RATING: ratingTask,
  WRITING: writingTask,
};

type AnyTaskDefinition = TaskDefinition<unknown, unknown, unknown, unknown>;

function getDefinition(type: TaskType): AnyTaskDefinition {
  if (typeof type !== 'string' || !Object.hasOwn(definitions, type)) {
    throw new TaskInputError('task type', [{ path: '', message: `"${String(type)}" is not a task type` }]);
  }
  return definitions[type];
}

export function parseTypeConfig(type: TaskType, config: unknown): TaskConfig<any> {
  return parseOrThrow(getDefinition(type).configSchema, config, 'project settings');
}

/**
 * Parses an item's payload. Pass the project's `config` too where you have it (batch upload): rules that need both
 * are then checked as well (a WRITING project in 'rewrite' mode needs a `draft` in every item).
 */
export function parsePayload(type: TaskType, payload: unknown, config?: unknown): TaskPayload<any> {
  const definition = getDefinition(type);
  const parsed = parseOrThrow(definition.payloadSchema, payload, 'item');
  if (config !== undefined && definition.checkPayload) {
    const issues = definition.checkPayload(parseTypeConfig(type, config), parsed);
    if (issues.length > 0) throw new TaskInputError('item', issues);
  }
  return parsed;
}

/** Parses a CANONICAL answer (run `toCanonicalAnswer` first on what the worker sent). Returns the form to store. */
export function parseAnswer(type: TaskType, config: unknown, payload: unknown, answer: unknown): TaskAnswer<any> {
  const definition = getDefinition(type);
  const parsedConfig = parseTypeConfig(type, config);
  const parsedPayload = parsePayload(type, payload, config);
  return parseOrThrow(definition.createAnswerSchema(parsedConfig, parsedPayload), answer, 'answer');
}

export function parseGoldAnswer(type: TaskType, config: unknown, payload: unknown, gold: unknown): TaskGold<any> {
  const definition = getDefinition(type);
  if (!definition.createGoldSchema) {
    const message = `this task type (${definition.label}) has no gold answers`;
    throw new TaskInputError('gold answer', [{ path: '', message }]);
  }
  const parsedConfig = parseTypeConfig(type, config);
  const parsedPayload = parsePayload(type, payload, config);
  return parseOrThrow(definition.createGoldSchema(parsedConfig, parsedPayload), gold, 'gold answer');
}

/**
 * Whether a canonical answer matches the gold answer. `null` when the type has no gold (WRITING) or `gold` is
 * null/undefined (the item is not a gold item). Throws `TaskInputError` when any input is invalid.
 */
export function isGoldCorrect(
  type: TaskType,
  config: unknown,
  payload: unknown,
  answer: unknown,
  gold: unknown,
): boolean | null {
  const definition = getDefinition(type);
  if (!definition.isCorrect || !definition.createGoldSchema || gold === null || gold === undefined) return null;
  const parsedGold = parseGoldAnswer(type, config, payload, gold);
  return definition.isCorrect(parseAnswer(type, config, payload, answer), parsedGold);
}

/**
 * The types whose responses are shown in a random order per worker. Each shuffles exactly its `responses` array
 * (index.test.ts checks it), which lets a claim written in SQL draw the order without knowing the type's rules.
 */
export const shuffledTaskTypes: readonly TaskType[] = (Object.keys(definitions) as TaskType[]).filter(
  (type) => getDefinition(type).countShuffled !== undefined,
);

/** A uniform random permutation of response indices for PAIRWISE/RANKING (Fisher–Yates); null for other types. */
export function createShownOrder(
  type: TaskType,
  payload: unknown,
  random: () => number = Math.random,
): number[] | null {
  const definition = getDefinition(type);
  if (!definition.countShuffled) return null;
  return createPermutation(definition.countShuffled(parsePayload(type, payload)), random);
}

function throwShownOrderNotUsed(definition: AnyTaskDefinition): never {
  const message = `${definition.label} tasks show items in one fixed order: the shown order must be null`;
  throw new TaskInputError('shown order', [{ path: '', message }]);
}

/**
 * The payload as the worker sees it: shown.responses[i] = responses[shownOrder[i]]. Only the type's own fields are
 * kept (requester metadata such as model names is dropped). Does not mutate `payload`.
 */
export function toShownPayload(type: TaskType, payload: unknown, shownOrder: number[] | null): TaskPayload<any> {
  const definition = getDefinition(type);
  const parsed = parsePayload(type, payload);
  if (shownOrder === null) return definition.toShownPayload(parsed, null);
  if (!definition.countShuffled) throwShownOrderNotUsed(definition);
  assertShownOrder(shownOrder, definition.countShuffled(parsed));
  return definition.toShownPayload(parsed, shownOrder);
}

/**
 * Converts an answer given in SHOWN terms ('A' = first shown response, indices = shown positions) to canonical terms.
 * Identity when `shownOrder` is null. Does not validate the answer (call `parseAnswer` next) or mutate it.
 */
export function toCanonicalAnswer(type: TaskType, shownAnswer: unknown, shownOrder: number[] | null): unknown {
  const definition = getDefinition(type);
  if (shownOrder === null) return shownAnswer;
  if (!definition.toCanonicalAnswer) throwShownOrderNotUsed(definition);
  assertShownOrder(shownOrder);
  return definition.toCanonicalAnswer(shownAnswer, shownOrder);
}

/**
 * The position the worker picked, in shown terms, for straight-lining and position-bias checks. PAIRWISE: 'first',
 * 'second', 'tie' or 'both_bad'. RANKING: the shown index ranked first ('0'; a tie for first gives '0,2').
 * CLASSIFICATION: the label. MULTI_LABEL: the labels sorted and joined with ', '. null when there is none.
 */
export function answerPosition(type: TaskType, shownAnswer: unknown): string | null {
  return getDefinition(type).answerPosition(shownAnswer);
}

export const taskTypeLabels: Record<TaskType, string> = {
  CLASSIFICATION: classificationTask.label,
  MULTI_LABEL: multiLabelTask.label,
  PAIRWISE: pairwiseTask.label,
  RANKING: rankingTask.label,
  RATING: ratingTask.label,
  WRITING: writingTask.label,
};

/** A valid config per type, every default spelled out. Frozen: copy before editing. */
export const defaultTypeConfig: Record<TaskType, unknown> = deepFreeze({
  CLASSIFICATION: classificationTask.defaultConfig,
  MULTI_LABEL: multiLabelTask.defaultConfig,
  PAIRWISE: pairwiseTask.defaultConfig,
  RANKING: rankingTask.defaultConfig,
  RATING: ratingTask.defaultConfig,
  WRITING: writingTask.defaultConfig,
});

/** Realistic items per type, valid under `defaultTypeConfig`, with a gold answer where the type supports gold. */
export const exampleItems: Record<TaskType, TaskExample[]> = deepFreeze({
  CLASSIFICATION: classificationTask.examples,
  MULTI_LABEL: multiLabelTask.examples,
  PAIRWISE: pairwiseTask.examples,
  RANKING: rankingTask.examples,
  RATING: ratingTask.examples,
  WRITING: writingTask.examples,
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
