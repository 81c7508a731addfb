import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOasstTree, flattenOasstTree, fromOasstTreeState, parseOasstJsonl, toOasstTreeState } from './oasst';

// OpenAssistant's 100 sample trees (Apache-2.0, prisma/demo-data/oasst/SOURCE.txt).
const sample = readFileSync(new URL('../../prisma/demo-data/oasst/oasst_en_100_tree.jsonl', import.meta.url), 'utf8');

describe('oasst tree shape', () => {
  it('reads every sample tree and writes each back byte for byte', () => {
    const { trees, errors } = parseOasstJsonl(sample);
    expect(errors).toEqual([]);
    expect(trees).toHaveLength(100);
    expect(trees.reduce((sum, t) => sum + t.rows.length, 0)).toBe(1167);
    const lines = sample.split('\n').filter(Boolean);
    for (const { line, tree, rows } of trees) {
      const rebuilt = buildOasstTree({ message_tree_id: tree.message_tree_id, tree_state: tree.tree_state }, [...rows].reverse());
      expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(JSON.parse(lines[line - 1])));
    }
  });

  it('flattens parents before replies, with depth and sibling place', () => {
    const [{ rows }] = parseOasstJsonl(sample.split('\n')[0]).trees;
    expect(rows[0]).toMatchObject({ parent_id: null, depth: 0, role: 'prompter' });
    expect(rows.slice(1).every((row) => row.depth >= 1)).toBe(true);
    const seen = new Set<string>();
    for (const row of rows) {
      if (row.parent_id) expect(seen.has(row.parent_id)).toBe(true);
      seen.add(row.message_id);
    }
  });

  it('reports bad lines by number and keeps the good ones', () => {
    const first = sample.split('\n')[0];
    const broken = JSON.parse(first);
    broken.prompt.replies[0].parent_id = 'someone-else';
    const { trees, errors } = parseOasstJsonl([first, '{oops', JSON.stringify({ message_tree_id: 'x', prompt: { text: 'hi' } }), JSON.stringify(broken)].join('\n'));
    expect(trees.map((t) => t.line)).toEqual([1]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[0].reason).toBe('not valid JSON');
    expect(errors[1].reason).toMatch(/prompt\.message_id/);
    expect(errors[2].reason).toMatch(/is not its parent/);
  });

  it('maps tree states both ways', () => {
    for (const state of ['GROWING', 'RANKING', 'READY', 'ABORTED', 'HALTED'] as const) expect(fromOasstTreeState(toOasstTreeState(state))).toBe(state);
    expect(fromOasstTreeState('initial_prompt_review')).toBe('GROWING');
  });

  it('refuses a tree without exactly one prompt', () => {
    const rows = flattenOasstTree(parseOasstJsonl(sample.split('\n')[0]).trees[0].tree);
    expect(() => buildOasstTree({ message_tree_id: 't', tree_state: 'growing' }, rows.slice(1))).toThrow(/exactly one prompt/);
  });
});
