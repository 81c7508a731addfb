// Project settings: one schema shared by the team form, the server actions, the service and the team API.
// Isomorphic (no server-only): the form validates with it before sending.
import { z } from 'zod';
import { containsNul, NUL_FIELD_MESSAGE } from '@/lib/http/nul';
import { describeProjectIssue } from './field-messages';
import { qualityRulesSchema } from '@/lib/quality/rules';
import { TaskType, ProjectStatus } from '@/lib/generated/prisma/enums';
import { isTaskInputError, parseTypeConfig } from '@/lib/tasks';
import { checkTreeConfig, defaultTreeConfig } from '@/lib/trees/config';
import { applyTreeSettings, treeSettingsDtoSchema, treeSettingsInputSchema } from '@/lib/trees/settings';

export const MAX_INSTRUCTIONS_LENGTH = 20_000;
export const MAX_REWARD_SATS = 1_000_000;
export const MAX_JUDGMENTS_PER_ITEM = 20;

export const taskTypeSchema = z.enum(TaskType);
export const projectStatusSchema = z.enum(ProjectStatus);

const int = (min: number, max: number) => z.int().min(min).max(max);

/** The fields without cross-field rules, so `.partial()` stays available (zod refuses it on refined objects). */
export const projectSettingsObject = z.object({
  title: z.string().trim().min(1, 'Give the project a title.').max(200),
  instructions: z.string().max(MAX_INSTRUCTIONS_LENGTH),
  taskType: taskTypeSchema,
  /** Options of the task type (labels, criteria...); checked against `taskType` by parseTypeConfig. */
  typeConfig: z.unknown().optional(),
  /** Required unless `treeConfig` is given (a tree project pays per task kind: `treeConfig.rewardsSats`). */
  rewardSats: int(1, MAX_REWARD_SATS).optional(),
  /** Required unless `treeConfig` is given (the tree sets how many replies, reviews and rankings each task takes). */
  judgmentsPerItem: int(1, MAX_JUDGMENTS_PER_ITEM).optional(),
  /** Dynamic overlap cap; null (or omitted on create) = the same as judgmentsPerItem, following it. */
  maxJudgmentsPerItem: int(1, MAX_JUDGMENTS_PER_ITEM).nullable().optional(),
  agreementThreshold: z.number().min(0).max(1).nullable().optional(),
  goldRatio: z.number().min(0).max(0.5).optional(),
  minSeconds: int(0, 3600).optional(),
  estimatedSeconds: int(1, 3600).optional(),
  leaseSeconds: int(60, 86_400).optional(),
  examGoldCount: int(0, 50).optional(),
  examPassCount: int(0, 50).optional(),
  /** Pending judgments are approved automatically after this many hours; null = manual review only. */
  autoApproveAfterHours: z.number().min(0).max(24 * 90).nullable().optional(),
  license: z.string().trim().max(100).nullable().optional(),
  /** "Budget low" alert when the escrow falls below this; null = no alert. */
  budgetAlertSats: int(1, 1_000_000_000).nullable().optional(),
  /** Quality rules applied to every answer (lib/quality/rules.ts); omitted fields take their defaults. */
  qualityRules: qualityRulesSchema.optional(),
  /**
   * Makes the project a conversation tree (docs/trees.md): task type WRITING, tasks made by the tree engine. null
   * on update turns it back into a plain project (only before items exist).
   */
  treeConfig: treeSettingsInputSchema.nullable().optional(),
});

type SettingsShape = Partial<z.output<typeof projectSettingsObject>>;

/**
 * Rules that involve several fields; each runs only when its fields are present (so it also serves updates).
 * `isTree`: the settings are a tree project's whole settings as stored (WRITING, but its reviews have gold answers).
 */
