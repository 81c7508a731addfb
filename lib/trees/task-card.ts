// A tree task as the phone shows it (isomorphic, pure): what the item's payload says about the task (its kind, the
// role to write as, the labels to score, the replies to rank, the reward). Read on the server when the view is built;
// the phone's widget maps its answers with ./answers.ts, which stays free of zod to keep the widget's chunk small.
import { z } from 'zod';

export const treeTaskKinds = ['WRITE_PROMPT', 'REPLY', 'REVIEW', 'RANK'] as const;
export type TreeTaskKind = (typeof treeTaskKinds)[number];
export type ChatSide = 'user' | 'assistant';

/** The tree part of a tree item's payload, as lib/trees/engine.ts writes it. */
const treePayloadSchema = z.object({
  tree: z.object({
    kind: z.enum(treeTaskKinds),
    messageId: z.string().nullable().optional(),
    replyAs: z.enum(['user', 'assistant']).optional(),
    labels: z.array(z.string()).optional(),
    candidates: z.array(z.object({ id: z.string(), text: z.string() })).optional(),
    rewardMsats: z.string().regex(/^\d{1,15}$/).optional(),
  }),
  conversation: z.array(z.object({ role: z.string() })).optional(),
});

export type TreeTask = {
  kind: TreeTaskKind;
  /** WRITE_PROMPT and REPLY: the side the worker writes as. */
  writeAs: ChatSide | null;
  /** REVIEW: the side of the message under review (the conversation's last turn). */
  reviewedRole: ChatSide | null;
  /** REVIEW: the labels to score 0..1, besides spam and a red flag. */
  labels: string[];
  /** RANK: the sibling replies in this assignment's own order (see orderForAssignment). */
  candidates: { id: string; text: string }[];
  /** REPLY and RANK: the message replied to (the conversation's last turn), which the worker may report. */
  messageId: string | null;
  /** What the task pays (its kind's reward), when the payload says; else the project's reward applies. */
  rewardMsats: bigint | null;
};

/** The tree task an item's payload describes, or null for an ordinary item. */
export function readTreeTask(payload: unknown, assignmentId: string): TreeTask | null {
  const parsed = treePayloadSchema.safeParse(payload);
  if (!parsed.success) return null;
  const { tree, conversation = [] } = parsed.data;
  const lastRole = conversation[conversation.length - 1]?.role;
  return {
    kind: tree.kind,
    writeAs: tree.kind === 'WRITE_PROMPT' ? 'user' : tree.kind === 'REPLY' ? (tree.replyAs ?? (lastRole === 'assistant' ? 'user' : 'assistant')) : null,
    reviewedRole: tree.kind === 'REVIEW' ? (lastRole === 'assistant' ? 'assistant' : 'user') : null,
    labels: tree.kind === 'REVIEW' ? (tree.labels ?? []) : [],
    messageId: tree.kind === 'REPLY' || tree.kind === 'RANK' ? (tree.messageId ?? null) : null,
    candidates: tree.kind === 'RANK' ? orderForAssignment(tree.candidates ?? [], assignmentId) : [],
    rewardMsats: tree.rewardMsats === undefined ? null : BigInt(tree.rewardMsats),
  };
}

/** 32-bit FNV-1a with murmur3's final mix: a small stable hash, the same on the server and in the browser. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * The replies in an order of their own per assignment, stable across reloads, so no reply is always shown first.
 * The answer names replies by id, so nothing needs converting back.
 */
export function orderForAssignment<T extends { id: string }>(items: readonly T[], assignmentId: string): T[] {
  return items
    .map((item) => ({ item, key: hashText(`${item.id}:${assignmentId}`) }))
    .sort((a, b) => a.key - b.key || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0))
    .map(({ item }) => item);
}
