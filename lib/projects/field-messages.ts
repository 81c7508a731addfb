// Project-form messages written for people, in the units the form shows (percent fields in percent, sats,
// seconds...). Isomorphic: toFieldErrors (lib/projects/schemas.ts) uses it, so the form's own check and the
// server action's answer read the same. Hand-written schema messages are kept: only zod's built-in texts
// ("Too small: expected number to be >=1", "Invalid input: ...") are replaced, and zod marks none of them apart.
import type { z } from 'zod';

type FieldFormat = { label: string; unit?: string; /** The form shows share × 100. */ percent?: boolean };

const formats: Record<string, FieldFormat> = {
  title: { label: 'The title' },
  instructions: { label: 'The instructions' },
  license: { label: 'The licence' },
  rewardSats: { label: 'The reward', unit: 'sats' },
  judgmentsPerItem: { label: 'Judgments per item' },
  maxJudgmentsPerItem: { label: 'The overlap cap' },
  agreementThreshold: { label: 'The agreement threshold', percent: true },
  goldRatio: { label: 'The gold ratio', percent: true },
  minSeconds: { label: 'Minimum seconds', unit: 'seconds' },
  estimatedSeconds: { label: 'Estimated seconds', unit: 'seconds' },
  leaseSeconds: { label: 'The lease', unit: 'seconds' },
  examGoldCount: { label: 'Exam questions' },
  examPassCount: { label: 'Exam answers needed' },
  autoApproveAfterHours: { label: 'Auto-approve delay', unit: 'hours' },
  budgetAlertSats: { label: 'The budget alert', unit: 'sats' },
  'qualityRules.goldWindow': { label: 'The gold window', unit: 'answers' },
  'qualityRules.minGoldAccuracy': { label: 'Minimum gold accuracy', percent: true },
  'qualityRules.straightLining.maxSameShare': { label: 'Straight-lining', percent: true },
  'qualityRules.maxSkipRate': { label: 'Maximum skip rate', percent: true },
};

function amount(value: number | bigint, format: FieldFormat): string {
  if (format.percent) return `${Math.round(Number(value) * 1000) / 10} %`;
  const text = Number(value).toLocaleString('en-US');
  return format.unit ? `${text} ${format.unit}` : text;
}

/** The message for one issue of the project settings schema. */
export function describeProjectIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' || !/^(Too small|Too big|Invalid input)/.test(issue.message)) return issue.message;
  const format = formats[issue.path.map(String).join('.')];
  if (!format) return issue.message;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${format.label} cannot be empty.` : `${format.label} needs at least ${issue.minimum} characters.`;
      return `${format.label} must be at least ${amount(issue.minimum, format)}.`;
    case 'too_big':
      if (issue.origin === 'string') return `${format.label} can be at most ${Number(issue.maximum).toLocaleString('en-US')} characters.`;
      return `${format.label} can be at most ${amount(issue.maximum, format)}.`;
    case 'invalid_type':
      if (issue.expected === 'int') return `${format.label} must be a whole number${format.unit ? ` of ${format.unit}` : ''}.`;
      if (issue.expected === 'number') return `${format.label} must be a number${format.percent ? ' (percent)' : ''}.`;
      return `${format.label} is missing.`;
    default:
      return issue.message;
  }
}
