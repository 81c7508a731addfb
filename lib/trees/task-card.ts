// A tree task as the phone shows it (isomorphic, pure): what the item's payload says about the task (its kind, the
// role to write as, the labels to score, the replies to rank) and the mapping from the phone's widgets' answers to
// the tree's answer shapes (lib/trees/schemas.ts). The server checks every answer again (lib/trees/submit.ts).
import { z } from 'zod';
import type { TreeRankAnswer, TreeReviewAnswer } from './schemas';

export const treeTaskKinds = ['WRITE_PROMPT', 'REPLY', 'REVIEW', 'RANK'] as const;
export type TreeTaskKind = (typeof treeTaskKinds)[number];
export type ChatSide = 'user' | 'assistant';

/** The tree part of a tree item's payload, as lib/trees/engine.ts writes it. */
const treePayloadSchema = z.object({
  tree: z.object({
    kind: z.enum(treeTaskKinds),
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

/**
 * The ranking widget's answer (rows of SHOWN positions, best first) as the tree's `{ order: [ids] }`; null when it
 * is not a full ranking without ties (or "can't rank these", which a tree ranking can't take: skip instead).
 */
export function toTreeRankAnswer(answer: { ranking: number[][]; notRankable?: boolean }, candidateIds: readonly string[]): TreeRankAnswer | null {
  if (answer.notRankable || answer.ranking.some((row) => row.length !== 1)) return null;
  const positions = answer.ranking.map((row) => row[0]);
  const isPermutation = positions.length === candidateIds.length && new Set(positions).size === positions.length && positions.every((p) => Number.isInteger(p) && p >= 0 && p < candidateIds.length);
  return isPermutation ? { order: positions.map((p) => candidateIds[p]) } : null;
}

/** The review scale's steps (0..1), worst first. */
export const reviewScale = [0, 0.25, 0.5, 0.75, 1] as const;

export type ReviewDraft = { spam: boolean | null; scores: Record<string, number | undefined>; redFlag: boolean };

/** The review form's state as the tree's REVIEW answer; null until spam is answered and every label scored. */
export function buildTreeReviewAnswer(draft: ReviewDraft, labels: readonly string[]): TreeReviewAnswer | null {
  if (draft.spam === null) return null;
  const scores: Record<string, number> = {};
  for (const label of labels) {
    const score = draft.scores[label];
    if (score === undefined || !(score >= 0 && score <= 1)) return null;
    scores[label] = score;
  }
  return { spam: draft.spam, labels: scores, redFlag: draft.redFlag };
}
