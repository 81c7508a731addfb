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
  'treeConfig.repliesPerMessage': { label: 'Replies per message' },
  'treeConfig.maxDepth': { label: 'The maximum depth' },
  'treeConfig.goalTreeSize': { label: 'The goal size', unit: 'messages' },
  'treeConfig.reviewsPerMessage': { label: 'Reviews per message' },
  'treeConfig.acceptanceThreshold': { label: 'The acceptance threshold', percent: true },
  'treeConfig.rankingsPerGroup': { label: 'Rankings per group' },
  'treeConfig.haltAfterSkips': { label: 'The skip limit', unit: 'skips' },
  'treeConfig.redFlagsToDelete': { label: 'The red-flag limit', unit: 'flags' },
  'treeConfig.treesToStart': { label: 'Trees to grow', unit: 'trees' },
  'treeConfig.minTextLength': { label: 'The minimum length', unit: 'characters' },
  'treeConfig.maxTextLength': { label: 'The maximum length', unit: 'characters' },
  'treeConfig.lang': { label: 'The language' },
  'treeConfig.reviewLabels': { label: 'The review labels' },
  'treeConfig.rewardsSats.WRITE_PROMPT': { label: 'The prompt reward', unit: 'sats' },
  'treeConfig.rewardsSats.REPLY': { label: 'The reply reward', unit: 'sats' },
  'treeConfig.rewardsSats.REVIEW': { label: 'The review reward', unit: 'sats' },
  'treeConfig.rewardsSats.RANK': { label: 'The ranking reward', unit: 'sats' },
};

function amount(value: number | bigint, format: FieldFormat): string {
  if (format.percent) return `${Math.round(Number(value) * 1000) / 10} %`;
  const text = Number(value).toLocaleString('en-US');
  return format.unit ? `${text} ${format.unit}` : text;
}

/** The message for one issue of the project settings schema. */
export function describeProjectIssue(issue: z.core.$ZodIssue): string {
  const handWritten = issue.code === 'custom' || !isBuiltInMessage(issue.message);
  // A hand-written sentence stays; a fragment ("cannot be more than ...") gets the field's name.
  if (handWritten && !/^[a-z]/.test(issue.message)) return issue.message;
  // A list entry ('treeConfig.reviewLabels.1') is named by its list.
  const path = issue.path.map(String);
  const format = formats[path.join('.')] ?? (/^\d+$/.test(path[path.length - 1] ?? '') ? formats[path.slice(0, -1).join('.')] : undefined);
  if (!format) return issue.message;
  return describeIssue(issue, { label: format.label, unit: format.percent ? 'percent' : format.unit, amount: (value) => amount(value, format) });
}
