// A tree project's settings as the team gives them (team API `treeConfig`, project form): the settings of
// Project.treeConfig (config.ts), with the rewards in whole sats per task kind (`rewardsSats`), as the team API
// speaks sats everywhere else (`rewardSats`). Stored in msats. Isomorphic.
import { z } from 'zod';
import { treeConfigObject, treeConfigSchema, type TreeConfig, type TreeTaskKindName } from './config';

/** The same cap as a project's rewardSats (lib/projects/schemas.ts MAX_REWARD_SATS, which imports this module). */
const MAX_TREE_REWARD_SATS = 1_000_000;
export const treeTaskKinds = ['WRITE_PROMPT', 'REPLY', 'REVIEW', 'RANK'] as const satisfies readonly TreeTaskKindName[];

const rewardSats = z.int().min(1).max(MAX_TREE_REWARD_SATS);

const { rewardsMsats: _rewardsMsats, ...settingShape } = treeConfigObject.shape;
type SettingShape = typeof settingShape;
type Unwrapped<S> = { [K in keyof S]: S[K] extends z.ZodDefault<infer T> ? T : never };
type OptionalShape<S> = { [K in keyof S]: S[K] extends z.ZodDefault<infer T> ? z.ZodOptional<T> : never };

// The bounds live in config.ts alone: each setting's schema here is config.ts's without its default.
const bareShape = Object.fromEntries(Object.entries(settingShape).map(([key, field]) => [key, field.unwrap()])) as unknown as Unwrapped<SettingShape>;
const optionalShape = Object.fromEntries(Object.entries(bareShape).map(([key, field]) => [key, (field as z.ZodType).optional()])) as unknown as OptionalShape<SettingShape>;

/**
 * What the team sends: any subset of the settings. On create, omitted settings take their defaults; on update,
 * they keep their current values (rewards too, kind by kind).
 */
export const treeSettingsInputSchema = z.strictObject({
  ...optionalShape,
  /** Whole sats paid per approved task of each kind. The project's `rewardSats` becomes the largest of them. */
  rewardsSats: z.strictObject({ WRITE_PROMPT: rewardSats.optional(), REPLY: rewardSats.optional(), REVIEW: rewardSats.optional(), RANK: rewardSats.optional() }).optional(),
});
export type TreeSettingsInput = z.input<typeof treeSettingsInputSchema>;

/** What the project DTO shows: every setting, rewards in sats (a fraction when a reward was stored in msats). */
export const treeSettingsDtoSchema = z.object({
  ...bareShape,
  rewardsSats: z.object({ WRITE_PROMPT: z.number(), REPLY: z.number(), REVIEW: z.number(), RANK: z.number() }),
});
export type TreeSettingsDto = z.output<typeof treeSettingsDtoSchema>;

/** The settings after `input` is applied over `base` (the defaults on create, the stored settings on update). Unchecked. */
export function applyTreeSettings(base: TreeConfig, input: TreeSettingsInput): TreeConfig {
  const { rewardsSats, ...rest } = input;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  const rewardsMsats = { ...base.rewardsMsats };
  for (const kind of treeTaskKinds) {
    const sats = rewardsSats?.[kind];
    if (sats !== undefined) rewardsMsats[kind] = BigInt(sats) * 1000n;
  }
  return { ...base, ...defined, rewardsMsats };
}

/** The applied settings checked in full; a ZodError's paths start with `treeConfig`, as the team sent them. */
export function parseAppliedTreeSettings(config: TreeConfig): TreeConfig {
  const stored = { ...config, rewardsMsats: Object.fromEntries(treeTaskKinds.map((kind) => [kind, config.rewardsMsats[kind].toString()])) };
  const result = treeConfigSchema.safeParse(stored);
  if (result.success) return result.data;
  throw new z.ZodError(result.error.issues.map((issue) => ({ ...issue, path: ['treeConfig', ...issue.path] })));
}

export function toTreeSettingsDto(config: TreeConfig): TreeSettingsDto {
  const { rewardsMsats, ...rest } = config;
  const rewardsSats = Object.fromEntries(treeTaskKinds.map((kind) => [kind, Number(rewardsMsats[kind]) / 1000])) as TreeSettingsDto['rewardsSats'];
  return { ...rest, rewardsSats };
}

/**
 * The straight-lining rule a tree project starts with: its answers are texts, and a review's spam verdict is "no"
 * for nearly every good message, so "the same answer again and again" says nothing about a worker.
 */
export const treeStraightLining = { window: 500, maxSameShare: 1 };

/** The WRITING options a tree project's tasks are shown with: the tree's text limits (the writing widget counts them). */
export function treeWritingTypeConfig(config: TreeConfig) {
  return { mode: 'write' as const, minLength: config.minTextLength, maxLength: config.maxTextLength };
}

/**
 * Settings that give existing trees their shape: once a tree exists, changing one would leave its groups, reviews
 * or rankings counted under two rules, so they are fixed. Rewards (for tasks opened after), review labels (for
 * reviews opened after), the goal size, skip and red-flag limits, the growth order, the language and the number of
 * trees stay editable.
 */
export const treeShapeSettings = ['maxDepth', 'repliesPerMessage', 'reviewsPerMessage', 'acceptanceThreshold', 'rankingsPerGroup', 'promptSource', 'minTextLength', 'maxTextLength'] as const;

/** The shape settings that differ between the two configs. */
export function changedShapeSettings(before: TreeConfig, after: TreeConfig): string[] {
  return treeShapeSettings.filter((key) => before[key] !== after[key]);
}