function checkSettings(value: SettingsShape, ctx: z.RefinementCtx, isTree = false): void {
  for (const [field, inner] of Object.entries(value)) {
    if (containsNul(inner)) ctx.addIssue({ code: 'custom', path: [field], message: NUL_FIELD_MESSAGE });
  }
  if (value.taskType !== undefined && value.typeConfig !== undefined) {
    try {
      parseTypeConfig(value.taskType, value.typeConfig);
    } catch (error) {
      if (!isTaskInputError(error)) throw error;
      for (const issue of error.issues) {
        const path = ['typeConfig', ...(issue.path ? issue.path.split('.') : [])];
        ctx.addIssue({ code: 'custom', path, message: issue.message });
      }
    }
  }
  if (value.treeConfig) checkTreeProjectFields(value, ctx);
  if (value.taskType === 'WRITING' && !value.treeConfig && !isTree && ((value.goldRatio ?? 0) > 0 || (value.examGoldCount ?? 0) > 0)) {
    const message = 'Writing tasks have no gold answers: no gold checks or exam.';
    ctx.addIssue({ code: 'custom', path: [(value.goldRatio ?? 0) > 0 ? 'goldRatio' : 'examGoldCount'], message });
  }
  if (value.judgmentsPerItem !== undefined && value.maxJudgmentsPerItem != null && value.maxJudgmentsPerItem < value.judgmentsPerItem) {
    ctx.addIssue({ code: 'custom', path: ['maxJudgmentsPerItem'], message: 'Must be at least the judgments per item.' });
  }
  if (value.examGoldCount !== undefined && value.examPassCount !== undefined && value.examPassCount > value.examGoldCount) {
    ctx.addIssue({ code: 'custom', path: ['examPassCount'], message: 'Cannot be more than the exam questions.' });
  }
  if (value.examGoldCount !== undefined && value.examPassCount !== undefined && value.examGoldCount > 0 && value.examPassCount === 0) {
    ctx.addIssue({ code: 'custom', path: ['examPassCount'], message: 'Set how many exam answers must be right.' });
  }
}

/** Settings a tree project derives from its treeConfig: sent with one, they are refused rather than ignored. */
const derivedByTree: { field: keyof SettingsShape; isSet: (value: SettingsShape) => boolean; message: string }[] = [
  { field: 'taskType', isSet: (v) => v.taskType !== undefined && v.taskType !== 'WRITING', message: 'A conversation-tree project has task type WRITING.' },
  { field: 'typeConfig', isSet: (v) => v.typeConfig !== undefined, message: 'A conversation-tree project takes its text limits from treeConfig (minTextLength, maxTextLength): leave typeConfig out.' },
  { field: 'rewardSats', isSet: (v) => v.rewardSats !== undefined, message: 'A conversation-tree project pays per task kind: set treeConfig.rewardsSats instead.' },
  { field: 'judgmentsPerItem', isSet: (v) => v.judgmentsPerItem !== undefined, message: 'A conversation-tree project sets its replies, reviews and rankings in treeConfig: leave judgmentsPerItem out.' },
  { field: 'maxJudgmentsPerItem', isSet: (v) => v.maxJudgmentsPerItem != null, message: 'A conversation tree has no overlap cap: its tasks take the counts in treeConfig.' },
  { field: 'agreementThreshold', isSet: (v) => v.agreementThreshold != null, message: 'A conversation tree has no agreement threshold: its messages are accepted by peer review.' },
];

/** The settings a tree project cannot take, each reported at its own path. */
export function treeProjectFieldIssues(value: SettingsShape): { path: string[]; message: string }[] {
  return derivedByTree.filter((rule) => rule.isSet(value)).map((rule) => ({ path: [rule.field], message: rule.message }));
}

function checkTreeProjectFields(value: SettingsShape, ctx: z.RefinementCtx): void {
  for (const issue of treeProjectFieldIssues(value)) ctx.addIssue({ code: 'custom', ...issue });
}

