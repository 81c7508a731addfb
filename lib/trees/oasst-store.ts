import 'server-only';
import { createUuidV7 } from '@/lib/assignment/ids';
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { db, type Prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { parseTreeConfig } from './config';
import { advanceTree } from './engine';
import { buildOasstTree, fromOasstTreeState, parseOasstJsonl, toOasstTreeState, type OasstRow, type OasstTree } from './oasst';
import { toTextKey } from './text';

// oasst trees in and out of a tree project. Import stores each tree as it is (its ids kept as externalId, its
// review results, ranks, deletions, emojis and labels as given, its model replies marked synthetic); a tree that is
// still growing in the file grows on here under the project's settings. Export writes oasst's shape back; for trees
// grown here the ids are Boltwork's own and the labels are the peer reviews' aggregate.

export type OasstImportResult = { imported: number; skipped: number; errors: { line: number; reason: string }[] };

/**
 * Imports a JSONL file of oasst trees into a tree project. A tree whose message_tree_id is already in the project is
 * skipped (a retried upload imports nothing twice). Lines that don't parse are reported by number; the others import.
 */
export async function importOasstTrees(projectId: string, jsonl: string, now = new Date()): Promise<OasstImportResult> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { treeConfig: true } });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  if (project.treeConfig === null) throw new AppError('INVALID_STATE', 'This project is not a conversation-tree project.');
  const config = parseTreeConfig(project.treeConfig);
  const { trees, errors } = parseOasstJsonl(jsonl);
  let imported = 0;
  let skipped = 0;
  for (const { tree, rows } of trees) {
    const created = await db.$transaction(async (tx) => {
      const treeId = createUuidV7(now.getTime());
      const state = fromOasstTreeState(tree.tree_state);
      const inserted = await tx.$executeRaw`
        INSERT INTO "ConversationTree" (id, "projectId", state, origin, "externalId", "createdAt", "updatedAt", "stateChangedAt")
        VALUES (${treeId}::uuid, ${projectId}::uuid, ${state}::"TreeState", 'IMPORT', ${tree.message_tree_id}, ${now}, ${now}, ${now})
        ON CONFLICT ("projectId", "externalId") DO NOTHING`;
      if (inserted === 0) return false;
      const ids = new Map(rows.map((row) => [row.message_id, createUuidV7(now.getTime())]));
      await tx.treeMessage.createMany({ data: rows.map((row) => toMessageRow(row, treeId, ids, now)) });
      if (state === 'GROWING' || state === 'RANKING') await advanceTree(tx, { id: treeId, projectId, state, config }, now);
      return true;
    }, TRANSACTION_OPTIONS);
    if (created) imported += 1;
    else skipped += 1;
  }
  return { imported, skipped, errors };
}

function toMessageRow(row: OasstRow, treeId: string, ids: Map<string, string>, now: Date): Prisma.TreeMessageCreateManyInput {
  const reviewState = row.review_result === null ? 'PENDING' : row.review_result ? 'ACCEPTED' : 'REJECTED';
  return {
    id: ids.get(row.message_id)!,
    treeId,
    parentId: row.parent_id === null ? null : ids.get(row.parent_id)!,
    externalId: row.message_id,
    role: row.role === 'prompter' ? 'PROMPTER' : 'ASSISTANT',
    depth: row.depth,
    siblingSlot: row.siblingSlot,
    text: row.text,
    textKey: toTextKey(row.text),
    lang: row.lang,
    isSynthetic: row.synthetic,
    modelName: row.model_name ?? null,
    reviewState,
    reviewCount: row.review_count,
    acceptVotes: row.review_result ? row.review_count : 0,
    rank: row.rank ?? null,
    emojis: row.emojis ?? undefined,
    labels: row.labels ?? undefined,
    deletedAt: row.deleted ? now : null,
    deletedReason: row.deleted ? 'deleted in the imported tree' : null,
    createdAt: now,
  };
}

/**
 * One tree in oasst's export shape. With `pseudonym`, each worker-written message carries `user_id` (the team's
 * pseudonym of its author, as in exports); without, no author is written (the team API's oasst download).
 */
export async function exportOasstTree(treeId: string, options: { pseudonym?: (workerId: string) => string } = {}): Promise<OasstTree> {
  const tree = await db.conversationTree.findUnique({
    where: { id: treeId },
    select: {
      id: true,
      externalId: true,
      state: true,
      messages: {
        select: {
          id: true, parentId: true, externalId: true, authorWorkerId: true, role: true, depth: true, siblingSlot: true, text: true, lang: true,
          isSynthetic: true, modelName: true, reviewState: true, reviewCount: true, rank: true, emojis: true, labels: true, deletedAt: true,
        },
      },
    },
  });
  if (!tree) throw new AppError('NOT_FOUND', 'Conversation tree not found.');
  const idOf = new Map(tree.messages.map((m) => [m.id, m.externalId ?? m.id]));
  const rows: OasstRow[] = tree.messages.map((m) => ({
    message_id: idOf.get(m.id)!,
    parent_id: m.parentId === null ? null : idOf.get(m.parentId)!,
    ...(options.pseudonym && m.authorWorkerId !== null && { user_id: options.pseudonym(m.authorWorkerId) }),
    text: m.text,
    role: m.role === 'PROMPTER' ? 'prompter' : 'assistant',
    lang: m.lang,
    review_count: m.reviewCount,
    review_result: m.reviewState === 'PENDING' ? null : m.reviewState === 'ACCEPTED',
    deleted: m.deletedAt !== null,
    ...(m.rank !== null && { rank: m.rank }),
    synthetic: m.isSynthetic,
    ...(m.modelName !== null && { model_name: m.modelName }),
    ...(m.emojis !== null && { emojis: m.emojis as Record<string, number> }),
    ...(m.labels !== null && { labels: m.labels as Record<string, { value: number; count: number }> }),
    depth: m.depth,
    siblingSlot: m.siblingSlot,
  }));
  return buildOasstTree({ message_tree_id: tree.externalId ?? tree.id, tree_state: toOasstTreeState(tree.state) }, rows);
}

/** Every tree of the project with at least its prompt, oldest first, one JSON line each. */
export async function exportOasstJsonl(projectId: string): Promise<string> {
  const trees = await db.conversationTree.findMany({ where: { projectId, messages: { some: {} } }, select: { id: true }, orderBy: { id: 'asc' } });
  const lines: string[] = [];
  for (const { id } of trees) lines.push(JSON.stringify(await exportOasstTree(id)));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
