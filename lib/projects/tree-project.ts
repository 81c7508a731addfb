import 'server-only';
// The project side of conversation-tree projects (docs/trees.md "Creating a tree project"): the columns a tree's
// settings decide, the rules for changing them once trees exist, and the tree counts of the DTO.
import { z } from 'zod';
import type { Prisma, Tx } from '@/lib/db';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { parseTypeConfig } from '@/lib/tasks';
import { defaultTreeConfig, maxTreeRewardMsats, parseTreeConfig, toStoredTreeConfig, type TreeConfig } from '@/lib/trees/config';
import type { QualityRules } from '@/lib/quality/rules';
import { applyTreeSettings, changedShapeSettings, parseAppliedTreeSettings, treeStraightLining, treeWritingTypeConfig, type TreeSettingsInput } from '@/lib/trees/settings';
import { countWorkerPromptTrees } from '@/lib/trees/start';
import { treeProjectFieldIssues, type ProjectDto, type ProjectPatch } from './schemas';

/**
 * The columns a tree's settings decide: task type WRITING with the tree's text limits (so the task loop can show
 * its tasks), one judgment per item (the engine sets each task's slots), and the largest per-kind reward as the
 * project's reward, so the claim's budget check (escrow per promised judgment) never counts short.
 */
export function treeProjectColumns(config: TreeConfig, openItemRewardMsats = 0n) {
  const maxReward = maxTreeRewardMsats(config);
  return {
    taskType: 'WRITING' as const,
    typeConfig: parseTypeConfig('WRITING', treeWritingTypeConfig(config)) as Prisma.InputJsonValue,
    treeConfig: toStoredTreeConfig(config) as Prisma.InputJsonValue,
    rewardMsats: maxReward > openItemRewardMsats ? maxReward : openItemRewardMsats,
    judgmentsPerItem: 1,
    maxJudgmentsPerItem: null,
    agreementThreshold: null,
  };
}

/** Quality rules a new tree project starts with: its answers are all different texts, so straight-lining says nothing. */
export const treeProjectQualityRules = { straightLining: treeStraightLining };

/**
 * A new tree project's quality rules: the team's (gold accuracy, too fast, skips...), with the tree's straight-lining
 * rule always (the parsed rules have every default filled in, so a default rule can't be told from a chosen one).
 */
export function newTreeQualityRules(rules: QualityRules | undefined): QualityRules | typeof treeProjectQualityRules {
  return rules ? { ...rules, straightLining: treeStraightLining } : treeProjectQualityRules;
}

export function newTreeConfig(input: TreeSettingsInput): TreeConfig {
  return parseAppliedTreeSettings(applyTreeSettings(defaultTreeConfig, input));
}

type TreeRow = { id: string; treeConfig: unknown };

function refuse(issues: { path: (string | number)[]; message: string }[]): never {
  throw new z.ZodError(issues.map((issue) => ({ code: 'custom' as const, input: undefined, ...issue })));
}

/**
 * The tree settings after a PATCH, or null when the project is and stays a plain one. Checks what may change:
 * settings a tree derives are refused with their paths; a plain project becomes a tree (or back) only before items
 * exist; once trees exist, the shape settings stay and treesToStart cannot drop below the trees workers started.
 */
export async function treeConfigAfterPatch(tx: Tx, row: TreeRow, patch: ProjectPatch): Promise<TreeConfig | null> {
  const wasTree = row.treeConfig !== null;
  const isTree = patch.treeConfig === undefined ? wasTree : patch.treeConfig !== null;
  if (wasTree !== isTree && (await tx.item.count({ where: { projectId: row.id } })) > 0) {
    throw new AppError('INVALID_STATE', wasTree ? 'A conversation-tree project stays one once it has tasks.' : 'A project becomes a conversation tree only before items are uploaded.');
  }
  if (!isTree) return null;
  const fieldIssues = treeProjectFieldIssues(patch);
  if (fieldIssues.length > 0) refuse(fieldIssues);
  const before = wasTree ? parseTreeConfig(row.treeConfig) : defaultTreeConfig;
  const after = parseAppliedTreeSettings(applyTreeSettings(before, patch.treeConfig ?? {}));
  if (!wasTree) return after;
  const trees = await tx.conversationTree.count({ where: { projectId: row.id } });
  const locked = trees > 0 ? changedShapeSettings(before, after) : [];
  if (locked.length > 0) {
    const message = `cannot change once trees exist (this project has ${trees}): it gives their messages, reviews and rankings their shape.`;
    refuse(locked.map((key) => ({ path: ['treeConfig', key], message })));
  }
  const started = await countWorkerPromptTrees(tx, row.id);
  if (after.treesToStart < before.treesToStart && after.treesToStart < started) {
    refuse([{ path: ['treeConfig', 'treesToStart'], message: `cannot be less than the ${started} trees already started from workers' prompts.` }]);
  }
  return after;
}

/** The largest reward of a task still open: a lowered reward applies to tasks opened after, so these still pay the old one. */
export async function maxOpenItemRewardMsats(tx: Tx, projectId: string): Promise<bigint> {
  const result = await tx.item.aggregate({ where: { projectId, status: 'OPEN' }, _max: { rewardMsats: true } });
  return result._max.rewardMsats ?? 0n;
}

type TreeCounts = NonNullable<ProjectDto['trees']>;

export async function loadTreeCounts(tx: Tx | typeof db, projectIds: string[]): Promise<Map<string, TreeCounts>> {
  const groups = await tx.conversationTree.groupBy({ by: ['projectId', 'state'], where: { projectId: { in: projectIds } }, _count: { _all: true } });
  const counts = new Map<string, TreeCounts>();
  for (const group of groups) {
    const entry = counts.get(group.projectId) ?? { GROWING: 0, RANKING: 0, READY: 0, ABORTED: 0, HALTED: 0 };
    entry[group.state] = group._count._all;
    counts.set(group.projectId, entry);
  }
  return counts;
}
