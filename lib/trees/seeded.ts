import 'server-only';
import { createUuidV7 } from '@/lib/assignment/ids';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { parseTreeConfig } from './config';
import { advanceTree } from './engine';
import { insertModelRepliesIn, type ModelReplyInput } from './model-replies';
import { toTextKey } from './text';

// A tree that starts from a whole conversation rather than a prompt (the agent API's jobs, lib/agents/tree-create.ts):
// the given turns are stored as one accepted branch (the sender vouches for them, as a team does for its prompt),
// optionally with model replies to its last turn, and the tree then grows under its project's settings. With
// replyFromDepth at the last turn's depth only that turn is answered; the earlier turns are never extended.

export type SeedTurn = { role: 'user' | 'assistant'; text: string };

export async function createSeededTreeIn(
  tx: Tx,
  projectId: string,
  input: { turns: SeedTurn[]; modelReplies?: ModelReplyInput[]; externalId?: string },
  now = new Date(),
): Promise<{ treeId: string; lastMessageId: string }> {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { treeConfig: true } });
  if (!project || project.treeConfig === null) throw new AppError('INVALID_STATE', 'This project is not a conversation-tree project.');
  const config = parseTreeConfig(project.treeConfig);
  if (input.turns.length === 0 || input.turns[0].role !== 'user') throw new AppError('INVALID_INPUT', 'A conversation starts with the user’s turn.');
  if (input.turns.length - 1 > config.maxDepth) throw new AppError('INVALID_INPUT', 'The conversation is deeper than the tree allows.');
  const treeId = createUuidV7(now.getTime());
  await tx.$executeRaw`
    INSERT INTO "ConversationTree" (id, "projectId", state, origin, "externalId", "createdAt", "updatedAt", "stateChangedAt")
    VALUES (${treeId}::uuid, ${projectId}::uuid, 'GROWING', 'TEAM', ${input.externalId ?? null}, ${now}, ${now}, ${now})`;
  let parentId: string | null = null;
  for (const [depth, turn] of input.turns.entries()) {
    const expected = depth % 2 === 0 ? 'user' : 'assistant';
    if (turn.role !== expected) throw new AppError('INVALID_INPUT', `Turn ${depth} must be the ${expected}’s: turns alternate.`);
    const text = turn.text.trim();
    if (text === '') throw new AppError('INVALID_INPUT', `Turn ${depth} is empty.`);
    const id = createUuidV7(now.getTime());
    await tx.$executeRaw`
      INSERT INTO "TreeMessage" (id, "treeId", "parentId", role, depth, "siblingSlot", text, "textKey", lang, "reviewState", "reviewedAt", "createdAt")
      VALUES (${id}::uuid, ${treeId}::uuid, ${parentId}::uuid, ${turn.role === 'user' ? 'PROMPTER' : 'ASSISTANT'}::"TreeRole", ${depth}::int, 0, ${text},
        ${toTextKey(text)}, ${config.lang}, 'ACCEPTED', ${now}, ${now})`;
    parentId = id;
  }
  const last = { id: parentId!, depth: input.turns.length - 1 };
  if (input.modelReplies?.length) {
    if (input.turns[last.depth].role !== 'user') throw new AppError('INVALID_INPUT', 'Model replies answer a user’s turn.');
    await insertModelRepliesIn(tx, { id: treeId, config }, last, input.modelReplies, now);
  }
  await advanceTree(tx, { id: treeId, projectId, state: 'GROWING', config }, now);
  return { treeId, lastMessageId: last.id };
}
