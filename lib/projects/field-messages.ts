// Project-form messages written for people, in the units the form shows (percent fields in percent, sats,
// seconds...). Isomorphic: toFieldErrors (lib/projects/schemas.ts) uses it, so the form's own check and the
// server action's answer read the same. Hand-written schema messages are kept: only zod's built-in texts
// ("Too small: expected number to be >=1", "Invalid input: ...") are replaced, and zod marks none of them apart.
import type { z } from 'zod';
import { describeIssue, isBuiltInMessage } from '@/lib/http/issue-messages';

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
  if (issue.code === 'custom' || !isBuiltInMessage(issue.message)) return issue.message;
  const format = formats[issue.path.map(String).join('.')];
  if (!format) return issue.message;
  return describeIssue(issue, { label: format.label, unit: format.percent ? 'percent' : format.unit, amount: (value) => amount(value, format) });
}
