// RANKING: order 2..9 responses best-first; `ranking` is a list of groups of response indices (ties share a group).
import { z } from 'zod';
import { isRecord, markdownSchema, pickPromptPart, promptShape, requirePrompt } from '../common';
import type { TaskDefinition } from '../definition';
import { TaskInputError } from '../errors';

export const MIN_RANKED_RESPONSES = 2;
export const MAX_RANKED_RESPONSES = 9;

export const rankingConfigSchema = z.strictObject({ allowTies: z.boolean().default(false) });
export type RankingConfig = z.output<typeof rankingConfigSchema>;

export const rankingPayloadSchema = requirePrompt(
  z.looseObject({
    ...promptShape,
    responses: z.array(markdownSchema).min(MIN_RANKED_RESPONSES).max(MAX_RANKED_RESPONSES),
  }),
);
export type RankingPayload = z.output<typeof rankingPayloadSchema>;

const rankingListSchema = z.array(z.array(z.int()));

export const rankingAnswerSchema = z.strictObject({
  ranking: rankingListSchema,
  notRankable: z.boolean().optional(),
});
export type RankingAnswer = z.output<typeof rankingAnswerSchema>;

export const rankingGoldSchema = z.strictObject({ ranking: rankingListSchema });
export type RankingGold = z.output<typeof rankingGoldSchema>;

/** Checks that `ranking` is a partition of 0..count-1 (best first), with ties only when allowed. */
function checkRanking(ranking: number[][], count: number, allowTies: boolean, ctx: z.RefinementCtx): void {
  const seen = new Set<number>();
  ranking.forEach((group, groupIndex) => {
    const path = ['ranking', groupIndex];
    if (group.length === 0) ctx.addIssue({ code: 'custom', path, message: 'a place in the ranking cannot be empty' });
    if (group.length > 1 && !allowTies) {
      ctx.addIssue({ code: 'custom', path, message: 'ties are not allowed in this project: one response per place' });
    }
    group.forEach((index, position) => {
      if (index < 0 || index >= count) {
        const message = `there is no response ${index} (the ${count} responses are numbered 0 to ${count - 1})`;
        ctx.addIssue({ code: 'custom', path: [...path, position], message });
      } else if (seen.has(index)) {
        const message = `response ${index} is ranked more than once`;
        ctx.addIssue({ code: 'custom', path: [...path, position], message });
      }
      seen.add(index);
    });
  });
  const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !seen.has(index));
  if (missing.length === 1) {
    ctx.addIssue({ code: 'custom', path: ['ranking'], message: `response ${missing[0]} is missing from the ranking` });
  } else if (missing.length > 1) {
    const message = `responses ${missing.join(', ')} are missing from the ranking`;
    ctx.addIssue({ code: 'custom', path: ['ranking'], message });
  }
}

/** Canonical storage: indices inside a tie group in ascending order. */
function sortGroups(ranking: number[][]): number[][] {
  return ranking.map((group) => [...group].sort((a, b) => a - b));
}

export function createRankingAnswerSchema(config: RankingConfig, payload: RankingPayload) {
  return rankingAnswerSchema
    .superRefine((answer, ctx) => {
      if (answer.notRankable === true && answer.ranking.length === 0) return;
      checkRanking(answer.ranking, payload.responses.length, config.allowTies, ctx);
    })
    .transform((answer): RankingAnswer => ({ ...answer, ranking: sortGroups(answer.ranking) }));
}

export function createRankingGoldSchema(config: RankingConfig, payload: RankingPayload) {
  return rankingGoldSchema
    .superRefine((gold, ctx) => checkRanking(gold.ranking, payload.responses.length, config.allowTies, ctx))
    .transform((gold): RankingGold => ({ ranking: sortGroups(gold.ranking) }));
}

function isSameRanking(a: number[][], b: number[][]): boolean {
  return a.length === b.length && a.every((group, index) => group.join(',') === b[index].join(','));
}

function toCanonicalRankingAnswer(shownAnswer: unknown, order: number[]): unknown {
  if (order.length < MIN_RANKED_RESPONSES || order.length > MAX_RANKED_RESPONSES) {
    const message = `must list ${MIN_RANKED_RESPONSES} to ${MAX_RANKED_RESPONSES} responses (it lists ${order.length})`;
    throw new TaskInputError('shown order', [{ path: '', message }]);
  }
  if (!isRecord(shownAnswer) || !Array.isArray(shownAnswer.ranking)) return shownAnswer;
  const isShownIndex = (value: unknown): value is number =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < order.length;
  const ranking = shownAnswer.ranking.map((group: unknown) => {
    if (!Array.isArray(group)) return group;
    const mapped = group.map((value: unknown) => (isShownIndex(value) ? order[value] : value));
    return mapped.every(isShownIndex) ? mapped.sort((a, b) => a - b) : mapped;
  });
  return { ...shownAnswer, ranking };
}

function describeTopPosition(shownAnswer: unknown): string | null {
  if (!isRecord(shownAnswer) || !Array.isArray(shownAnswer.ranking)) return null;
  const top: unknown = shownAnswer.ranking[0];
  if (!Array.isArray(top) || top.length === 0) return null;
  if (!top.every((value): value is number => typeof value === 'number' && Number.isInteger(value))) return null;
  return [...top].sort((a, b) => a - b).join(',');
}

export const rankingTask: TaskDefinition<RankingConfig, RankingPayload, RankingAnswer, RankingGold> = {
  label: 'Rank answers',
  configSchema: rankingConfigSchema,
  payloadSchema: rankingPayloadSchema,
  defaultConfig: { allowTies: false },
  examples: [
    {
      payload: {
        prompt: 'Explain what a mortgage is to a 12-year-old, in two sentences.',
        responses: [
          'A mortgage is a big loan from a bank that people use to buy a house. They pay it back a little ' +
            'every month for many years, and if they stop paying, the bank can take the house.',
          'A mortgage is a loan secured by real property, amortized over a fixed term with principal and interest.',
          'A mortgage is when you rent a house from the government.',
        ],
      },
      goldAnswer: { ranking: [[0], [1], [2]] },
    },
    {
      payload: {
        prompt: 'Translate into Spanish: "Where is the train station?"',
        responses: [
          'Where is the train station? = estación',
          '¿Dónde está la estación de tren?',
          'Donde es la estación de tren',
          '¿Dónde está la estación de tren? (In Spain you may also hear "la estación de ferrocarril".)',
        ],
        source: 'travel-phrases-v2',
      },
    },
    {
      payload: {
        conversation: [{ role: 'user', content: 'Give me one tip to fall asleep faster.' }],
        responses: [
          'Keep the same wake-up time every day, even on weekends; a steady schedule makes you sleepy at ' +
            'the same time.',
          'Drink a large coffee right before bed so you are tired later.',
        ],
      },
      goldAnswer: { ranking: [[0], [1]] },
    },
  ],
  createAnswerSchema: createRankingAnswerSchema,
  createGoldSchema: createRankingGoldSchema,
  isCorrect: (answer, gold) => isSameRanking(answer.ranking, gold.ranking),
  toShownPayload: (payload, order) => ({
    ...pickPromptPart(payload),
    responses: order ? order.map((index) => payload.responses[index]) : [...payload.responses],
  }),
  countShuffled: (payload) => payload.responses.length,
  toCanonicalAnswer: toCanonicalRankingAnswer,
  answerPosition: describeTopPosition,
};
