// A conversation-tree project's settings (Project.treeConfig), zod-validated. Isomorphic: the team's form and the
// engine read the same schema. Defaults are OpenAssistant's TreeManagerConfiguration (backend/oasst_backend/config.py):
// depth 3, 3 replies per message, 12 messages per tree, 3 reviews accepted at >= 0.6, 3 rankings per sibling group,
// halt at 25 skipped replies, 4 red flags delete a message (abort the tree for a prompt), parents with fewer than 2
// replies first. Nobody reviews or ranks their own message: that is not a setting.
import { z } from 'zod';

export const MAX_TREE_TEXT_LENGTH = 20_000;

/** A reward in msats as a decimal string (JSON can't carry bigint, style M2). */
const msatsString = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a whole number of msats')
  .transform((value) => BigInt(value));

export const treeRewardsSchema = z.strictObject({
  WRITE_PROMPT: msatsString.default(5_000n),
  REPLY: msatsString.default(5_000n),
  REVIEW: msatsString.default(1_000n),
  RANK: msatsString.default(2_000n),
});

/** The settings without their cross-field rules, so the team API can derive its shape (zod refuses .omit on refined objects). */
export const treeConfigObject = z.strictObject({
  /** Deepest message depth; the prompt is depth 0, so depth 3 holds four turns. */
  maxDepth: z.int().min(1).max(10).default(3),
  repliesPerMessage: z.int().min(1).max(10).default(3),
  /** A tree stops growing once it holds (or has reserved) this many live messages. */
  goalTreeSize: z.int().min(2).max(500).default(12),
  reviewsPerMessage: z.int().min(1).max(10).default(3),
  /** Share of reviews that must not call the message spam. */
  acceptanceThreshold: z.number().min(0).max(1).default(0.6),
  rankingsPerGroup: z.int().min(1).max(10).default(3),
  haltAfterSkips: z.int().min(1).max(10_000).default(25),
  redFlagsToDelete: z.int().min(1).max(100).default(4),
  /** Parents holding fewer live replies than this are extended first. */
  lonelyChildThreshold: z.int().min(0).max(10).default(2),
  /** Reply groups a tree grows at once: 1 grows the best-ranked branch to full depth before widening. */
  parallelReplyGroups: z.int().min(1).max(50).default(1),
  /**
   * Messages above this depth get no reply tasks: a seeded conversation's turns are given, and only its last turn
   * is answered (the agent API's "N replies to this conversation"). 0 lets every message grow.
   */
  replyFromDepth: z.int().min(0).max(10).default(0),
  /** Whether complete sibling groups are ranked; off, a group is finished once its replies passed review. */
  rankReplies: z.boolean().default(true),
  /** Who writes the first prompt: workers (a WRITE_PROMPT task per tree) or the team (uploaded seeds). */
  promptSource: z.enum(['workers', 'team']).default('workers'),
  reviewLabels: z
    .array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _'))
    .max(20)
    .default(['quality', 'helpfulness', 'creativity', 'toxicity']),
  minTextLength: z.int().min(1).max(MAX_TREE_TEXT_LENGTH).default(1),
  maxTextLength: z.int().min(1).max(MAX_TREE_TEXT_LENGTH).default(4_000),
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/).default('en'),
  rewardsMsats: treeRewardsSchema.default(() => treeRewardsSchema.parse({})),
  /**
   * With promptSource "workers": how many trees the project grows, each from a prompt a worker writes. Publishing
   * (or raising it while active) starts the trees still missing (lib/trees/start.ts).
   */
  treesToStart: z.int().min(0).max(10_000).default(0),
});

/** The rules between settings, shared with the team API's tree settings (lib/trees/settings.ts). */
export function checkTreeConfig(config: Pick<TreeConfig, 'minTextLength' | 'maxTextLength' | 'reviewLabels'>, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  if (config.minTextLength > config.maxTextLength) {
    ctx.addIssue({ code: 'custom', path: [...path, 'minTextLength'], message: `cannot be more than maxTextLength (${config.maxTextLength})` });
  }
  if (new Set(config.reviewLabels).size !== config.reviewLabels.length || config.reviewLabels.includes('spam')) {
    ctx.addIssue({ code: 'custom', path: [...path, 'reviewLabels'], message: 'labels must be distinct and not "spam" (always asked)' });
  }
}

export const treeConfigSchema = treeConfigObject.superRefine((config, ctx) => checkTreeConfig(config, ctx));

export type TreeConfig = z.output<typeof treeConfigSchema>;
export type TreeConfigInput = z.input<typeof treeConfigSchema>;
export type TreeTaskKindName = keyof TreeConfig['rewardsMsats'];

export const defaultTreeConfig: TreeConfig = treeConfigSchema.parse({});

/** Project.treeConfig as stored (JSON) → the engine's settings. Throws a ZodError on a bad value. */
export function parseTreeConfig(value: unknown): TreeConfig {
  return treeConfigSchema.parse(value ?? {});
}

/** The settings as JSON for Project.treeConfig (rewards as decimal strings). */
export function toStoredTreeConfig(config: TreeConfig) {
  const rewards = Object.fromEntries(Object.entries(config.rewardsMsats).map(([kind, msats]) => [kind, msats.toString()]));
  return { ...config, rewardsMsats: rewards };
}

/** The project-level reward the claim's budget check counts per lease: the largest per-kind reward. */
export function maxTreeRewardMsats(config: TreeConfig): bigint {
  return Object.values(config.rewardsMsats).reduce((max, value) => (value > max ? value : max), 0n);
}
