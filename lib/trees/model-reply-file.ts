// A file of model replies to add beside the workers' (pure, isomorphic): JSONL lines
// `{"treeId" | "treeExternalId", "parentMessageId", "modelName", "text"}`. parentMessageId is a message id, an oasst
// message_id of an imported tree, or "prompt" for the tree's first message.
import { z } from 'zod';
import { describeIssues, type LineError, type UploadRecord } from './upload-lines';

export type ModelReplyLine = {
  line: number;
  tree: { id: string } | { externalId: string };
  /** A message id, an imported message's externalId, or "prompt". */
  parent: string;
  modelName: string;
  text: string;
};

const modelReplyLineSchema = z
  .strictObject({
    treeId: z.uuid('a tree id (uuid)').optional(),
    treeExternalId: z.string().trim().min(1).max(100).optional(),
    parentMessageId: z.string().trim().min(1, 'name the message replied to, or "prompt"').max(100),
    modelName: z.string().trim().min(1, 'name the model').max(200),
    text: z.string({ error: 'give the reply as text' }).max(20_000),
  })
  .refine((line) => (line.treeId === undefined) !== (line.treeExternalId === undefined), { message: 'give treeId or treeExternalId (one of them)' });

/** One line → the reply to add, or why not. The text itself is checked against the tree when it is added. */
export function toModelReplyLine(record: UploadRecord): ModelReplyLine | LineError {
  const parsed = modelReplyLineSchema.safeParse(record.value);
  if (!parsed.success) return { line: record.line, reason: describeIssues(parsed.error.issues) };
  const { treeId, treeExternalId, parentMessageId, modelName, text } = parsed.data;
  return { line: record.line, tree: treeId ? { id: treeId } : { externalId: treeExternalId! }, parent: parentMessageId, modelName, text };
}
