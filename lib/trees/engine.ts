import 'server-only';
import { createUuidV7 } from '@/lib/assignment/ids';
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { parseTreeConfig, type TreeConfig } from './config';
import { planTree, type SnapshotMessage, type SnapshotTask, type TreeSnapshot, type TreeStateName, type TreeTaskKindName } from './lifecycle';
import { lockTreeRow } from './prune';
import { toTextKey } from './text';

// Applies the lifecycle's decisions (lifecycle.ts) to the database. Every function here runs inside a transaction
// that holds the tree's row lock (lockTreeRow), so two workers, or two app servers, never decide for one tree at
// once. Tasks are ordinary Items of the tree's project (kind, tree, message and round in their tree* columns), so
// leases, slots, budget, quality, payment and appeals are the task loop's own. Opening a task is idempotent: the
// unique (treeMessageId, treeTaskKind, treeRound) key makes a second insert a no-op.

export type LockedTree = { id: string; projectId: string; state: TreeStateName; config: TreeConfig };

/** Locks the tree and reads its project's settings. */
export async function lockTree(tx: Tx, treeId: string): Promise<LockedTree> {
  const locked = await lockTreeRow(tx, treeId);
  if (!locked) throw new AppError('NOT_FOUND', 'Conversation tree not found.');
  const [row] = await tx.$queryRaw<{ projectId: string; state: TreeStateName; treeConfig: unknown }[]>`
    SELECT t."projectId"::text AS "projectId", t.state::text AS state, p."treeConfig"
    FROM "ConversationTree" t JOIN "Project" p ON p.id = t."projectId" WHERE t.id = ${treeId}::uuid`;
  if (row.treeConfig === null) throw new AppError('INVALID_STATE', 'This project is not a conversation-tree project.');
  return { id: treeId, projectId: row.projectId, state: row.state, config: parseTreeConfig(row.treeConfig) };
}

export async function loadTreeSnapshot(tx: Tx, treeId: string): Promise<TreeSnapshot> {
  const [tree] = await tx.$queryRaw<{ state: TreeStateName; stateReason: string | null; skipCount: number }[]>`
    SELECT state::text AS state, "stateReason", "skipCount" FROM "ConversationTree" WHERE id = ${treeId}::uuid`;
  const messages = await tx.$queryRaw<SnapshotMessage[]>`
    SELECT id::text AS id, "parentId"::text AS "parentId", depth, "siblingSlot", "reviewState"::text AS "reviewState",
      "deletedAt" IS NOT NULL AS "isDeleted", "isSynthetic", rank
    FROM "TreeMessage" WHERE "treeId" = ${treeId}::uuid ORDER BY depth, "siblingSlot", id`;
  const tasks = await tx.$queryRaw<SnapshotTask[]>`
    SELECT "treeTaskKind"::text AS kind, "treeMessageId"::text AS "messageId", "treeRound" AS round, status::text AS status,
      "judgmentsNeeded", "judgmentsDone"
    FROM "Item" WHERE "treeId" = ${treeId}::uuid`;
  return { ...tree, messages, tasks };
}

/**
 * Brings the tree up to date: opens the tasks the lifecycle asks for and records its state (and why). Call it
 * after every change, in the same transaction, with the tree locked.
 */
export async function advanceTree(tx: Tx, tree: LockedTree, now = new Date()): Promise<TreeStateName> {
  const snapshot = await loadTreeSnapshot(tx, tree.id);
  const plan = planTree(snapshot, tree.config);
  if (plan.openPromptTask) await openTreeTask(tx, tree, { kind: 'WRITE_PROMPT', messageId: null, round: 0, needed: 1, now });
  for (const group of plan.openReplyGroups) await openTreeTask(tx, tree, { kind: 'REPLY', messageId: group.parentId, round: 0, needed: group.slots, now });
  for (const ranking of plan.openRankings) {
    await openTreeTask(tx, tree, { kind: 'RANK', messageId: ranking.parentId, round: ranking.round, needed: tree.config.rankingsPerGroup, now, candidateIds: ranking.candidateIds });
  }
  if (plan.state !== snapshot.state || plan.reason !== snapshot.stateReason) {
    await tx.$executeRaw`
      UPDATE "ConversationTree" SET state = ${plan.state}::"TreeState", "stateReason" = ${plan.reason}, "updatedAt" = ${now},
        "stateChangedAt" = CASE WHEN state = ${plan.state}::"TreeState" THEN "stateChangedAt" ELSE ${now} END
      WHERE id = ${tree.id}::uuid`;
  }
  if (plan.state === 'HALTED' || plan.state === 'ABORTED') {
    await tx.$executeRaw`UPDATE "Item" SET status = 'CANCELLED', "openSlots" = 0 WHERE "treeId" = ${tree.id}::uuid AND status = 'OPEN'`;
  }
  tree.state = plan.state;
  return plan.state;
}

