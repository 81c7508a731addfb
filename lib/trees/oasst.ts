// OpenAssistant's tree export shape (oasst1/oasst2 "*.trees.jsonl", and model_eval's en_100_tree.jsonl): one tree
// per line, { message_tree_id, tree_state, prompt }, each message nesting its replies. Pure and isomorphic: the
// zod schema reads a line, flattenOasstTree turns it into rows for TreeMessage, buildOasstTree turns rows back
// into the same JSON, key for key and in oasst's key order, so an exported tree re-imports with nothing lost.
import { z } from 'zod';
import type { TreeStateName } from './lifecycle';

export type OasstRole = 'prompter' | 'assistant';

export type OasstMessage = {
  message_id: string;
  parent_id?: string;
  /** The author, pseudonymous per team (exports only; an import keeps no author, so it is read and dropped). */
  user_id?: string;
  text: string;
  role: OasstRole;
  lang: string;
  review_count: number;
  review_result: boolean | null;
  deleted: boolean;
  rank?: number;
  synthetic: boolean;
  model_name?: string;
  emojis?: Record<string, number>;
  labels?: Record<string, { value: number; count: number }>;
  replies: OasstMessage[];
};

export type OasstTree = { message_tree_id: string; tree_state: string; prompt: OasstMessage };

const MAX_TREE_DEPTH = 200;

const messageSchema: z.ZodType<OasstMessage> = z.lazy(() =>
  z.object({
    message_id: z.string().min(1).max(100),
    parent_id: z.string().min(1).max(100).optional(),
    user_id: z.string().min(1).max(100).optional(),
    text: z.string().max(100_000),
    role: z.enum(['prompter', 'assistant']),
    lang: z.string().max(20).default('en'),
    review_count: z.int().min(0).default(0),
    review_result: z.boolean().nullable().default(null),
    deleted: z.boolean().default(false),
    rank: z.int().min(0).nullish().transform((rank) => rank ?? undefined),
    synthetic: z.boolean().default(false),
    model_name: z.string().max(200).nullish().transform((name) => name ?? undefined),
    emojis: z.record(z.string(), z.number()).nullish().transform((emojis) => emojis ?? undefined),
    labels: z.record(z.string(), z.object({ value: z.number(), count: z.int().min(0) })).nullish().transform((labels) => labels ?? undefined),
    replies: z.array(messageSchema).default([]),
  }),
);

export const oasstTreeSchema: z.ZodType<OasstTree> = z.object({
  message_tree_id: z.string().min(1).max(100),
  tree_state: z.string().max(50).default('ready_for_export'),
  prompt: messageSchema,
});

const STATE_TO_OASST: Record<TreeStateName, string> = {
  GROWING: 'growing',
  RANKING: 'ranking',
  READY: 'ready_for_export',
  ABORTED: 'aborted_low_grade',
  HALTED: 'halted_by_moderator',
};

export const toOasstTreeState = (state: TreeStateName): string => STATE_TO_OASST[state];

/** oasst's tree states onto ours; the ones we don't have (backlog, scoring) count as growing. */
export function fromOasstTreeState(state: string): TreeStateName {
  const found = (Object.entries(STATE_TO_OASST) as [TreeStateName, string][]).find(([, oasst]) => oasst === state);
  if (found) return found[0];
  if (state === 'ready_for_scoring' || state === 'scoring_failed') return 'READY';
  return 'GROWING';
}

/** One message as a row: what TreeMessage stores, with its place in the tree. */
export type OasstRow = Omit<OasstMessage, 'replies' | 'parent_id'> & { parent_id: string | null; depth: number; siblingSlot: number };

/** The tree's messages in pre-order (parents before their replies). Refuses a parent_id that is not the parent. */
export function flattenOasstTree(tree: OasstTree): OasstRow[] {
  const rows: OasstRow[] = [];
  const visit = (message: OasstMessage, parentId: string | null, depth: number, siblingSlot: number) => {
    if (depth > MAX_TREE_DEPTH) throw new Error(`the tree is deeper than ${MAX_TREE_DEPTH} messages`);
    if ((message.parent_id ?? null) !== parentId) throw new Error(`message ${message.message_id}: parent_id ${message.parent_id ?? 'missing'} is not its parent ${parentId ?? '(none)'}`);
    const { replies, parent_id: _parent, ...fields } = message;
    rows.push({ ...fields, parent_id: parentId, depth, siblingSlot });
    replies.forEach((reply, index) => visit(reply, message.message_id, depth + 1, index));
  };
  visit(tree.prompt, null, 0, 0);
  const ids = new Set(rows.map((row) => row.message_id));
  if (ids.size !== rows.length) throw new Error('a message_id appears twice in the tree');
  return rows;
}

/** Rows (any order) back into the nested tree, replies in sibling order, keys in oasst's order. */
export function buildOasstTree(meta: { message_tree_id: string; tree_state: string }, rows: readonly OasstRow[]): OasstTree {
  const byParent = new Map<string | null, OasstRow[]>();
  for (const row of rows) byParent.set(row.parent_id, [...(byParent.get(row.parent_id) ?? []), row]);
  const roots = byParent.get(null) ?? [];
  if (roots.length !== 1) throw new Error(`a tree needs exactly one prompt, found ${roots.length}`);
  const build = (row: OasstRow): OasstMessage => {
    const replies = (byParent.get(row.message_id) ?? []).sort((a, b) => a.siblingSlot - b.siblingSlot).map(build);
    return {
      message_id: row.message_id,
      ...(row.parent_id !== null && { parent_id: row.parent_id }),
      ...(row.user_id !== undefined && { user_id: row.user_id }),
      text: row.text,
      role: row.role,
      lang: row.lang,
      review_count: row.review_count,
      review_result: row.review_result,
      deleted: row.deleted,
      ...(row.rank !== undefined && { rank: row.rank }),
      synthetic: row.synthetic,
      ...(row.model_name !== undefined && { model_name: row.model_name }),
      ...(row.emojis !== undefined && { emojis: row.emojis }),
      ...(row.labels !== undefined && { labels: row.labels }),
      replies,
    };
  };
  return { message_tree_id: meta.message_tree_id, tree_state: meta.tree_state, prompt: build(roots[0]) };
}

/** Reads a JSONL file of oasst trees; each bad line is reported with its line number (style V1). */
export function parseOasstJsonl(text: string): { trees: { line: number; tree: OasstTree; rows: OasstRow[] }[]; errors: { line: number; reason: string }[] } {
  const trees: { line: number; tree: OasstTree; rows: OasstRow[] }[] = [];
  const errors: { line: number; reason: string }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      errors.push({ line, reason: 'not valid JSON' });
      return;
    }
    const parsed = oasstTreeSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors.push({ line, reason: `${issue.path.join('.') || 'tree'}: ${issue.message}` });
      return;
    }
    try {
      trees.push({ line, tree: parsed.data, rows: flattenOasstTree(parsed.data) });
    } catch (error) {
      errors.push({ line, reason: error instanceof Error ? error.message : String(error) });
    }
  });
  return { trees, errors };
}
