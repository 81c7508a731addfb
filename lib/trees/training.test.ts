import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOasstJsonl } from './oasst';
import { toBestPathConversation, toOpenAiDpoRow, toRankedPairs, toTrlPreferenceRow } from './training';

// OpenAssistant's 100 sample trees and the first 500 ranked pairs derived from them (prisma/demo-data/oasst/SOURCE.txt).
const dataDir = new URL('../../prisma/demo-data/oasst/', import.meta.url);
const trees = parseOasstJsonl(readFileSync(new URL('oasst_en_100_tree.jsonl', dataDir), 'utf8')).trees.map((t) => t.tree);
const referencePairs = readFileSync(new URL('oasst_en_100_ranked_pairs_first500.jsonl', dataDir), 'utf8').split('\n').filter(Boolean);

const alternates = (roles: string[]) => roles.every((role, i) => i === 0 || role !== roles[i - 1]);

describe('training rows from trees', () => {
  it('derives the ranked pairs exactly as the reference file has them (all 732, the first 500 byte for byte)', () => {
    const pairs = trees.flatMap(toRankedPairs);
    expect(pairs).toHaveLength(732);
    expect(pairs.slice(0, 500).map((p) => JSON.stringify(p))).toEqual(referencePairs.map((line) => JSON.stringify(JSON.parse(line))));
    expect(pairs.every((p) => p.chosen_rank < p.rejected_rank && p.chosen_id !== p.rejected_id)).toBe(true);
  });

  it("writes TRL conversational preference rows whose prompt alternates and ends with the user's turn", () => {
    const rows = trees.flatMap(toRankedPairs).map(toTrlPreferenceRow).filter((row) => row !== null);
    expect(rows.length).toBeGreaterThan(500);
    for (const row of rows) {
      expect(row.prompt[0].role).toBe('user');
      expect(row.prompt[row.prompt.length - 1].role).toBe('user');
      expect(alternates(row.prompt.map((m) => m.role))).toBe(true);
      expect(row.chosen).toEqual([{ role: 'assistant', content: expect.any(String) }]);
      expect(row.chosen[0].content).not.toBe(row.rejected[0].content);
    }
    const dpo = toOpenAiDpoRow(trees.flatMap(toRankedPairs)[0]);
    expect(Object.keys(dpo!)).toEqual(['input', 'preferred_output', 'non_preferred_output']);
  });

  it('writes one SFT conversation per tree along its best-ranked path, alternating, ending with the assistant', () => {
    const rows = trees.map(toBestPathConversation).filter((row) => row !== null);
    expect(rows.length).toBeGreaterThan(90);
    for (const row of rows) {
      const roles = row.messages.map((m) => m.role);
      expect(roles[0]).toBe('user');
      expect(roles[roles.length - 1]).toBe('assistant');
      expect(alternates(roles)).toBe(true);
    }
    // The best path takes the rank-0 reply at each turn.
    const first = trees[0];
    const best = first.prompt.replies.filter((r) => !r.synthetic && !r.deleted).sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))[0];
    const row = toBestPathConversation(first);
    if (row && best) expect(row.messages[1].content).toBe(best.text);
  });
});
