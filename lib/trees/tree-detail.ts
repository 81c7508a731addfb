import 'server-only';
import { isUuid } from '@/lib/assignment/ids';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { assertTeamProject, type TeamActor } from '@/lib/teams/actor';
import { defaultDisplayName } from '@/lib/workers/profiles';
import type { TreeStateName, TreeTaskKindName } from './lifecycle';

// One tree as its team sees it (team API and tree page): its state and why, and every message, pruned ones
// included, with who wrote it (a worker's public code, a model's name, the team's seed, or an import), its review
// outcome and label averages, its rank among its siblings, red flags, and the tasks still open on it.

export type TreeAuthor = { kind: 'WORKER'; code: string } | { kind: 'MODEL'; modelName: string } | { kind: 'TEAM' } | { kind: 'IMPORT' };

export type OpenTreeTask = { itemId: string; kind: TreeTaskKindName; round: number; judgmentsNeeded: number; judgmentsDone: number; openSlots: number };

export type TreeMessageDetail = {
  id: string;
  parentId: string | null;
  role: 'PROMPTER' | 'ASSISTANT';
  depth: number;
  siblingSlot: number;
  text: string;
  lang: string;
  externalId: string | null;
  author: TreeAuthor;
  reviewState: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  reviewCount: number;
  acceptVotes: number;
  /** oasst's shape: the average value (0..1) of each label and how many reviews gave it. */
  labels: Record<string, { value: number; count: number }>;
  rank: number | null;
  redFlagCount: number;
  deletedAt: Date | null;
  deletedReason: string | null;
  createdAt: Date;
  /** Tasks open on this message: its reviews, the replies to it, the ranking of its replies. */
  openTasks: OpenTreeTask[];
};

export type TreeDetail = {
  id: string;
  projectId: string;
  externalId: string | null;
  state: TreeStateName;
  stateReason: string | null;
  stateChangedAt: Date;
  origin: 'WORKER' | 'TEAM' | 'IMPORT';
  skipCount: number;
  createdAt: Date;
  /** Depth, sibling order: parents before their replies. */
  messages: TreeMessageDetail[];
  /** Open tasks not about a message (the "write a prompt" task). */
  openTasks: OpenTreeTask[];
};

type MessageRow = Omit<TreeMessageDetail, 'author' | 'openTasks' | 'labels'> & {
  labels: unknown;
  isSynthetic: boolean;
  modelName: string | null;
  linkingKey: string | null;
};

/** The team's tree with all its messages; another team's tree, or one of another project, is not found. */
export async function getTreeDetail(actor: TeamActor, projectId: string, treeId: string): Promise<TreeDetail> {
  await assertTeamProject(actor, projectId);
  if (!isUuid(treeId)) throw new AppError('NOT_FOUND', 'Conversation tree not found.');
  const tree = await db.conversationTree.findFirst({
    where: { id: treeId, projectId },
    select: { id: true, projectId: true, externalId: true, state: true, stateReason: true, stateChangedAt: true, origin: true, skipCount: true, createdAt: true },
  });
  if (!tree) throw new AppError('NOT_FOUND', 'Conversation tree not found.');
  const rows = await db.$queryRaw<MessageRow[]>`
    SELECT m.id::text AS id, m."parentId"::text AS "parentId", m.role::text AS role, m.depth, m."siblingSlot", m.text, m.lang, m."externalId",
      m."reviewState"::text AS "reviewState", m."reviewCount", m."acceptVotes", m.labels, m.rank, m."redFlagCount", m."deletedAt",
      m."deletedReason", m."createdAt", m."isSynthetic", m."modelName", w."linkingKey"
    FROM "TreeMessage" m LEFT JOIN "WorkerProfile" w ON w.id = m."authorWorkerId"
    WHERE m."treeId" = ${treeId}::uuid ORDER BY m.depth, m."parentId", m."siblingSlot", m.id`;
  const tasks = await db.$queryRaw<(OpenTreeTask & { messageId: string | null })[]>`
    SELECT id::text AS "itemId", "treeMessageId"::text AS "messageId", "treeTaskKind"::text AS kind, "treeRound" AS round,
      "judgmentsNeeded", "judgmentsDone", "openSlots"
    FROM "Item" WHERE "treeId" = ${treeId}::uuid AND status = 'OPEN' ORDER BY "createdAt", id`;
  const tasksOf = (messageId: string | null) => tasks.filter((task) => task.messageId === messageId).map(({ messageId: _messageId, ...task }) => task);
  return {
    ...tree,
    messages: rows.map(({ isSynthetic, modelName, linkingKey, labels, ...row }) => ({
      ...row,
      author: authorOf({ isSynthetic, modelName, linkingKey, depth: row.depth, origin: tree.origin }),
      labels: toLabels(labels),
      openTasks: tasksOf(row.id),
    })),
    openTasks: tasksOf(null),
  };
}

function authorOf(m: { isSynthetic: boolean; modelName: string | null; linkingKey: string | null; depth: number; origin: string }): TreeAuthor {
  if (m.isSynthetic) return { kind: 'MODEL', modelName: m.modelName ?? 'model' };
  // The public code every worker card prints, never the worker's id or chosen name.
  if (m.linkingKey) return { kind: 'WORKER', code: defaultDisplayName(m.linkingKey).replace(/^Worker /, '') };
  return m.origin === 'TEAM' && m.depth === 0 ? { kind: 'TEAM' } : { kind: 'IMPORT' };
}

/** Stored labels are oasst's `{ name: { value, count } }`; anything else is left out rather than shown wrong. */
function toLabels(value: unknown): Record<string, { value: number; count: number }> {
  if (typeof value !== 'object' || value === null) return {};
  const labels: Record<string, { value: number; count: number }> = {};
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    const { value: average, count } = (entry ?? {}) as { value?: unknown; count?: unknown };
    if (typeof average === 'number' && typeof count === 'number') labels[name] = { value: average, count };
  }
  return labels;
}
