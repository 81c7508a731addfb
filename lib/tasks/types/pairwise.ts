// PAIRWISE: compare two responses to the same prompt ('A' = responses[0] in canonical terms).
import { z } from 'zod';
import {
  assertShownOrder,
  createNameListSchema,
  formatList,
  isRecord,
  markdownSchema,
  pickPromptPart,
  promptShape,
  requirePrompt,
} from '../common';
import type { TaskDefinition } from '../definition';

export const MAX_RATIONALE_LENGTH = 2000;
export const MIN_REQUIRED_RATIONALE_LENGTH = 10;

export const pairwiseConfigSchema = z.strictObject({
  criteria: createNameListSchema('criterion', 0, 6).default([]),
  allowTie: z.boolean().default(true),
  allowBothBad: z.boolean().default(true),
  askStrength: z.boolean().default(false),
  rationale: z.enum(['off', 'optional', 'required']).default('off'),
});
export type PairwiseConfig = z.output<typeof pairwiseConfigSchema>;

export const pairwisePayloadSchema = requirePrompt(
  z.looseObject({
    ...promptShape,
    responses: z.tuple([markdownSchema, markdownSchema], {
      error: (issue) =>
        issue.code === 'too_small' || issue.code === 'too_big' ? 'must have exactly 2 responses' : undefined,
    }),
  }),
);
export type PairwisePayload = z.output<typeof pairwisePayloadSchema>;

const sideSchema = z.enum(['A', 'B', 'tie']);

export const pairwiseAnswerSchema = z.strictObject({
  choice: z.enum(['A', 'B', 'tie', 'both_bad']),
  strength: z.enum(['slightly', 'much']).optional(),
  criteria: z.record(z.string(), sideSchema).optional(),
  rationale: z.string().trim().max(MAX_RATIONALE_LENGTH).optional(),
});
export type PairwiseAnswer = z.output<typeof pairwiseAnswerSchema>;

export const pairwiseGoldSchema = z.strictObject({ choice: sideSchema });
export type PairwiseGold = z.output<typeof pairwiseGoldSchema>;

type Issue = { path: PropertyKey[]; message: string };

function checkCriteria(config: PairwiseConfig, criteria: PairwiseAnswer['criteria']): Issue[] {
  const expected = config.criteria;
  const given = criteria ?? {};
  const issues: Issue[] = [];
  if (expected.length === 0) {
    if (Object.keys(given).length > 0) issues.push({ path: ['criteria'], message: 'this project has no criteria' });
    return issues;
  }
  if (criteria === undefined) {
    return [{ path: ['criteria'], message: `pick A, B or tie for each criterion: ${formatList(expected)}` }];
  }
  for (const name of expected) {
    if (!Object.hasOwn(given, name)) {
      issues.push({ path: ['criteria', name], message: `pick A, B or tie for "${name}"` });
    }
  }
  for (const name of Object.keys(given)) {
    if (!expected.includes(name)) {
      const message = `"${name}" is not one of the criteria: ${formatList(expected)}`;
      issues.push({ path: ['criteria', name], message });
    }
  }
  return issues;
}

function checkAnswer(config: PairwiseConfig, answer: PairwiseAnswer): Issue[] {
  const issues: Issue[] = [];
  if (answer.choice === 'tie' && !config.allowTie) {
    issues.push({ path: ['choice'], message: 'a tie is not allowed in this project' });
  }
  if (answer.choice === 'both_bad' && !config.allowBothBad) {
    issues.push({ path: ['choice'], message: '"both bad" is not allowed in this project' });
  }
  if (answer.strength !== undefined) {
    if (!config.askStrength) {
      issues.push({ path: ['strength'], message: 'this project does not ask how strong the preference is' });
    } else if (answer.choice !== 'A' && answer.choice !== 'B') {
      issues.push({ path: ['strength'], message: 'a strength only goes with choice A or B' });
    }
  }
  issues.push(...checkCriteria(config, answer.criteria));
  const rationale = answer.rationale ?? '';
  if (config.rationale === 'off' && rationale !== '') {
    issues.push({ path: ['rationale'], message: 'this project does not ask for a reason' });
  }
  if (config.rationale === 'required' && rationale.length < MIN_REQUIRED_RATIONALE_LENGTH) {
    const message = `a reason of at least ${MIN_REQUIRED_RATIONALE_LENGTH} characters is required`;
    issues.push({ path: ['rationale'], message });
  }
  return issues;
}

