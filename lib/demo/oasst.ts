import 'server-only';
// Readers for the OpenAssistant demo data (Apache-2.0, prisma/demo-data/oasst/SOURCE.txt).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const dataDir = new URL('../../prisma/demo-data/oasst/', import.meta.url);

type Node = { text: string; role: string; rank?: number | null; deleted?: boolean; replies?: Node[] };
const nodeSchema: z.ZodType<Node> = z.lazy(() =>
  z.object({
    text: z.string(),
    role: z.string(),
    rank: z.number().nullish(),
    deleted: z.boolean().optional(),
    replies: z.array(nodeSchema).optional(),
  }),
);
const treeSchema = z.object({ message_tree_id: z.string(), prompt: nodeSchema });
const pairSchema = z.object({
  context: z.array(z.object({ role: z.string(), text: z.string() })),
  chosen: z.string(),
  rejected: z.string(),
});

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(new URL(file, dataDir), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => schema.parse(JSON.parse(line)));
}

export type Conversation = { role: 'user' | 'assistant'; content: string }[];

/** Human-ranked chosen/rejected pairs, each with the conversation that led to them. */
export function readRankedPairs(): { conversation: Conversation; chosen: string; rejected: string }[] {
  return readJsonl('oasst_en_100_ranked_pairs_first500.jsonl', pairSchema).map((pair) => ({
    conversation: pair.context.map((turn) => ({ role: turn.role === 'prompter' ? 'user' : 'assistant', content: turn.text })),
    chosen: pair.chosen,
    rejected: pair.rejected,
  }));
}

/** Each tree's first user message with its assistant replies best-first by the merged human ranking. */
export function readRankedPrompts(): { id: string; prompt: string; replies: string[] }[] {
  return readJsonl('oasst_en_100_tree.jsonl', treeSchema).map((tree) => {
    const ranked = (tree.prompt.replies ?? [])
      .filter((reply) => !reply.deleted && typeof reply.rank === 'number')
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    return { id: tree.message_tree_id, prompt: tree.prompt.text, replies: ranked.map((reply) => reply.text) };
  });
}
