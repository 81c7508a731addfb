// The shape every task type module fills in; `index.ts` dispatches on TaskType to one of these.
import type { z } from 'zod';
import type { TaskInputIssue } from './errors';

export interface TaskExample {
  payload: unknown;
  goldAnswer?: unknown;
}

/** Methods (not function properties) so a definition widens to `TaskDefinition<unknown, ...>` for dispatch. */
export interface TaskDefinition<Config, Payload, Answer, Gold> {
  label: string;
  configSchema: z.ZodType<Config>;
  payloadSchema: z.ZodType<Payload>;
  /** A complete, valid config (every default spelled out). */
  defaultConfig: Config;
  examples: TaskExample[];
  /** Rules that need both the project config and the item (e.g. a rewrite task needs a draft). */
  checkPayload?(config: Config, payload: Payload): TaskInputIssue[];
  createAnswerSchema(config: Config, payload: Payload): z.ZodType<Answer>;
  /** Absent when the type has no gold answers. */
  createGoldSchema?(config: Config, payload: Payload): z.ZodType<Gold>;
  isCorrect?(answer: Answer, gold: Gold): boolean;
  /** The payload's own fields only (requester metadata dropped), responses in shown order when `order` is given. */
  toShownPayload(payload: Payload, order: number[] | null): Payload;
  /** Number of responses whose display order is randomized; absent for types without responses to shuffle. */
  countShuffled?(payload: Payload): number;
  /** Maps an answer given in shown terms to canonical terms; `order` is already checked. Must not mutate. */
  toCanonicalAnswer?(shownAnswer: unknown, order: number[]): unknown;
  answerPosition(shownAnswer: unknown): string | null;
}