type TaskSpec = { kind: TreeTaskKindName; messageId: string | null; round: number; needed: number; now: Date; candidateIds?: string[] };

type PathMessage = { id: string; role: 'PROMPTER' | 'ASSISTANT'; text: string; authorWorkerId: string | null };

/** The conversation from the prompt down to the message, oldest first. */
export async function loadPath(tx: Tx, messageId: string): Promise<PathMessage[]> {
  const rows = await tx.$queryRaw<(PathMessage & { depth: number })[]>`
    WITH RECURSIVE path AS (
      SELECT id, "parentId", role, text, "authorWorkerId", depth FROM "TreeMessage" WHERE id = ${messageId}::uuid
      UNION ALL
      SELECT m.id, m."parentId", m.role, m.text, m."authorWorkerId", m.depth FROM "TreeMessage" m JOIN path p ON m.id = p."parentId"
    )
    SELECT id::text AS id, role::text AS role, text, "authorWorkerId"::text AS "authorWorkerId", depth FROM path ORDER BY depth`;
  return rows.map(({ depth: _depth, ...message }) => message);
}

/** Chat roles as the task widgets and the training formats name them. */
export const chatRoleOf = (role: 'PROMPTER' | 'ASSISTANT') => (role === 'PROMPTER' ? 'user' : 'assistant');

/**
 * Inserts one tree task as an Item of the project, with the conversation so far in its payload (a valid WRITING
 * payload, so the task loop can lease and show it) and the authors it must never reach BARRED from it. A task
 * opened before (same message, kind and round) is left as it is.
 */
async function openTreeTask(tx: Tx, tree: LockedTree, spec: TaskSpec): Promise<void> {
  const path = spec.messageId ? await loadPath(tx, spec.messageId) : [];
  const conversation = path.map((m) => ({ role: chatRoleOf(m.role), content: m.text }));
  let candidates: { id: string; text: string; authorWorkerId: string | null }[] = [];
  if (spec.kind === 'RANK') {
    candidates = await tx.$queryRaw<{ id: string; text: string; authorWorkerId: string | null }[]>`
      SELECT id::text AS id, text, "authorWorkerId"::text AS "authorWorkerId" FROM "TreeMessage"
      WHERE id = ANY(${spec.candidateIds ?? []}::uuid[]) ORDER BY "siblingSlot", id`;
  }
  const last = path[path.length - 1];
  const payload = {
    ...(conversation.length > 0 ? { conversation } : { prompt: 'Write the first message a user would send to an AI assistant.' }),
    tree: {
      kind: spec.kind,
      treeId: tree.id,
      messageId: spec.messageId,
      round: spec.round,
      /** What this task pays (Item.rewardMsats), for the phone to show: msats as a decimal string. */
      rewardMsats: tree.config.rewardsMsats[spec.kind].toString(),
      ...(spec.kind === 'REPLY' && last ? { replyAs: last.role === 'PROMPTER' ? 'assistant' : 'user' } : {}),
      ...(spec.kind === 'REVIEW' ? { labels: tree.config.reviewLabels } : {}),
      ...(spec.kind === 'RANK' ? { candidates: candidates.map(({ id, text }) => ({ id, text })) } : {}),
    },
  };
  const itemId = createUuidV7(spec.now.getTime());
  const externalId = `tree:${tree.id}:${spec.kind.toLowerCase()}:${spec.messageId ?? 'root'}:${spec.round}`;
  const inserted = await tx.$executeRaw`
    INSERT INTO "Item" (id, "projectId", "externalId", payload, "judgmentsNeeded", "openSlots", "rewardMsats",
      "treeId", "treeMessageId", "treeTaskKind", "treeRound", "createdAt")
    VALUES (${itemId}::uuid, ${tree.projectId}::uuid, ${externalId}, ${JSON.stringify(payload)}::jsonb, ${spec.needed}::int,
      ${spec.needed}::int, ${tree.config.rewardsMsats[spec.kind]}::bigint, ${tree.id}::uuid, ${spec.messageId}::uuid,
      ${spec.kind}::"TreeTaskKind", ${spec.round}::int, ${spec.now})
    ON CONFLICT DO NOTHING`;
  if (inserted === 0) return;
  const barred = new Set<string>();
  if (spec.kind === 'REVIEW' && last?.authorWorkerId) barred.add(last.authorWorkerId);
  for (const candidate of candidates) if (candidate.authorWorkerId) barred.add(candidate.authorWorkerId);
  for (const workerId of [...barred].sort()) {
    await tx.$executeRaw`
      INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "leasedAt", "leaseExpiresAt", "finishedAt", "skipReason")
      VALUES (${createUuidV7()}::uuid, ${itemId}::uuid, ${tree.projectId}::uuid, ${workerId}::uuid, 'BARRED', ${spec.now}, ${spec.now},
        ${spec.now}, 'own message')
      ON CONFLICT ("workerId", "itemId") DO NOTHING`;
  }
}

