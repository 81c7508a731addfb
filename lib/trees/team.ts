import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { assertTeamProject, auditActorOf, type TeamActor } from '@/lib/teams/actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createTree, type NewTreeInput } from './engine';
import { addModelReplies, type ModelReplyInput } from './model-replies';
import { exportOasstJsonl, importOasstTrees, type OasstImportResult } from './oasst-store';

// The team's tree operations (team API, and the team pages to come): each checks that the project is the caller's
// team's, then delegates to the engine or the oasst store. Writes are audited.

export async function createTreeForTeam(actor: TeamActor, projectId: string, input: NewTreeInput): Promise<{ treeId: string }> {
  await assertTeamProject(actor, projectId);
  const created = await createTree(projectId, input);
  await recordAudit({ actor: auditActorOf(actor), action: 'tree.create', targetType: 'ConversationTree', targetId: created.treeId, after: { projectId, seeded: Boolean(input.prompt) } });
  return created;
}

export async function importOasstForTeam(actor: TeamActor, projectId: string, jsonl: string): Promise<OasstImportResult> {
  await assertTeamProject(actor, projectId);
  const result = await importOasstTrees(projectId, jsonl);
  await recordAudit({ actor: auditActorOf(actor), action: 'tree.import', targetType: 'Project', targetId: projectId, after: { imported: result.imported, skipped: result.skipped, errors: result.errors.length } });
  return result;
}

export async function exportOasstForTeam(actor: TeamActor, projectId: string): Promise<string> {
  await assertTeamProject(actor, projectId);
  return exportOasstJsonl(projectId);
}

/** Adds model replies to a message of one of the team's trees (marked synthetic, ranked with the workers' replies). */
export async function addModelRepliesForTeam(
  actor: TeamActor,
  projectId: string,
  treeId: string,
  input: { parentId: string; replies: ModelReplyInput[] },
): Promise<{ messageIds: string[] }> {
  await assertTeamProject(actor, projectId);
  const tree = await db.conversationTree.findFirst({ where: { id: treeId, projectId }, select: { id: true } });
  if (!tree) throw new AppError('NOT_FOUND', 'Conversation tree not found.');
  const added = await addModelReplies(treeId, input.parentId, input.replies);
  await recordAudit({ actor: auditActorOf(actor), action: 'tree.model_replies', targetType: 'ConversationTree', targetId: treeId, after: { parentId: input.parentId, count: added.messageIds.length } });
  return added;
}
