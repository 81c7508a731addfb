// MULTI_LABEL: pick every label that applies to a text.
import { z } from 'zod';
import { addDuplicateIssues, createNameListSchema, isRecord } from '../common';
import type { TaskDefinition } from '../definition';
import {
  describeUnknownLabel,
  flagSchema,
  pickTextPayload,
  textPayloadSchema,
  type TextPayload,
} from './classification';

export const multiLabelConfigSchema = z
  .strictObject({
    labels: createNameListSchema('label', 2, 50),
    minSelected: z.int().min(0).default(0),
    maxSelected: z.int().min(1).optional(),
    allowFlag: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    if (config.minSelected > config.labels.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['minSelected'],
        message: `cannot be more than the number of labels (${config.labels.length})`,
      });
    }
    if (config.maxSelected !== undefined && config.maxSelected < config.minSelected) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxSelected'],
        message: `cannot be less than minSelected (${config.minSelected})`,
      });
    }
  });
export type MultiLabelConfig = z.output<typeof multiLabelConfigSchema>;

const selectedLabelsSchema = z.array(z.string().trim());

export const multiLabelAnswerSchema = z.strictObject({
  labels: selectedLabelsSchema,
  flag: flagSchema.optional(),
});
export type MultiLabelAnswer = z.output<typeof multiLabelAnswerSchema>;

export const multiLabelGoldSchema = z.strictObject({ labels: selectedLabelsSchema });
export type MultiLabelGold = z.output<typeof multiLabelGoldSchema>;

function plural(count: number): string {
  return `${count} label${count === 1 ? '' : 's'}`;
}

/** Unique known labels, `min..max` of them. A flagged answer may select fewer than the minimum (even none). */
function checkSelection(labels: string[], config: MultiLabelConfig, isFlagged: boolean, ctx: z.RefinementCtx): void {
  addDuplicateIssues(labels, 'label', ctx, ['labels']);
  labels.forEach((label, index) => {
    if (!config.labels.includes(label)) {
      ctx.addIssue({ code: 'custom', path: ['labels', index], message: describeUnknownLabel(label, config.labels) });
    }
  });
  const count = new Set(labels).size;
  if (count < config.minSelected && !isFlagged) {
    ctx.addIssue({ code: 'custom', path: ['labels'], message: `select at least ${plural(config.minSelected)}` });
  }
  if (config.maxSelected !== undefined && count > config.maxSelected) {
    ctx.addIssue({ code: 'custom', path: ['labels'], message: `select at most ${plural(config.maxSelected)}` });
  }
}

export function createMultiLabelAnswerSchema(config: MultiLabelConfig) {
  return multiLabelAnswerSchema.superRefine((answer, ctx) => {
    if (answer.flag !== undefined && !config.allowFlag) {
      ctx.addIssue({ code: 'custom', path: ['flag'], message: 'flagging items is not allowed in this project' });
    }
    checkSelection(answer.labels, config, answer.flag !== undefined && config.allowFlag, ctx);
  });
}

export function createMultiLabelGoldSchema(config: MultiLabelConfig) {
  return multiLabelGoldSchema.superRefine((gold, ctx) => checkSelection(gold.labels, config, false, ctx));
}

function isSameSet(a: readonly string[], b: readonly string[]): boolean {
  const setA = new Set(a);
  const setB = new Set(b);
  return setA.size === setB.size && [...setA].every((value) => setB.has(value));
}

export const multiLabelTask: TaskDefinition<MultiLabelConfig, TextPayload, MultiLabelAnswer, MultiLabelGold> = {
  label: 'Tag all that apply',
  configSchema: multiLabelConfigSchema,
  payloadSchema: textPayloadSchema,
  defaultConfig: {
    labels: ['made-up facts', 'unsafe advice', 'ignores the question', 'rude tone', 'too long'],
    minSelected: 0,
    allowFlag: false,
  },
  examples: [
    {
      payload: {
        title: 'Chatbot answer to: "How do I reset my router?"',
        text: "Just unplug it and plug it back in. Honestly, this is in the manual, which you obviously didn't read.",
      },
      goldAnswer: { labels: ['rude tone'] },
    },
    {
      payload: {
        title: 'Chatbot answer to: "How tall is the Eiffel Tower?"',
        text: 'The Eiffel Tower is about 330 metres (1,083 ft) tall including its antennas. It was completed in 1889.',
      },
      goldAnswer: { labels: [] },
    },
    {
      payload: {
        title: 'Chatbot answer to: "Can my 6-year-old take aspirin for a fever?"',
        text:
          'Yes, aspirin is the best choice for children. Give a full adult tablet every two hours until ' +
          'the fever breaks.',
        model: 'support-bot-v3',
      },
    },
  ],
  createAnswerSchema: createMultiLabelAnswerSchema,
  createGoldSchema: createMultiLabelGoldSchema,
  isCorrect: (answer, gold) => isSameSet(answer.labels, gold.labels),
  toShownPayload: pickTextPayload,
  answerPosition: (shownAnswer) => {
    if (!isRecord(shownAnswer) || !Array.isArray(shownAnswer.labels)) return null;
    const labels = shownAnswer.labels.filter((label): label is string => typeof label === 'string');
    return labels.length === 0 ? null : [...new Set(labels.map((label) => label.trim()))].sort().join(', ');
  },
};
