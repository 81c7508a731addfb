import 'server-only';
import type { ByteSource } from '@/lib/batches/parse';
import { isUuid } from '@/lib/assignment/ids';
import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { toModelReplyLine, type ModelReplyLine } from './model-reply-file';
import { addModelReplies } from './model-replies';
import { loadOpenTreeProject } from './seed-store';
import { toTextKey } from './text';
import { readUploadRecords, reportedErrors, type LineError } from './upload-lines';

// A JSONL file of model replies (model-reply-file.ts) added line by line through addModelReplies, each in its own
// transaction under its tree's lock. A reply whose model already said the same thing to that message is skipped and
// counted, so uploading the file again adds nothing twice; any other refusal is reported with its line number.

export type ModelReplyUploadResult = { lines: number; added: number; skipped: number; errorCount: number; errors: LineError[] };

export async function importModelReplyFile(projectId: string, source: ByteSource, now = new Date()): Promise<ModelReplyUploadResult> {
  await loadOpenTreeProject(projectId);
  const read = await readUploadRecords(source, 'jsonl');
  const errors: LineError[] = [...read.errors];
  let added = 0;
  let skipped = 0;
  for (const record of read.records) {
    const line = toModelReplyLine(record);
    if ('reason' in line) {
      errors.push(line);
      continue;
    }
    const outcome = await addOne(projectId, line, now);
    if (outcome === 'added') added += 1;
    else if (outcome === 'skipped') skipped += 1;
    else errors.push({ line: line.line, reason: outcome.reason });
  }
  return { lines: read.records.length + read.errors.length, added, skipped, errorCount: errors.length, errors: reportedErrors(errors) };
}

async function addOne(projectId: string, line: ModelReplyLine, now: Date): Promise<'added' | 'skipped' | { reason: string }> {
  const target = await resolveParent(projectId, line);
  if ('reason' in target) return target;
  if (await hasSameModelReply(target.parentId, line)) return 'skipped';
  try {
    await addModelReplies(target.treeId, target.parentId, [{ text: line.text, modelName: line.modelName }], now);
    return 'added';
  } catch (error) {
    if (!isAppError(error)) throw error;
    // A concurrent upload of the same line got there first: the same outcome as a re-upload.
    if (error.code === 'CONFLICT' && (await hasSameModelReply(target.parentId, line))) return 'skipped';
    return { reason: error.message };
  }
}

/** The tree (by id or externalId, in this project) and the message replied to (id, oasst message_id, or "prompt"). */
async function resolveParent(projectId: string, line: ModelReplyLine): Promise<{ treeId: string; parentId: string } | { reason: string }> {
  const tree = await db.conversationTree.findFirst({
    where: 'id' in line.tree ? { id: line.tree.id, projectId } : { externalId: line.tree.externalId, projectId },
    select: { id: true },
  });
  if (!tree) return { reason: 'id' in line.tree ? `no tree ${line.tree.id} in this project` : `no tree with externalId "${line.tree.externalId}" in this project` };
  const where =
    line.parent === 'prompt' ? { treeId: tree.id, parentId: null } : isUuid(line.parent) ? { treeId: tree.id, id: line.parent } : { treeId: tree.id, externalId: line.parent };
  const parent = await db.treeMessage.findFirst({ where, select: { id: true } });
  if (!parent) return { reason: line.parent === 'prompt' ? 'this tree has no prompt yet' : `no message "${line.parent}" in this tree` };
  return { treeId: tree.id, parentId: parent.id };
}

async function hasSameModelReply(parentId: string, line: ModelReplyLine): Promise<boolean> {
  const same = await db.treeMessage.count({
    where: { parentId, isSynthetic: true, modelName: line.modelName, textKey: toTextKey(line.text.trim()), deletedAt: null },
  });
  return same > 0;
}
