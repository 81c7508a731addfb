import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue } from './issue-messages';

const messagesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => describeIssue(issue, { label: issue.path.join('.') || 'The body' }));
};

describe('issue messages', () => {
  const schema = z.object({
    rewardSats: z.int().min(1).max(1000),
    title: z.string().min(1),
    share: z.number().lt(1),
    kind: z.enum(['a', 'b']),
    id: z.uuid(),
    tags: z.array(z.string()).max(1),
    note: z.string().refine((text) => text.trim() !== '', 'must not be empty'),
    strict: z.strictObject({ x: z.boolean() }),
  });

  it('names the field and says what is allowed instead of zod’s wording', () => {
    const messages = messagesOf(schema, { rewardSats: 0, title: '', share: 1, kind: 'c', id: 'x', tags: ['a', 'b'], note: ' ', strict: { x: 'yes', y: 1 } });
    expect(messages).toEqual([
      'rewardSats must be at least 1.',
      'title cannot be empty.',
      'share must be less than 1.',
      'kind must be one of: a, b.',
      'id must be a UUID.',
      'tags can have at most 1 entry.',
      'note must not be empty',
      'strict.x must be true or false.',
      'strict has unknown field: y.',
    ]);
    for (const message of messages) expect(message).not.toMatch(/Too small|Too big|Invalid input|expected/);
  });

  it('says what is missing, and what a whole number is', () => {
    expect(messagesOf(schema.pick({ rewardSats: true, title: true }), { rewardSats: 2.5 })).toEqual(['rewardSats must be a whole number.', 'title is missing.']);
    expect(messagesOf(schema, 'text')).toEqual(['The body must be an object.']);
  });

  it('keeps hand-written sentences as they are', () => {
    expect(messagesOf(z.string().min(3, 'Give it a name.'), 'x')).toEqual(['Give it a name.']);
  });
});