/**
 * Closes a message's open task of a kind once the tree has what it needs from it (the group full, the reviews or the
 * rankings in), whatever its slots say: leases still out on it are refused at submit and their slots go nowhere.
 */
export async function closeTreeTask(tx: Tx, messageId: string, kind: TreeTaskKindName, now: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Item" SET status = 'DONE', "openSlots" = 0, "completedAt" = ${now}
    WHERE "treeMessageId" = ${messageId}::uuid AND "treeTaskKind" = ${kind}::"TreeTaskKind" AND status = 'OPEN'`;
}

/** Opens the review task of a message just written (its author barred from it). */
export async function openReviewTask(tx: Tx, tree: LockedTree, messageId: string, now: Date): Promise<void> {
  await openTreeTask(tx, tree, { kind: 'REVIEW', messageId, round: 0, needed: tree.config.reviewsPerMessage, now });
}

export type NewTreeInput = {
  /** The team's prompt; without one a worker writes it (promptSource "workers"). */
  prompt?: { text: string; lang?: string };
  externalId?: string;
};

/**
 * Starts a tree in a tree project: with the team's prompt (accepted as given: the team vouches for it) the first
 * reply task opens at once; without one, a "write a prompt" task does.
 */
export async function createTree(projectId: string, input: NewTreeInput = {}, now = new Date()): Promise<{ treeId: string }> {
  return db.$transaction((tx) => createTreeIn(tx, projectId, input, now), TRANSACTION_OPTIONS);
}

/** createTree inside a transaction of the caller's (the demo seed makes its project and trees in one). */
export async function createTreeIn(tx: Tx, projectId: string, input: NewTreeInput = {}, now = new Date()): Promise<{ treeId: string }> {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { treeConfig: true } });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  if (project.treeConfig === null) throw new AppError('INVALID_STATE', 'This project is not a conversation-tree project.');
  const config = parseTreeConfig(project.treeConfig);
  if (!input.prompt && config.promptSource === 'team') throw new AppError('INVALID_INPUT', 'This project grows trees from the team’s prompts: give one.');
  const treeId = createUuidV7(now.getTime());
  await tx.$executeRaw`
    INSERT INTO "ConversationTree" (id, "projectId", state, origin, "externalId", "createdAt", "updatedAt", "stateChangedAt")
    VALUES (${treeId}::uuid, ${projectId}::uuid, 'GROWING', ${input.prompt ? 'TEAM' : 'WORKER'}::"TreeOrigin", ${input.externalId ?? null}, ${now}, ${now}, ${now})`;
  if (input.prompt) {
    const text = input.prompt.text.trim();
    if (text === '') throw new AppError('INVALID_INPUT', 'The prompt is empty.');
    await tx.$executeRaw`
      INSERT INTO "TreeMessage" (id, "treeId", role, depth, "siblingSlot", text, "textKey", lang, "reviewState", "reviewedAt", "createdAt")
      VALUES (${createUuidV7(now.getTime())}::uuid, ${treeId}::uuid, 'PROMPTER', 0, 0, ${text}, ${toTextKey(text)}, ${input.prompt.lang ?? config.lang},
        'ACCEPTED', ${now}, ${now})`;
  }
  await advanceTree(tx, { id: treeId, projectId, state: 'GROWING', config }, now);
  return { treeId };
}
