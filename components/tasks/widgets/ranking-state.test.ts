import { describe, expect, it } from 'vitest';
import {
  buildRankingAnswer,
  emptyRanking,
  isRankingComplete,
  moveRow,
  removeAt,
  rowRanks,
  tapResponse,
  toggleTie,
  toRankingGroups,
  undoLast,
  type RankingState,
} from './ranking-state';

const tapAll = (indices: number[], count: number) => indices.reduce<RankingState>((s, i) => tapResponse(s, i, count), emptyRanking);

function isPartition(groups: number[][], count: number): boolean {
  const flat = groups.flat().sort((a, b) => a - b);
  return groups.every((g) => g.length > 0) && flat.length === count && flat.every((v, i) => v === i);
}

describe('ranking state', () => {
  it('ranks in tap order and completes when every response is ranked', () => {
    const s = tapAll([2, 0], 3);
    expect(s.order).toEqual([2, 0]);
    expect(isRankingComplete(s, 3)).toBe(false);
    expect(toRankingGroups(s, 3, false)).toBeNull();
    const done = tapResponse(s, 1, 3);
    expect(toRankingGroups(done, 3, false)).toEqual([[2], [0], [1]]);
  });

  it('tapping a ranked response takes it out; out-of-range taps are ignored', () => {
    const s = tapAll([1, 0, 2], 3);
    expect(tapResponse(s, 0, 3).order).toEqual([1, 2]);
    expect(tapResponse(s, 3, 3)).toBe(s);
    expect(tapResponse(s, -1, 3)).toBe(s);
  });

  it('moves rows up and down within bounds', () => {
    const s = tapAll([0, 1, 2], 3);
    expect(moveRow(s, 2, -1).order).toEqual([0, 2, 1]);
    expect(moveRow(s, 0, 1).order).toEqual([1, 0, 2]);
    expect(moveRow(s, 0, -1)).toBe(s);
    expect(moveRow(s, 2, 1)).toBe(s);
  });

  it('undo removes the last ranked response', () => {
    expect(undoLast(tapAll([2, 1], 3)).order).toEqual([2]);
    expect(undoLast(emptyRanking)).toBe(emptyRanking);
  });

  it('ties group rows only when allowed, never on the first row', () => {
    let s = tapAll([3, 1, 0, 2], 4);
    expect(toggleTie(s, 1, false)).toBe(s);
    expect(toggleTie(s, 0, true)).toBe(s);
    s = toggleTie(s, 2, true); // 0 tied with 1
    expect(rowRanks(s)).toEqual([1, 2, 2, 3]);
    expect(toRankingGroups(s, 4, true)).toEqual([[3], [1, 0], [2]]);
    // If ties get disallowed, links are ignored: still a valid strict ranking.
    expect(toRankingGroups(s, 4, false)).toEqual([[3], [1], [0], [2]]);
    expect(toggleTie(s, 2, true).tied[2]).toBe(false);
  });

  it('keeps tie links consistent when a row is removed', () => {
    // X = Y = Z: removing Y keeps X = Z.
    let s = toggleTie(toggleTie(tapAll([0, 1, 2], 3), 1, true), 2, true);
    expect(removeAt(s, 1)).toEqual({ order: [0, 2], tied: [false, true] });
    // X, Y = Z: removing Y leaves Z on its own.
    s = toggleTie(tapAll([0, 1, 2], 3), 2, true);
    expect(removeAt(s, 1)).toEqual({ order: [0, 2], tied: [false, false] });
    // Removing the first row never leaves a tie on the new first row.
    s = toggleTie(tapAll([0, 1], 2), 1, true);
    expect(removeAt(s, 0)).toEqual({ order: [1], tied: [false] });
  });

  it('always produces a partition of 0..k-1, whatever the sequence of actions', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const count = 2 + Math.floor(random() * 8);
      const allowTies = random() < 0.5;
      let s = emptyRanking;
      for (let step = 0; step < 40; step++) {
        const r = random();
        const position = Math.floor(random() * Math.max(1, s.order.length));
        if (r < 0.5) s = tapResponse(s, Math.floor(random() * count), count);
        else if (r < 0.7) s = moveRow(s, position, random() < 0.5 ? -1 : 1);
        else if (r < 0.85) s = toggleTie(s, position, allowTies);
        else if (r < 0.9) s = removeAt(s, position);
        else s = undoLast(s);
        expect(s.tied.length).toBe(s.order.length);
        expect(s.tied[0] ?? false).toBe(false);
        expect(new Set(s.order).size).toBe(s.order.length);
      }
      for (let i = 0; i < count; i++) if (!s.order.includes(i)) s = tapResponse(s, i, count);
      const groups = toRankingGroups(s, count, allowTies);
      expect(groups).not.toBeNull();
      expect(isPartition(groups!, count)).toBe(true);
      if (!allowTies) expect(groups!.every((g) => g.length === 1)).toBe(true);
    }
  });

  it('builds answers, with "not rankable" always possible', () => {
    const partial = tapAll([1], 3);
    expect(buildRankingAnswer(partial, 3, false, false)).toBeNull();
    expect(buildRankingAnswer(partial, 3, false, true)).toEqual({ ranking: [], notRankable: true });
    const full = tapAll([1, 2, 0], 3);
    expect(buildRankingAnswer(full, 3, false, false)).toEqual({ ranking: [[1], [2], [0]] });
    expect(buildRankingAnswer(full, 3, false, true)).toEqual({ ranking: [[1], [2], [0]], notRankable: true });
  });
});