export function createPairwiseAnswerSchema(config: PairwiseConfig) {
  return pairwiseAnswerSchema
    .superRefine((answer, ctx) => {
      for (const issue of checkAnswer(config, answer)) ctx.addIssue({ code: 'custom', ...issue });
    })
    .transform((answer): PairwiseAnswer => {
      // Canonical storage: no empty reason, no empty criteria object in a project without criteria.
      const { rationale, criteria, ...rest } = answer;
      return {
        ...rest,
        ...(config.criteria.length > 0 && { criteria }),
        ...(rationale !== undefined && rationale !== '' && { rationale }),
      };
    });
}

export function createPairwiseGoldSchema(config: PairwiseConfig) {
  return pairwiseGoldSchema.superRefine((gold, ctx) => {
    if (gold.choice === 'tie' && !config.allowTie) {
      ctx.addIssue({ code: 'custom', path: ['choice'], message: 'a tie is not allowed in this project' });
    }
  });
}

const sides = ['A', 'B'] as const;

/** Shown 'A'/'B' → canonical letter through the order ('A' shown = responses[order[0]]); other values unchanged. */
function toCanonicalSide(value: unknown, order: number[]): unknown {
  const index = value === 'A' ? 0 : value === 'B' ? 1 : -1;
  return index === -1 ? value : sides[order[index]];
}

function toCanonicalPairwiseAnswer(shownAnswer: unknown, order: number[]): unknown {
  assertShownOrder(order, 2);
  if (!isRecord(shownAnswer)) return shownAnswer;
  const answer: Record<string, unknown> = { ...shownAnswer };
  if ('choice' in answer) answer.choice = toCanonicalSide(answer.choice, order);
  if (isRecord(answer.criteria)) {
    answer.criteria = Object.fromEntries(
      Object.entries(answer.criteria).map(([name, value]) => [name, toCanonicalSide(value, order)]),
    );
  }
  return answer;
}

const positions: Record<string, string> = { A: 'first', B: 'second', tie: 'tie', both_bad: 'both_bad' };

export const pairwiseTask: TaskDefinition<PairwiseConfig, PairwisePayload, PairwiseAnswer, PairwiseGold> = {
  label: 'Compare two answers',
  configSchema: pairwiseConfigSchema,
  payloadSchema: pairwisePayloadSchema,
  defaultConfig: { criteria: [], allowTie: true, allowBothBad: true, askStrength: false, rationale: 'off' },
  examples: [
    {
      payload: {
        prompt: 'How many tablespoons are in a quarter cup?',
        responses: [
          'A quarter cup is **4 tablespoons** (a full cup is 16 tablespoons).',
          'A quarter cup is 6 tablespoons, so half a cup is 12.',
        ],
      },
      goldAnswer: { choice: 'A' },
    },
    {
      payload: {
        conversation: [
          { role: 'system', content: 'You are the support assistant of a bike shop.' },
          { role: 'user', content: 'My chain keeps slipping when I pedal hard uphill. What should I check?' },
        ],
        responses: [
          'Bikes can have lots of problems. You should probably bring it to a shop.',
          [
            'A chain that slips under load usually means one of three things:',
            '',
            '1. **A worn chain or cassette.** Check the chain with a wear gauge; replace it at 0.5–0.75% stretch.',
            '2. **Gears out of adjustment.** Turn the rear derailleur barrel adjuster a quarter turn at a time.',
            '3. **A stiff link.** Pedal backwards slowly and watch for a link that jumps at the derailleur.',
          ].join('\n'),
        ],
        models: ['baseline-7b', 'candidate-7b-dpo'],
      },
      goldAnswer: { choice: 'B' },
    },
    {
      payload: {
        prompt: 'Write a two-line poem about autumn rain.',
        responses: [
          'Soft rain on amber leaves,\nthe year exhales and slowly grieves.',
          'The gutters hum a copper tune,\nwet maples blazing under the moon.',
        ],
      },
    },
  ],
  createAnswerSchema: createPairwiseAnswerSchema,
  createGoldSchema: createPairwiseGoldSchema,
  isCorrect: (answer, gold) => answer.choice === gold.choice,
  toShownPayload: (payload, order) => {
    const [first, second] = order ?? [0, 1];
    const responses: [string, string] = [payload.responses[first], payload.responses[second]];
    return { ...pickPromptPart(payload), responses };
  },
  countShuffled: () => 2,
  toCanonicalAnswer: toCanonicalPairwiseAnswer,
  answerPosition: (shownAnswer) =>
    isRecord(shownAnswer) && typeof shownAnswer.choice === 'string' && Object.hasOwn(positions, shownAnswer.choice)
      ? positions[shownAnswer.choice]
      : null,
};
