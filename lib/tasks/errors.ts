// Task input errors: zod issues turned into plain sentences a requester or worker can act on.
import { z } from 'zod';
import { AppError } from '@/lib/errors';

export interface TaskInputIssue {
  /** Dotted path inside the parsed value, e.g. 'responses.1'; '' for the value itself. */
  path: string;
  message: string;
}

const MAX_ISSUES_IN_MESSAGE = 5;

/**
 * Invalid task settings, item, answer or gold answer. An `AppError` with code INVALID_INPUT (so route wrappers answer
 * 422 with a safe message); `issues` carry one entry per problem for the batch uploader.
 */
export class TaskInputError extends AppError {
  readonly issues: TaskInputIssue[];

  constructor(subject: string, issues: TaskInputIssue[]) {
    super('INVALID_INPUT', summarizeIssues(subject, issues));
    this.name = 'TaskInputError';
    this.issues = issues;
  }
}

export function isTaskInputError(error: unknown): error is TaskInputError {
  return error instanceof TaskInputError;
}

function summarizeIssues(subject: string, issues: TaskInputIssue[]): string {
  const shown = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => (issue.path ? `${issue.path}: ` : '') + issue.message);
  const more = issues.length - shown.length;
  return `Invalid ${subject}: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}

/** Parses with friendly messages; throws `TaskInputError` naming `subject` ('answer', 'item', ...). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return result.data;
  throw new TaskInputError(subject, toTaskInputIssues(result.error));
}

export function toTaskInputIssues(error: z.ZodError): TaskInputIssue[] {
  // A value of the wrong type can also fail the checks meant for the right type ('x' as a list "too short"):
  // only the type problem is worth showing.
  const wrongTypePaths = new Set(
    error.issues.filter((issue) => issue.code === 'invalid_type').map((issue) => formatPath(issue.path)),
  );
  return error.issues.flatMap((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `unknown field "${key}"` }));
    }
    if (issue.code !== 'invalid_type' && wrongTypePaths.has(path)) return [];
    return [{ path, message: issue.message }];
  });
}

/** Error map for every task schema: sentences without jargon. Messages set on a schema or refinement win. */
export function describeIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${describeExpected(issue.expected)}, not ${describeValue(issue.input)}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `must have ${issue.exact ? 'exactly' : 'at least'} ${countOf(min, 'item')}`;
      }
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const size = sizeOf(issue.input);
      const actual = size === null ? '' : ` (it has ${size})`;
      if (issue.origin === 'string') return `must be at most ${countOf(max, 'character')}${actual}`;
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `must have ${issue.exact ? 'exactly' : 'at most'} ${countOf(max, 'item')}${actual}`;
      }
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${formatValue(issue.values[0])}`
        : `must be one of: ${issue.values.map(formatValue).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
      return 'is not in the expected format';
    case 'invalid_union':
      return 'is not in any of the accepted forms';
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid entry';
    default:
      return 'is not valid';
  }
}

function describeExpected(expected: string): string {
  const names: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    tuple: 'a list',
    object: 'an object with fields',
    record: 'an object with fields',
    null: 'null',
  };
  return names[expected] ?? `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : 'a number';
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function sizeOf(input: unknown): number | null {
  if (typeof input === 'string' || Array.isArray(input)) return input.length;
  return null;
}
