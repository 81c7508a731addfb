import { describe, expect, it } from 'vitest';
import { argmaxWithTies, pickTied } from './tie-break';

describe('tie-breaking', () => {
  it('picks the same label whatever order the tied labels come in', () => {
    const labels = ['neg', 'neu', 'pos', 'Pos', 'x'];
    for (let item = 0; item < 50; item++) {
      const id = `item-${item}`;
      const chosen = pickTied(labels, id);
      expect(pickTied([...labels].reverse(), id)).toBe(chosen);
      expect(pickTied([labels[2], labels[4], labels[0], labels[3], labels[1]], id)).toBe(chosen);
    }
  });

  it('spreads ties over the labels instead of always taking the first', () => {
    const wins = new Map<string, number>();
    for (let item = 0; item < 600; item++) {
      const chosen = pickTied(['a', 'b', 'c'], `i${item}`);
      wins.set(chosen, (wins.get(chosen) ?? 0) + 1);
    }
    for (const label of ['a', 'b', 'c']) expect(wins.get(label)).toBeGreaterThan(150);
  });

  it('treats posteriors a rounding error apart as tied, and otherwise takes the largest', () => {
    expect(argmaxWithTies([0.2, 0.8], ['a', 'b'], 'i')).toBe(1);
    const a = argmaxWithTies([0.5, 0.5 + 1e-15], ['a', 'b'], 'i');
    expect(argmaxWithTies([0.5 + 1e-15, 0.5], ['b', 'a'], 'i')).toBe(a === 0 ? 1 : 0);
  });
});
