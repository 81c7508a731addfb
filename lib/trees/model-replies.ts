import 'server-only';
import { createUuidV7, isUuid } from '@/lib/assignment/ids';
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { advanceTree, lockTree, type LockedTree } from './engine';
import { isTerminalState } from './lifecycle';
import { getLiveChildren } from './messages';
import { assertNotDuplicate, checkTreeText, toTextKey } from './text';

// Model replies a team adds beside the workers' (the issue's "model replies uploaded as extra siblings and marked as
// such"): synthetic assistant messages with their model's name, accepted as given, ranked blind with the workers'
// replies to the same message, never extended, and never counted toward repliesPerMessage or the tree's size goal.
// They take sibling slots from MODEL_SLOT_BASE up, apart from the workers' 0..repliesPerMessage-1.

export const MODEL_SLOT_BASE = 1000;
export const MAX_MODEL_REPLIES = 20;

/** `externalId`: the sender's own id for the reply (the agent API's candidate ids), kept as TreeMessage.externalId. */
export type ModelReplyInput = { text: string; modelName: string; externalId?: string };

/** Adds model replies to a prompter message of a growing tree. A group already ranked is ranked again with them. */
export async function addModelReplies(treeId: string, parentId: string, replies: ModelReplyInput[], now = new Date()): Promise<{ messageIds: string[] }> {
  if (!isUuid(treeId) || !isUuid(parentId)) throw new AppError('NOT_FOUND', 'Message not found.');
  if (replies.length === 0 || replies.length > MAX_MODEL_REPLIES) throw new AppError('INVALID_INPUT', `Give 1 to ${MAX_MODEL_REPLIES} model replies.`);
  return db.$transaction(async (tx) => {
    const tree = await lockTree(tx, treeId);
    if (isTerminalState(tree.state)) throw new AppError('INVALID_STATE', 'This conversation is finished: it takes no more replies.');
    const [parent] = await tx.$queryRaw<{ role: string; depth: number; reviewState: string; deleted: boolean }[]>`
      SELECT role::text AS role, depth, "reviewState"::text AS "reviewState", "deletedAt" IS NOT NULL AS deleted
      FROM "TreeMessage" WHERE id = ${parentId}::uuid AND "treeId" = ${treeId}::uuid`;
    if (!parent || parent.deleted) throw new AppError('NOT_FOUND', 'Message not found.');
    if (parent.role !== 'PROMPTER') throw new AppError('INVALID_INPUT', 'Model replies answer a user’s message: this one is the assistant’s.');
    if (parent.reviewState !== 'ACCEPTED') throw new AppError('INVALID_STATE', 'This message has not passed review yet.');
    if (parent.depth >= tree.config.maxDepth) throw new AppError('INVALID_STATE', 'This message is at the tree’s depth limit: it takes no replies.');
    const { messageIds } = await insertModelRepliesIn(tx, tree, { id: parentId, depth: parent.depth }, replies, now);
    // The group changed: an open ranking of it is void (a fresh round opens with the model replies in it).
    await tx.$executeRaw`
      UPDATE "Item" SET status = 'CANCELLED', "openSlots" = 0
      WHERE "treeMessageId" = ${parentId}::uuid AND "treeTaskKind" = 'RANK' AND status = 'OPEN'`;
    await tx.$executeRaw`UPDATE "TreeMessage" SET "rankingCount" = 0 WHERE id = ${parentId}::uuid`;
    await advanceTree(tx, tree, now);
    return { messageIds };
  }, TRANSACTION_OPTIONS);
}

/**
 * Inserts model replies under a prompter message (checked by the caller) without advancing the tree: checks each
 * text and model name, and refuses a reply that repeats a live sibling or an earlier one of the list.
 */
export async function insertModelRepliesIn(
  tx: Tx,
  tree: Pick<LockedTree, 'id' | 'config'>,
  parent: { id: string; depth: number },
  replies: ModelReplyInput[],
  now: Date,
): Promise<{ messageIds: string[] }> {
  const siblings = await getLiveChildren(tx, parent.id);
  const keys = siblings.map((s) => s.textKey);
  let slot = Math.max(MODEL_SLOT_BASE - 1, ...siblings.map((s) => s.siblingSlot)) + 1;
  const messageIds: string[] = [];
  for (const reply of replies) {
    const text = checkTreeText(reply.text, tree.config);
    const modelName = reply.modelName.trim();
    if (modelName === '' || modelName.length > 200) throw new AppError('INVALID_INPUT', 'Name the model (1 to 200 characters).');
    const textKey = toTextKey(text);
    assertNotDuplicate(textKey, keys);
    keys.push(textKey);
    const id = createUuidV7(now.getTime());
    await tx.$executeRaw`
      INSERT INTO "TreeMessage" (id, "treeId", "parentId", role, depth, "siblingSlot", text, "textKey", lang, "isSynthetic", "modelName",
        "externalId", "reviewState", "reviewedAt", "createdAt")
      VALUES (${id}::uuid, ${tree.id}::uuid, ${parent.id}::uuid, 'ASSISTANT', ${parent.depth + 1}::int, ${slot++}::int, ${text}, ${textKey},
        ${tree.config.lang}, true, ${modelName}, ${reply.externalId ?? null}, 'ACCEPTED', ${now}, ${now})`;
    messageIds.push(id);
  }
  return { messageIds };
}
