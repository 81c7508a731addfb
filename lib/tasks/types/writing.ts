// WRITING: write a response to a prompt, or rewrite a given draft. No gold answers.
import { z } from 'zod';
import { MAX_MARKDOWN_LENGTH, markdownSchema, pickPromptPart, promptShape, requirePrompt } from '../common';
import type { TaskDefinition } from '../definition';

export const MAX_WRITING_LENGTH = 20_000;

export const writingConfigSchema = z
  .strictObject({
    mode: z.enum(['write', 'rewrite']).default('write'),
    minLength: z.int().min(1).default(20),
    maxLength: z.int().min(1).max(MAX_WRITING_LENGTH).default(4_000),
    guidelines: z.string().trim().max(MAX_MARKDOWN_LENGTH).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.minLength > config.maxLength) {
      const message = `cannot be more than maxLength (${config.maxLength})`;
      ctx.addIssue({ code: 'custom', path: ['minLength'], message });
    }
  });
export type WritingConfig = z.output<typeof writingConfigSchema>;

export const writingPayloadSchema = requirePrompt(z.looseObject({ ...promptShape, draft: markdownSchema.optional() }));
export type WritingPayload = z.output<typeof writingPayloadSchema>;

export const writingAnswerSchema = z.strictObject({ text: z.string().trim() });
export type WritingAnswer = z.output<typeof writingAnswerSchema>;

/** Lengths count UTF-16 code units (`string.length`), like a textarea's `maxlength`. */
export function createWritingAnswerSchema(config: WritingConfig) {
  return writingAnswerSchema.superRefine(({ text }, ctx) => {
    if (text.length < config.minLength) {
      const message =
        text === ''
          ? 'must not be empty'
          : `is too short: ${text.length} characters, at least ${config.minLength} needed`;
      ctx.addIssue({ code: 'custom', path: ['text'], message });
    } else if (text.length > config.maxLength) {
      const message = `is too long: ${text.length} characters, at most ${config.maxLength} allowed`;
      ctx.addIssue({ code: 'custom', path: ['text'], message });
    }
  });
}

export const writingTask: TaskDefinition<WritingConfig, WritingPayload, WritingAnswer, never> = {
  label: 'Write or rewrite',
  configSchema: writingConfigSchema,
  payloadSchema: writingPayloadSchema,
  defaultConfig: { mode: 'write', minLength: 20, maxLength: 4_000 },
  examples: [
    {
      payload: {
        prompt:
          'A customer writes: "My blender arrived with a cracked jug." Write a friendly two-sentence reply that ' +
          'apologizes and offers a free replacement.',
      },
    },
    {
      payload: {
        conversation: [
          { role: 'user', content: 'What is the difference between a Roth IRA and a traditional IRA, in plain words?' },
        ],
        topic: 'personal-finance',
      },
    },
  ],
  checkPayload: (config, payload) =>
    config.mode === 'rewrite' && payload.draft === undefined
      ? [{ path: 'draft', message: 'a draft to rewrite is required: this project is in rewrite mode' }]
      : [],
  createAnswerSchema: createWritingAnswerSchema,
  toShownPayload: (payload) => ({
    ...pickPromptPart(payload),
    ...(payload.draft !== undefined && { draft: payload.draft }),
  }),
  answerPosition: () => null,
};
