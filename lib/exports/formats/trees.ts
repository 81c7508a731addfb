// The conversation-tree formats: how one tree (in oasst's shape, read by lib/trees/oasst-store.ts) becomes lines.
// A tree is the unit, so every line of a tree lands in the same part of a split and no conversation prefix is in
// both. Pure and isomorphic; the row builders are lib/trees/training.ts.
import type { ExportFormat } from '@/lib/generated/prisma/enums';
import type { OasstMessage, OasstTree } from '@/lib/trees/oasst';
import { toBestPathConversation, toRankedPairs, toTrlPreferenceRow } from '@/lib/trees/training';

export const treeFormats = ['OASST_TREES', 'TREE_SFT', 'TREE_DPO'] as const satisfies readonly ExportFormat[];
export type TreeFormat = (typeof treeFormats)[number];

export function isTreeFormat(format: ExportFormat): format is TreeFormat {
  return (treeFormats as readonly ExportFormat[]).includes(format);
}

/** What one tree gave: its lines, and figures for the dataset card. */
export interface TreeLines {
  lines: string[];
  messages: number;
  deletedMessages: number;
  depth: number;
  /** Ranked pairs of user replies: TRL's conversational preference holds assistant turns only (TREE_DPO). */
  userPairs: number;
}

const json = (value: unknown) => `${JSON.stringify(value)}\n`;

function walk(message: OasstMessage, depth: number, visit: (m: OasstMessage, depth: number) => void) {
  visit(message, depth);
  for (const reply of message.replies) walk(reply, depth + 1, visit);
}

/**
 * The lines of one tree: OASST_TREES writes the whole tree (pruned messages kept, `deleted: true`); TREE_SFT the
 * best-ranked path (none when no assistant reply is live); TREE_DPO one TRL conversational preference row per pair of
 * ranked, live, human-written assistant siblings, better rank chosen, with the conversation up to their parent.
 */
export function toTreeLines(format: TreeFormat, tree: OasstTree): TreeLines {
  let messages = 0;
  let deletedMessages = 0;
  let depth = 0;
  walk(tree.prompt, 0, (m, d) => {
    messages += 1;
    if (m.deleted) deletedMessages += 1;
    else depth = Math.max(depth, d);
  });
  const figures = { messages, deletedMessages, depth, userPairs: 0 };
  switch (format) {
    case 'OASST_TREES':
      return { ...figures, lines: [json(tree)] };
    case 'TREE_SFT': {
      const row = toBestPathConversation(tree);
      return { ...figures, lines: row ? [json(row)] : [] };
    }
    case 'TREE_DPO': {
      const lines: string[] = [];
      for (const pair of toRankedPairs(tree)) {
        const row = toTrlPreferenceRow(pair);
        if (!row) {
          figures.userPairs += 1;
          continue;
        }
        const metadata = {
          message_tree_id: pair.message_tree_id,
          parent_id: pair.parent_id,
          chosen_id: pair.chosen_id,
          rejected_id: pair.rejected_id,
          k: pair.n_siblings_ranked,
          chosen_rank: pair.chosen_rank,
          rejected_rank: pair.rejected_rank,
        };
        lines.push(json({ ...row, metadata }));
      }
      return { ...figures, lines };
    }
  }
}
