// zod's built-in issue texts ("Too small: expected number to be >=1") rewritten for people, about a named field.
// Isomorphic: the project form (lib/projects/field-messages.ts, in the form's units) and the team API's 422
// answers (lib/api/problem.ts, field paths as sent) both phrase issues here.
import type { z } from 'zod';

export type IssueSubject = {
  /** Starts the sentence: "The reward", "rewardSats". */
  label: string;
  /** Shows a bound of a number field ("1 sats", "50 %"); plain digits by default. */
  amount?: (value: number | bigint) => string;
  /** Unit named in "must be a whole number of <unit>" / "must be a number (<unit>)". */
  unit?: string;
};

/** zod marks none of its own texts apart from hand-written ones; these are the openings of its English locale. */
export const isBuiltInMessage = (message: string) => /^(Too small|Too big|Invalid |Unrecognized key)/.test(message);

const typeNames: Record<string, string> = {
  string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'an object', array: 'a list', bigint: 'a whole number',
};
const formatNames: Record<string, string> = {
  uuid: 'a UUID', email: 'an email address', url: 'a URL', datetime: 'an ISO 8601 date-time (2026-01-31T12:00:00Z)', date: 'a date (2026-01-31)',
};
const listed = (values: readonly unknown[]) => values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');
const entries = (count: number | bigint) => `${count} ${Number(count) === 1 ? 'entry' : 'entries'}`;

function describeSize(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, subject: IssueSubject): string {
  const { label } = subject;
  const amount = subject.amount ?? String;
  if (issue.code === 'too_small') {
    const min = issue.minimum;
    if (issue.origin === 'string') return Number(min) <= 1 ? `${label} cannot be empty.` : `${label} needs at least ${min} characters.`;
    if (issue.origin === 'array' || issue.origin === 'set') return `${label} needs at least ${entries(min)}.`;
    return issue.inclusive === false ? `${label} must be more than ${amount(min)}.` : `${label} must be at least ${amount(min)}.`;
  }
  const max = issue.maximum;
  if (issue.origin === 'string') return `${label} can be at most ${Number(max).toLocaleString('en-US')} characters.`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${label} can have at most ${entries(max)}.`;
  return issue.inclusive === false ? `${label} must be less than ${amount(max)}.` : `${label} can be at most ${amount(max)}.`;
}

/** Hand-written sentences stay; a fragment ("must not be empty", "label "x" is listed twice") gets the label. */
function withLabel(message: string, label: string): string {
  if (!/^[a-z]/.test(message)) return message;
  return /^(must|cannot|can|is|are|needs|has|have)\b/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

/** A sentence about one issue, naming the field by `subject.label`. */
export function describeIssue(issue: z.core.$ZodIssue, subject: IssueSubject): string {
  const { label } = subject;
  if (issue.code === 'custom' || !isBuiltInMessage(issue.message)) return withLabel(issue.message, label);
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return describeSize(issue, subject);
    case 'invalid_type':
      if (issue.expected === 'int') return `${label} must be a whole number${subject.unit ? ` of ${subject.unit}` : ''}.`;
      if (/received undefined$/.test(issue.message)) return `${label} is missing.`;
      if (issue.expected === 'number') return `${label} must be a number${subject.unit ? ` (${subject.unit})` : ''}.`;
      return `${label} must be ${typeNames[issue.expected] ?? issue.expected}.`;
    case 'invalid_value':
      return `${label} must be one of: ${listed(issue.values)}.`;
    case 'invalid_format':
      return issue.format === 'regex' ? `${label} does not have the expected format.` : `${label} must be ${formatNames[issue.format] ?? `in ${issue.format} format`}.`;
    case 'not_multiple_of':
      return `${label} must be a multiple of ${issue.divisor}.`;
    case 'unrecognized_keys':
      return `${label} has unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${listed(issue.keys)}.`;
    case 'invalid_union':
      return `${label} does not match any of the accepted shapes.`;
    default:
      return `${label} is invalid.`;
  }
}
