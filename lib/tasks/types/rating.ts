// RATING: score one response on a 1..scale scale, once per criterion.
import { z } from 'zod';
import {
  createNameListSchema,
  formatList,
  markdownSchema,
  pickPromptPart,
  promptShape,
  requirePrompt,
} from '../common';
import type { TaskDefinition } from '../definition';

export const ratingConfigSchema = z.strictObject({
  scale: z.literal([5, 7]).default(5),
  criteria: createNameListSchema('criterion', 1, 10).default(['overall']),
  lowLabel: z.string().trim().max(100).optional(),
  highLabel: z.string().trim().max(100).optional(),
});
export type RatingConfig = z.output<typeof ratingConfigSchema>;

export const ratingPayloadSchema = requirePrompt(z.looseObject({ ...promptShape, response: markdownSchema }));
export type RatingPayload = z.output<typeof ratingPayloadSchema>;

const scoresSchema = z.record(z.string(), z.number());

export const ratingAnswerSchema = z.strictObject({ scores: scoresSchema });
export type RatingAnswer = z.output<typeof ratingAnswerSchema>;

export const ratingGoldSchema = z.strictObject({ scores: scoresSchema });
export type RatingGold = z.output<typeof ratingGoldSchema>;

/** One whole-number score 1..scale for every criterion, and nothing else. */
function createScoresSchema(config: RatingConfig) {
  return z.strictObject({ scores: scoresSchema }).superRefine(({ scores }, ctx) => {
    for (const name of config.criteria) {
      const score = Object.hasOwn(scores, name) ? scores[name] : undefined;
      if (score === undefined) {
        ctx.addIssue({ code: 'custom', path: ['scores', name], message: `a score for "${name}" is required` });
      } else if (!Number.isInteger(score) || score < 1 || score > config.scale) {
        const message = `must be a whole number from 1 to ${config.scale}`;
        ctx.addIssue({ code: 'custom', path: ['scores', name], message });
      }
    }
    for (const name of Object.keys(scores)) {
      if (!config.criteria.includes(name)) {
        const message = `"${name}" is not one of the criteria: ${formatList(config.criteria)}`;
        ctx.addIssue({ code: 'custom', path: ['scores', name], message });
      }
    }
  });
}

export const GOLD_SCORE_TOLERANCE = 1;

export const ratingTask: TaskDefinition<RatingConfig, RatingPayload, RatingAnswer, RatingGold> = {
  label: 'Rate an answer',
  configSchema: ratingConfigSchema,
  payloadSchema: ratingPayloadSchema,
  defaultConfig: { scale: 5, criteria: ['overall'] },
  examples: [
    {
      payload: {
        prompt: "What's the best way to keep fresh basil from wilting?",
        response:
          'Trim the stems and stand the basil in a glass of water at room temperature, loosely covered with a bag. ' +
          "Don't put it in the fridge: the cold turns the leaves black.",
      },
      goldAnswer: { scores: { overall: 5 } },
    },
    {
      payload: {
        prompt: 'Summarize the plot of Romeo and Juliet in one sentence.',
        response: 'Romeo and Juliet is a comedy by Charles Dickens about two friends who open a bakery in London.',
      },
      goldAnswer: { scores: { overall: 1 } },
    },
    {
      payload: {
        conversation: [
          { role: 'user', content: 'I have a job interview tomorrow and I am really nervous.' },
          { role: 'assistant', content: 'That is completely normal. What kind of role is it for?' },
          { role: 'user', content: 'A junior accountant position at a small firm.' },
        ],
        response:
          'Nice! Small firms often care about reliability and how you work with clients. Prepare one short story ' +
          'about a time you caught a mistake in numbers, and get a good night of sleep. You have got this.',
        promptId: 'interview-coach-0142',
      },
    },
  ],
  createAnswerSchema: createScoresSchema,
  createGoldSchema: createScoresSchema,
  isCorrect: (answer, gold) =>
    Object.entries(gold.scores).every(([name, score]) => {
      const given = Object.hasOwn(answer.scores, name) ? answer.scores[name] : undefined;
      return given !== undefined && Math.abs(given - score) <= GOLD_SCORE_TOLERANCE;
    }),
  toShownPayload: (payload) => ({ ...pickPromptPart(payload), response: payload.response }),
  answerPosition: () => null,
};
