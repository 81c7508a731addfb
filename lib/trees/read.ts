import 'server-only';
import { isUuid } from '@/lib/assignment/ids';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { assertTeamProject, type TeamActor } from '@/lib/teams/actor';
import { parseTreeConfig } from './config';
import { chatRoleOf, loadPath } from './engine';
import type { TreeStateName, TreeTaskKindName } from './lifecycle';
import { orderForAssignment } from './task-card';

// Reads over trees: the team's list of its trees with their state and why (the team API and pages call these with
// the caller's actor), and a worker's tree task as a phone or agent shows it.

export type TreeSummary = {
  id: string;
  externalId: string | null;
  state: TreeStateName;
  stateReason: string | null;
  stateChangedAt: Date;
  origin: string;
  skipCount: number;
  liveMessages: number;
  prunedMessages: number;
  pendingReviews: number;
  maxDepth: number | null;
  openTasks: number;
};

export type TreeListOptions = { limit?: number; offset?: number; state?: TreeStateName };

/** The project's trees, newest first, each with its state, the reason, and its counts; optionally of one state, paged. */
export async function listProjectTrees(actor: TeamActor, projectId: string, options: TreeListOptions = {}): Promise<TreeSummary[]> {
  await assertTeamProject(actor, projectId);
  const state = options.state ?? null;
  return db.$queryRaw<TreeSummary[]>`
    SELECT t.id::text AS id, t."externalId", t.state::text AS state, t."stateReason", t."stateChangedAt", t.origin::text AS origin, t."skipCount",
      (SELECT count(*)::int FROM "TreeMessage" m WHERE m."treeId" = t.id AND m."deletedAt" IS NULL) AS "liveMessages",
      (SELECT count(*)::int FROM "TreeMessage" m WHERE m."treeId" = t.id AND m."deletedAt" IS NOT NULL) AS "prunedMessages",
      (SELECT count(*)::int FROM "TreeMessage" m WHERE m."treeId" = t.id AND m."deletedAt" IS NULL AND m."reviewState" = 'PENDING') AS "pendingReviews",
      (SELECT max(depth)::int FROM "TreeMessage" m WHERE m."treeId" = t.id AND m."deletedAt" IS NULL) AS "maxDepth",
      (SELECT count(*)::int FROM "Item" i WHERE i."treeId" = t.id AND i.status = 'OPEN') AS "openTasks"
    FROM "ConversationTree" t WHERE t."projectId" = ${projectId}::uuid AND (${state}::text IS NULL OR t.state::text = ${state}::text)
    ORDER BY t.id DESC LIMIT ${Math.min(Math.max(options.limit ?? 100, 1), 1000)} OFFSET ${Math.max(options.offset ?? 0, 0)}`;
}

/** How many trees the project holds in each state (the team's filter shows them). */
export async function countProjectTreesByState(actor: TeamActor, projectId: string): Promise<Record<TreeStateName, number>> {
  await assertTeamProject(actor, projectId);
  const rows = await db.$queryRaw<{ state: TreeStateName; count: number }[]>`
    SELECT state::text AS state, count(*)::int AS count FROM "ConversationTree" WHERE "projectId" = ${projectId}::uuid GROUP BY state`;
  const counts: Record<TreeStateName, number> = { GROWING: 0, RANKING: 0, READY: 0, ABORTED: 0, HALTED: 0 };
  for (const row of rows) counts[row.state] = row.count;
  return counts;
}

export type TreeTaskView = {
  assignmentId: string;
  kind: TreeTaskKindName;
  /** The conversation so far, oldest first (for a review, it ends with the message under review). */
  conversation: { role: 'user' | 'assistant'; content: string }[];
  /** REPLY: the role the worker writes as. */
  replyAs: 'user' | 'assistant' | null;
  /**
   * RANK: the sibling replies as they are now, in an order of their own for each assignment (stable across reloads),
   * so no reply is always shown first. The answer names replies by id, so the order needs no converting back.
   */
  candidates: { id: string; text: string }[];
  /** REVIEW: the labels to score, 0..1, besides spam and a red flag. */
  labels: string[];
  maxTextLength: number;
  leaseExpiresAt: Date;
};

/** A worker's live tree task, read fresh from the tree (a ranking shows the group as it is now). */
export async function getTreeTaskView(workerId: string, assignmentId: string, tx: Tx | typeof db = db): Promise<TreeTaskView> {
  if (!isUuid(workerId) || !isUuid(assignmentId)) throw new AppError('NOT_FOUND', 'Task not found.');
  const [row] = await tx.$queryRaw<{ kind: TreeTaskKindName | null; messageId: string | null; treeConfig: unknown; leaseExpiresAt: Date }[]>`
    SELECT i."treeTaskKind"::text AS kind, i."treeMessageId"::text AS "messageId", p."treeConfig", a."leaseExpiresAt"
    FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId" JOIN "Project" p ON p.id = a."projectId"
    WHERE a.id = ${assignmentId}::uuid AND a."workerId" = ${workerId}::uuid AND a.status = 'ACTIVE'`;
  if (!row || !row.kind) throw new AppError('NOT_FOUND', 'Task not found.');
  const config = parseTreeConfig(row.treeConfig);
  const path = row.messageId ? await loadPath(tx as Tx, row.messageId) : [];
  const last = path[path.length - 1];
  let candidates: { id: string; text: string }[] = [];
  if (row.kind === 'RANK' && row.messageId) {
    const group = await tx.$queryRaw<{ id: string; text: string }[]>`
      SELECT id::text AS id, text FROM "TreeMessage" WHERE "parentId" = ${row.messageId}::uuid AND "deletedAt" IS NULL ORDER BY id`;
    // The phone's order (task-card.ts), which the submit records as the shown order (shown-order.ts).
    candidates = orderForAssignment(group, assignmentId);
  }
  return {
    assignmentId,
    kind: row.kind,
    conversation: path.map((m) => ({ role: chatRoleOf(m.role), content: m.text })),
    replyAs: row.kind === 'REPLY' && last ? (last.role === 'PROMPTER' ? 'assistant' : 'user') : row.kind === 'WRITE_PROMPT' ? 'user' : null,
    candidates,
    labels: row.kind === 'REVIEW' ? config.reviewLabels : [],
    maxTextLength: config.maxTextLength,
    leaseExpiresAt: row.leaseExpiresAt,
  };
}
