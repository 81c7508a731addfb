// Training rows from a tree in oasst's shape (grown here or imported): preference pairs from ranked siblings, each
// with the full conversation before them, and SFT conversations along the best-ranked path. Pure and isomorphic.
// Only human-written, live replies with a rank take part (OpenAssistant's own rule for its ranked pairs); the
// consumers' shapes are in docs/exports.md and the facts in the datasets reference.
import type { OasstMessage, OasstRole, OasstTree } from './oasst';

export type RankedPair = {
  message_tree_id: string;
  parent_id: string;
  context: { role: OasstRole; text: string; message_id: string }[];
  chosen: string;
  rejected: string;
  chosen_id: string;
  rejected_id: string;
  chosen_rank: number;
  rejected_rank: number;
  n_siblings_ranked: number;
  reply_role: OasstRole;
  chosen_emojis: Record<string, number> | null;
  rejected_emojis: Record<string, number> | null;
};

const isRankable = (m: OasstMessage): m is OasstMessage & { rank: number } => !m.synthetic && !m.deleted && m.rank !== undefined;

/**
 * Every (better, worse) pair of ranked sibling replies, parents in pre-order, pairs in rank order: a group of k
 * ranked replies gives k(k-1)/2 pairs, each carrying the rank, k and the conversation up to the parent.
 */
export function toRankedPairs(tree: OasstTree): RankedPair[] {
  const pairs: RankedPair[] = [];
  const visit = (message: OasstMessage, path: OasstMessage[]) => {
    const context = [...path, message];
    const ranked = message.replies.filter(isRankable).sort((a, b) => a.rank - b.rank);
    if (ranked.length >= 2) {
      for (let i = 0; i < ranked.length; i++) {
        for (let j = i + 1; j < ranked.length; j++) {
          const [chosen, rejected] = [ranked[i], ranked[j]];
          pairs.push({
            message_tree_id: tree.message_tree_id,
            parent_id: message.message_id,
            context: context.map((m) => ({ role: m.role, text: m.text, message_id: m.message_id })),
            chosen: chosen.text,
            rejected: rejected.text,
            chosen_id: chosen.message_id,
            rejected_id: rejected.message_id,
            chosen_rank: chosen.rank,
            rejected_rank: rejected.rank,
            n_siblings_ranked: ranked.length,
            reply_role: chosen.role,
            chosen_emojis: chosen.emojis ?? null,
            rejected_emojis: rejected.emojis ?? null,
          });
        }
      }
    }
    for (const reply of message.replies) visit(reply, context);
  };
  visit(tree.prompt, []);
  return pairs;
}

export type ChatMessage = { role: 'user' | 'assistant'; content: string };
const toChat = (m: { role: OasstRole; text: string }): ChatMessage => ({ role: m.role === 'prompter' ? 'user' : 'assistant', content: m.text });

/**
 * TRL's conversational preference row ({prompt, chosen, rejected}, each a list of {role, content}) for a pair of
 * assistant replies: the prompt is the conversation up to the parent and ends with a user turn, as TRL needs.
 * Pairs of user replies have no place in it: null.
 */
export function toTrlPreferenceRow(pair: RankedPair): { prompt: ChatMessage[]; chosen: ChatMessage[]; rejected: ChatMessage[] } | null {
  if (pair.reply_role !== 'assistant') return null;
  return {
    prompt: pair.context.map(toChat),
    chosen: [{ role: 'assistant', content: pair.chosen }],
    rejected: [{ role: 'assistant', content: pair.rejected }],
  };
}

/** OpenAI's preference (DPO) row for a pair of assistant replies; null for user replies. */
export function toOpenAiDpoRow(pair: RankedPair) {
  const row = toTrlPreferenceRow(pair);
  if (!row) return null;
  return { input: { messages: row.prompt }, preferred_output: row.chosen, non_preferred_output: row.rejected };
}

/**
 * The tree's best conversation as an OpenAI chat SFT row: from the prompt, each turn the best-ranked live,
 * human-written reply (an unranked one only when it is the only one), ending on an assistant turn. Null when no
 * assistant reply made it.
 */
export function toBestPathConversation(tree: OasstTree): { messages: ChatMessage[] } | null {
  if (tree.prompt.deleted) return null;
  const path: OasstMessage[] = [tree.prompt];
  for (let current = tree.prompt; ; ) {
    const live = current.replies.filter((m) => !m.synthetic && !m.deleted);
    const ranked = live.filter(isRankable).sort((a, b) => a.rank - b.rank);
    const next = ranked[0] ?? (live.length === 1 ? live[0] : undefined);
    if (!next) break;
    path.push(next);
    current = next;
  }
  while (path.length > 0 && path[path.length - 1].role !== 'assistant') path.pop();
  return path.length >= 2 ? { messages: path.map(toChat) } : null;
}