/** On create: a plain project needs its reward and overlap; a tree project's settings are checked whole. */
function checkNewProject(value: SettingsShape, ctx: z.RefinementCtx): void {
  if (value.treeConfig) {
    checkTreeConfig(applyTreeSettings(defaultTreeConfig, value.treeConfig), ctx, ['treeConfig']);
    return;
  }
  if (value.typeConfig === undefined) ctx.addIssue({ code: 'custom', path: ['typeConfig'], message: 'typeConfig is missing: send {} for the task type’s defaults.' });
  if (value.rewardSats === undefined) ctx.addIssue({ code: 'custom', path: ['rewardSats'], message: 'Set the reward per judgment (whole sats).' });
  if (value.judgmentsPerItem === undefined) ctx.addIssue({ code: 'custom', path: ['judgmentsPerItem'], message: 'Set how many judgments each item gets.' });
}

export const projectSettingsSchema = projectSettingsObject.superRefine((value, ctx) => checkSettings(value, ctx));
/** A tree project's settings after an update, its derived columns filled in: gold reviews make gold and an exam possible. */
export const treeProjectSettingsSchema = projectSettingsObject.superRefine((value, ctx) => checkSettings(value, ctx, true));
export type ProjectSettingsInput = z.input<typeof projectSettingsSchema>;
export type ProjectSettings = z.output<typeof projectSettingsSchema>;

export const createProjectInputSchema = projectSettingsObject.superRefine((value, ctx) => checkSettings(value, ctx)).superRefine(checkNewProject);
export type CreateProjectInput = ProjectSettingsInput;

/** Any subset of the settings. A taskType/typeConfig change is refused by the service once work exists. */
export const updateProjectInputSchema = projectSettingsObject.partial().superRefine((value, ctx) => checkSettings(value, ctx));
export type UpdateProjectInput = z.input<typeof updateProjectInputSchema>;
export type ProjectPatch = z.output<typeof updateProjectInputSchema>;

export const setProjectStatusInputSchema = z.object({ status: z.enum(['ACTIVE', 'PAUSED']) });

export const listProjectsQuerySchema = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const isoDate = z.iso.datetime();

export const projectDtoSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  taskType: taskTypeSchema,
  status: projectStatusSchema,
  statusReason: z.string().nullable(),
  instructions: z.string(),
  typeConfig: z.unknown().optional(),
  rewardSats: z.int(),
  /** Platform fee in basis points of the reward, charged per approved judgment. */
  feeBps: z.int(),
  judgmentsPerItem: z.int(),
  /** null = the same as judgmentsPerItem. */
  maxJudgmentsPerItem: z.int().nullable(),
  agreementThreshold: z.number().nullable(),
  goldRatio: z.number(),
  minSeconds: z.int(),
  estimatedSeconds: z.int(),
  leaseSeconds: z.int(),
  examGoldCount: z.int(),
  examPassCount: z.int(),
  autoApproveAfterHours: z.number().nullable(),
  license: z.string().nullable(),
  budgetAlertSats: z.int().nullable(),
  qualityRules: qualityRulesSchema,
  createdAt: isoDate,
  updatedAt: isoDate,
  closedAt: isoDate.nullable(),
  items: z.object({ total: z.int(), done: z.int(), open: z.int(), gold: z.int() }),
  /** The conversation-tree settings (docs/trees.md); null for other projects. */
  treeConfig: treeSettingsDtoSchema.nullable(),
  /** A tree project's trees by state; null for other projects. */
  trees: z.object({ GROWING: z.int(), RANKING: z.int(), READY: z.int(), ABORTED: z.int(), HALTED: z.int() }).nullable(),
  /** The project's escrow balance in whole sats (sats always fit a JSON number exactly: 21M BTC < 2^53 sats). */
  escrowSats: z.number().int(),
});
export type ProjectDto = z.output<typeof projectDtoSchema>;

/**
 * Field errors keyed by dotted path ('typeConfig.labels.1'), first message per path, for forms. Messages are
 * rewritten for people in the form's units (field-messages.ts); client check and server action both come here.
 */
export function toFieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= describeProjectIssue(issue);
  }
  return errors;
}
