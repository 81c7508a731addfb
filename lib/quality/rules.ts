// Per-project quality rules (Project.qualityRules), every field defaulted so `{}` is a complete, sensible rule set.
// Isomorphic: the project settings form and the server share this schema.
import { z } from 'zod';

const share = z.number().min(0).max(1);

export const qualityRulesSchema = z.object({
  /** Gold accuracy is judged over the worker's last N gold answers. */
  goldWindow: z.int().min(1).max(500).default(20),
  /** Below this gold accuracy (with confidence, see lib/trust/score.ts) the worker is paused. */
  minGoldAccuracy: share.default(0.7),
  /** Gold answers needed before gold accuracy is judged at all. */
  minGoldSeen: z.int().min(1).max(100).default(5),
  /** What a wrong gold answer does to that judgment: 'approve' (paid, counts against trust), 'review' or 'reject'. */
  goldWrong: z.enum(['approve', 'review', 'reject']).default('review'),
  /** An item's consensus is used to check its workers once it has this many judgments. */
  consensusMinJudgments: z.int().min(2).max(50).default(3),
  /** A worker agreeing with the consensus (of the others) on fewer than this share of their last N checked items is flagged. */
  minConsensusAgreement: share.default(0.5),
  consensusWindow: z.int().min(1).max(500).default(20),
  /** Answers faster than the project's minSeconds: only flagged, sent to review, or rejected. */
  tooFast: z.enum(['flag', 'review', 'reject']).default('review'),
  /** Straight-lining: the same label / same shown position in more than maxSameShare of the last `window` answers. */
  straightLining: z.object({ window: z.int().min(3).max(500).default(20), maxSameShare: share.default(0.9) }).default({ window: 20, maxSameShare: 0.9 }),
  /** Share of skipped assignments over the worker's last `skipWindow` assignments in the project. */
  maxSkipRate: share.default(0.5),
  skipWindow: z.int().min(1).max(500).default(20),
  /** Trust score below which a worker (with enough evidence) is paused. */
  trustPauseBelow: share.default(0.35),
  /** Pause workers automatically (failing gold, trust below trustPauseBelow). Off: trust is still scored and answers flagged. */
  autoPause: z.boolean().default(true),
});

export type QualityRules = z.output<typeof qualityRulesSchema>;
export type QualityRulesInput = z.input<typeof qualityRulesSchema>;

export const defaultQualityRules: QualityRules = qualityRulesSchema.parse({});

/**
 * Reads stored rules. Stored JSON is validated when saved; should an old or hand-edited value not parse, the fields
 * that fail fall back to their defaults one by one (a bad field must not silently reset the others).
 */
export function parseQualityRules(json: unknown): QualityRules {
  const parsed = qualityRulesSchema.safeParse(json ?? {});
  if (parsed.success) return parsed.data;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return defaultQualityRules;
  const kept: Record<string, unknown> = { ...json };
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string') delete kept[key];
  }
  const retry = qualityRulesSchema.safeParse(kept);
  return retry.success ? retry.data : defaultQualityRules;
}
