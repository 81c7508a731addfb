// The tree formats line by line: on a small tree written for the rules (pruned and model replies, user replies,
// ranks) and on OpenAssistant's 100 sample trees, every line passes its consumers' rules (test/consumers).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOasstJsonl, type OasstMessage, type OasstTree } from '@/lib/trees/oasst';
import { checkOasstTree, consumerChecks } from '@/test/consumers';
import { formatsFor, isFormatFor, sourceFor, toTreeLines, treeFormats } from '.';

const message = (id: string, parent: string | null, role: 'prompter' | 'assistant', text: string, extra: Partial<OasstMessage> = {}): OasstMessage => ({
  message_id: id,
  ...(parent && { parent_id: parent }),
  user_id: `u-${id}`,
  text,
  role,
  lang: 'en',
  review_count: 3,
  review_result: true,
  deleted: false,
  synthetic: false,
  replies: [],
  ...extra,
});

/** p → a1 (rank 1), a2 (rank 0), a3 (rank 2, pruned), m (model reply); a2 → u1 (rank 0), u2 (rank 1); u1 → b1. */
const tree: OasstTree = {
  message_tree_id: 't-1',
  tree_state: 'ready_for_export',
  prompt: message('p', null, 'prompter', 'How do tides work?', {
    replies: [
      message('a1', 'p', 'assistant', 'The moon pulls the sea.', { rank: 1 }),
      message('a2', 'p', 'assistant', 'The moon and the sun pull the oceans into bulges.', {
        rank: 0,
        replies: [
          message('u1', 'a2', 'prompter', 'Why two bulges?', { rank: 0, replies: [message('b1', 'u1', 'assistant', 'Inertia on the far side.')] }),
          message('u2', 'a2', 'prompter', 'And the sun?', { rank: 1 }),
        ],
      }),
      message('a3', 'p', 'assistant', 'Buy my course.', { rank: 2, deleted: true, review_result: false }),
      message('m', 'p', 'assistant', 'A model answer.', { synthetic: true, model_name: 'm-1', user_id: undefined }),
    ],
  }),
};

const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('tree formats', () => {
  it('OASST_TREES writes the whole tree, pruned messages kept as deleted, in oasst\'s schema', () => {
    const made = toTreeLines('OASST_TREES', tree);
    expect(made).toMatchObject({ messages: 8, deletedMessages: 1, depth: 3, userPairs: 0 });
    expect(parse(made.lines)).toEqual([JSON.parse(JSON.stringify(tree))]);
    expect(checkOasstTree(JSON.parse(made.lines[0]))).toEqual([]);
  });

  it('TREE_SFT follows the best-ranked live human reply at each turn and ends with the assistant', () => {
    const rows = parse(toTreeLines('TREE_SFT', tree).lines);
    expect(rows).toEqual([
      {
        messages: [
          { role: 'user', content: 'How do tides work?' },
          { role: 'assistant', content: 'The moon and the sun pull the oceans into bulges.' },
          { role: 'user', content: 'Why two bulges?' },
          { role: 'assistant', content: 'Inertia on the far side.' },
        ],
      },
    ]);
    expect(consumerChecks.TREE_SFT!(rows[0])).toEqual([]);
  });

  it('TREE_DPO pairs ranked live human assistant siblings, better rank chosen, with the whole prefix; user pairs left out', () => {
    const made = toTreeLines('TREE_DPO', tree);
    expect(made.userPairs).toBe(1);
    const rows = parse(made.lines);
    // a1, a2 ranked and live: one pair; the pruned a3 and the model reply m take no part.
    expect(rows).toEqual([
      {
        prompt: [{ role: 'user', content: 'How do tides work?' }],
        chosen: [{ role: 'assistant', content: 'The moon and the sun pull the oceans into bulges.' }],
        rejected: [{ role: 'assistant', content: 'The moon pulls the sea.' }],
        metadata: { message_tree_id: 't-1', parent_id: 'p', chosen_id: 'a2', rejected_id: 'a1', k: 2, chosen_rank: 0, rejected_rank: 1 },
      },
    ]);
    expect(consumerChecks.TREE_DPO!(rows[0])).toEqual([]);
  });

  it('a tree without a live assistant reply gives no SFT or DPO row', () => {
    const bare: OasstTree = { ...tree, prompt: { ...tree.prompt, replies: [tree.prompt.replies[2]] } };
    expect(toTreeLines('TREE_SFT', bare).lines).toEqual([]);
    expect(toTreeLines('TREE_DPO', bare).lines).toEqual([]);
  });

  it('every line from the 100 oasst sample trees passes its consumers', () => {
    const sample = readFileSync(new URL('../../../prisma/demo-data/oasst/oasst_en_100_tree.jsonl', import.meta.url), 'utf8');
    const trees = parseOasstJsonl(sample).trees.map((t) => t.tree);
    const written: Record<string, number> = {};
    for (const format of treeFormats) {
      written[format] = 0;
      for (const t of trees) {
        for (const line of toTreeLines(format, t).lines) {
          written[format] += 1;
          expect(consumerChecks[format]!(JSON.parse(line)), line.slice(0, 200)).toEqual([]);
        }
      }
    }
    // The sample ranks assistant replies only: all its 732 ranked pairs (lib/trees/training.test.ts) are DPO rows.
    expect(written.OASST_TREES).toBe(100);
    expect(written.TREE_SFT).toBeGreaterThan(90);
    expect(written.TREE_DPO).toBe(732);
  });

  it('are offered to conversation-tree projects only, beside the raw judgments', () => {
    expect(formatsFor('WRITING', true)).toEqual(['OASST_TREES', 'TREE_SFT', 'TREE_DPO', 'RAW_JSONL', 'RAW_CSV']);
    expect(formatsFor('WRITING')).not.toContain('TREE_SFT');
    expect(isFormatFor('OPENAI_SFT', 'WRITING', true)).toBe(false);
    expect(isFormatFor('OASST_TREES', 'PAIRWISE')).toBe(false);
    expect(sourceFor('TREE_DPO', 'WRITING')).toBe('tree');
  });
});
