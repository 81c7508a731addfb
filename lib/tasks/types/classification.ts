// CLASSIFICATION: pick one label for a text.
import { z } from 'zod';
import { createNameListSchema, formatList, isRecord, markdownSchema } from '../common';
import type { TaskDefinition } from '../definition';

export const flagReasons = ['broken', 'unsafe'] as const;
export const flagSchema = z.enum(flagReasons);

export const classificationConfigSchema = z.strictObject({
  labels: createNameListSchema('label', 2, 50),
  allowUnsure: z.boolean().default(false),
  allowFlag: z.boolean().default(false),
});
export type ClassificationConfig = z.output<typeof classificationConfigSchema>;

/** Also the MULTI_LABEL payload. Extra requester fields are kept. */
export const textPayloadSchema = z.looseObject({
  text: markdownSchema,
  title: z.string().trim().max(300).optional(),
});
export type TextPayload = z.output<typeof textPayloadSchema>;

export const classificationAnswerSchema = z.strictObject({
  label: z.string().trim().nullable(),
  unsure: z.boolean().optional(),
  flag: flagSchema.optional(),
});
export type ClassificationAnswer = z.output<typeof classificationAnswerSchema>;

export const classificationGoldSchema = z.strictObject({ label: z.string().trim() });
export type ClassificationGold = z.output<typeof classificationGoldSchema>;

export function describeUnknownLabel(label: string, labels: readonly string[]): string {
  return `label "${label}" is not one of: ${formatList(labels)}`;
}

export function createClassificationAnswerSchema(config: ClassificationConfig) {
  return classificationAnswerSchema.superRefine((answer, ctx) => {
    if (answer.unsure && !config.allowUnsure) {
      ctx.addIssue({ code: 'custom', path: ['unsure'], message: '"unsure" is not allowed in this project' });
    }
    if (answer.flag !== undefined && !config.allowFlag) {
      ctx.addIssue({ code: 'custom', path: ['flag'], message: 'flagging items is not allowed in this project' });
    }
    if (answer.label === null) {
      const isUnsure = answer.unsure === true && config.allowUnsure;
      const isFlagged = answer.flag !== undefined && config.allowFlag;
      if (!isUnsure && !isFlagged) {
        const message = `a label is required: one of ${formatList(config.labels)}`;
        ctx.addIssue({ code: 'custom', path: ['label'], message });
      }
    } else if (!config.labels.includes(answer.label)) {
      ctx.addIssue({ code: 'custom', path: ['label'], message: describeUnknownLabel(answer.label, config.labels) });
    }
  });
}

export function createClassificationGoldSchema(config: ClassificationConfig) {
  return classificationGoldSchema.superRefine((gold, ctx) => {
    if (!config.labels.includes(gold.label)) {
      ctx.addIssue({ code: 'custom', path: ['label'], message: describeUnknownLabel(gold.label, config.labels) });
    }
  });
}

export function pickTextPayload(payload: TextPayload): TextPayload {
  return payload.title ? { text: payload.text, title: payload.title } : { text: payload.text };
}

export const classificationTask: TaskDefinition<
  ClassificationConfig,
  TextPayload,
  ClassificationAnswer,
  ClassificationGold
> = {
  label: 'Classification',
  configSchema: classificationConfigSchema,
  payloadSchema: textPayloadSchema,
  defaultConfig: { labels: ['positive', 'neutral', 'negative'], allowUnsure: false, allowFlag: false },
  examples: [
    {
      payload: {
        title: 'App store review',
        text:
          'Updated to 4.2 and now the app crashes every time I open the camera. It worked fine last week. ' +
          'Please fix!',
      },
      goldAnswer: { label: 'negative' },
    },
    {
      payload: {
        title: 'Product review: wireless earbuds',
        text:
          'Set up in under five minutes, the sound is clear and the battery easily lasts my whole commute. ' +
          'Love them.',
      },
      goldAnswer: { label: 'positive' },
    },
    {
      payload: { text: 'Can I change the delivery address after my order has shipped?', source: 'support-inbox' },
      goldAnswer: { label: 'neutral' },
    },
  ],
  createAnswerSchema: createClassificationAnswerSchema,
  createGoldSchema: createClassificationGoldSchema,
  isCorrect: (answer, gold) => answer.label === gold.label,
  toShownPayload: pickTextPayload,
  answerPosition: (shownAnswer) =>
    isRecord(shownAnswer) && typeof shownAnswer.label === 'string' ? shownAnswer.label.trim() : null,
};
