import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseOrThrow, TaskInputError } from './errors';
import { catchTaskInputError, issuesOf } from './test-helpers';

const schema = z.strictObject({
  name: z.string().trim().min(1).max(5),
  count: z.int().min(1),
  tags: z.array(z.string()).min(2).max(3),
  kind: z.enum(['a', 'b']),
  nested: z.strictObject({ flag: z.boolean() }).optional(),
});

describe('task input errors', () => {
  it('is an AppError with code INVALID_INPUT and a readable summary', () => {
    const input = { name: '', count: 1, tags: ['x', 'y'], kind: 'a' };
    const error = catchTaskInputError(() => parseOrThrow(schema, input, 'answer'));
    expect(error).toBeInstanceOf(TaskInputError);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.httpStatus).toBe(422);
    expect(error.name).toBe('TaskInputError');
    expect(error.message).toBe('Invalid answer: name: must not be empty');
  });

  it('turns zod issues into plain sentences with dotted paths', () => {
    const input = { name: 'abcdefg', count: 1.5, tags: ['x'], kind: 'c', nested: { flag: 'yes' }, extra: 1 };
    const issues = issuesOf(() => parseOrThrow(schema, input, 'item'));
    expect(issues).toEqual([
      { path: 'name', message: 'must be at most 5 characters (it has 7)' },
      { path: 'count', message: 'must be a whole number, not the number 1.5' },
      { path: 'tags', message: 'must have at least 2 items' },
      { path: 'kind', message: 'must be one of: a, b' },
      { path: 'nested.flag', message: 'must be true or false, not text' },
      { path: 'extra', message: 'unknown field "extra"' },
    ]);
  });

  it('says a missing field is required and names the wrong type', () => {
    expect(issuesOf(() => parseOrThrow(schema, { name: 'a', tags: 'x', kind: 'a' }, 'item'))).toEqual([
      { path: 'count', message: 'is required' },
      { path: 'tags', message: 'must be a list, not text' },
    ]);
    expect(issuesOf(() => parseOrThrow(schema, null, 'item'))).toEqual([
      { path: '', message: 'must be an object with fields, not null' },
    ]);
  });

  it('lists at most five issues in the message', () => {
    const error = new TaskInputError(
      'item',
      Array.from({ length: 7 }, (_, index) => ({ path: `responses.${index}`, message: 'must not be empty' })),
    );
    expect(error.message).toMatch(/^Invalid item: responses\.0: must not be empty;.*responses\.4: [^;]+; and 2 more$/);
    expect(error.issues).toHaveLength(7);
  });
});
