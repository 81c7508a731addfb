import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { assertTeamProject, auditActorOf, type TeamActor } from '@/lib/teams/actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createTree, type NewTreeInput } from './engine';
import { addModelReplies, type ModelReplyInput } from './model-replies';
import { importModelReplyFile, type ModelReplyUploadResult } from './model-reply-upload';
import { exportOasstJsonl, importOasstTrees, type OasstImportResult } from './oasst-store';
import { importGoldReviews, type GoldUploadResult } from './gold-store';
import { importSeedPrompts, type SeedUploadResult } from './seed-store';
import type { ByteSource } from '@/lib/batches/parse';
import type { UploadFormat } from './upload-lines';

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

/** A file of seed prompts (JSONL or CSV/TSV): a tree per new prompt; duplicates skipped, bad lines reported. */
export async function uploadSeedPromptsForTeam(actor: TeamActor, projectId: string, source: ByteSource, format: UploadFormat): Promise<SeedUploadResult> {
  await assertTeamProject(actor, projectId);
  const result = await importSeedPrompts(projectId, source, format);
  await recordAudit({ actor: auditActorOf(actor), action: 'tree.seed_upload', targetType: 'Project', targetId: projectId, after: { created: result.created, skipped: result.skipped, errors: result.errorCount } });
  return result;
}

/** A JSONL file of model replies to the team's trees; replies already there skipped, bad lines reported. */
export async function uploadModelRepliesForTeam(actor: TeamActor, projectId: string, source: ByteSource): Promise<ModelReplyUploadResult> {
  await assertTeamProject(actor, projectId);
  const result = await importModelReplyFile(projectId, source);
  await recordAudit({ actor: auditActorOf(actor), action: 'tree.model_reply_upload', targetType: 'Project', targetId: projectId, after: { added: result.added, skipped: result.skipped, errors: result.errorCount } });
  return result;
}

/** A JSONL file of gold reviews (the exam's questions, and gold checks mixed into the work); duplicates skipped, bad lines reported. */
export async function uploadGoldReviewsForTeam(actor: TeamActor, projectId: string, source: ByteSource): Promise<GoldUploadResult> {
  await assertTeamProject(actor, projectId);
  const result = await importGoldReviews(projectId, source);
  await recordAudit({ actor: auditActorOf(actor), action: 'tree.gold_upload', targetType: 'Project', targetId: projectId, after: { created: result.created, skipped: result.skipped, errors: result.errorCount } });
  return result;
}
