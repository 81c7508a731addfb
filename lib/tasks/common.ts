// Building blocks shared by the task types: markdown text, prompts and conversations, label lists, shown order.
import { z } from 'zod';
import { TaskInputError } from './errors';

export const MAX_MARKDOWN_LENGTH = 50_000;
export const MAX_CONVERSATION_MESSAGES = 50;
export const MAX_LABEL_LENGTH = 100;

/** Requester markdown: kept byte for byte (responses are exported back as given), but never blank. */
export const markdownSchema = z
  .string()
  .max(MAX_MARKDOWN_LENGTH)
  .refine((text) => text.trim() !== '', 'must not be empty');

/** A short requester-written name (label, criterion): trimmed, 1..max characters. */
export function createNameSchema(max = MAX_LABEL_LENGTH) {
  return z.string().trim().min(1).max(max);
}

export const messageRoles = ['system', 'user', 'assistant'] as const;

export const messageSchema = z.looseObject({
  role: z.enum(messageRoles),
  content: markdownSchema,
});
export type Message = { role: (typeof messageRoles)[number]; content: string };

/** The prompt part of a payload: a prompt, a conversation, or both. */
export const promptShape = {
  prompt: markdownSchema.optional(),
  conversation: z.array(messageSchema).min(1).max(MAX_CONVERSATION_MESSAGES).optional(),
};

/** Adds "prompt or conversation required"; runs even when other fields failed, so a file shows every problem. */
export function requirePrompt<S extends z.ZodType<{ prompt?: string; conversation?: unknown[] }>>(schema: S): S {
  return schema.superRefine(
    (value, ctx) => {
      if (value.prompt === undefined && value.conversation === undefined) {
        ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'a prompt or a conversation is required' });
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );
}

export interface PromptPart {
  prompt?: string;
  conversation?: Message[];
}

/** The prompt part as shown to a worker: known fields only, messages without requester metadata. */
export function pickPromptPart(payload: PromptPart): PromptPart {
  const part: PromptPart = {};
  if (payload.prompt !== undefined) part.prompt = payload.prompt;
  if (payload.conversation !== undefined) {
    part.conversation = payload.conversation.map(({ role, content }) => ({ role, content }));
  }
  return part;
}

/** Reports every repeated entry of a list of names; `noun` names them in the message ('label'). */
export function addDuplicateIssues(
  values: readonly string[],
  noun: string,
  ctx: z.RefinementCtx,
  path: PropertyKey[] = [],
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      ctx.addIssue({ code: 'custom', path: [...path, index], message: `${noun} "${value}" is listed twice` });
    }
    seen.add(value);
  });
}

/** A list of unique names (labels, criteria) with the given bounds. */
export function createNameListSchema(noun: string, min: number, max: number) {
  return z
    .array(createNameSchema())
    .min(min)
    .max(max)
    .superRefine((names, ctx) => {
      addDuplicateIssues(names, noun, ctx);
      names.forEach((name, index) => {
        if (name === '__proto__') ctx.addIssue({ code: 'custom', path: [index], message: `"${name}" cannot be used` });
      });
    });
}

export function formatList(values: readonly string[]): string {
  return values.map((value) => (value === '' ? '""' : value)).join(', ');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws unless `order` is a permutation of 0..count-1 (count defaults to its own length). */
export function assertShownOrder(order: unknown, count?: number): asserts order is number[] {
  const issue = describeShownOrderProblem(order, count);
  if (issue) throw new TaskInputError('shown order', [{ path: '', message: issue }]);
}

function describeShownOrderProblem(order: unknown, count: number | undefined): string | null {
  if (!Array.isArray(order)) return 'must be a list of response positions';
  const size = count ?? order.length;
  if (order.length !== size) return `must list all ${size} responses (it lists ${order.length})`;
  const seen = new Set<number>();
  for (const index of order) {
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      return `${JSON.stringify(index)} is not a position 0..${size - 1}`;
    }
    if (seen.has(index)) return `position ${index} appears twice`;
    seen.add(index);
  }
  return null;
}

/** Uniform random permutation of 0..count-1 (Fisher–Yates). `random` returns [0, 1), like Math.random. */
export function createPermutation(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let i = count - 1; i > 0; i -= 1) {
    const draw = random();
    if (!(draw >= 0 && draw < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${draw}`);
    const j = Math.floor(draw * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
