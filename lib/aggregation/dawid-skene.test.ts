import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/test/random';
import { accuracyAgainstGold, loadSnow } from './__fixtures__/load-snow';
import { dawidSkene } from './dawid-skene';
import { type CategoricalVote, majorityVote } from './majority';

describe('dawidSkene', () => {
  it('keeps unanimous labels, with posteriors that sum to one', () => {
    const votes: CategoricalVote[] = [];
    for (const [item, label] of [['i1', 'a'], ['i2', 'b'], ['i3', 'a']]) {
      for (const worker of ['w1', 'w2', 'w3']) votes.push({ worker, item, label });
    }
    const result = dawidSkene(votes);
    expect(result.classes).toEqual(['a', 'b']);
    expect([...result.items].map(([item, r]) => [item, r.label])).toEqual([['i1', 'a'], ['i2', 'b'], ['i3', 'a']]);
    for (const r of result.items.values()) {
      expect(r.confidence).toBeGreaterThan(0.99);
      expect(r.posterior.a + r.posterior.b).toBeCloseTo(1, 12);
    }
    // Smoothed priors: (α + Σ_i T_ik) / (N + Kα) ≈ 2/3 for 'a', 1/3 for 'b'.
    expect(result.priors[0]).toBeCloseTo(2 / 3, 2);
    expect(result.isConverged).toBe(true);
  });

  it('learns that a worker who always disagrees is unreliable', () => {
    const votes: CategoricalVote[] = [];
    const items = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6'];
    items.forEach((item, n) => {
      const truth = n % 2 === 0 ? 'a' : 'b';
      for (const worker of ['good1', 'good2', 'good3']) votes.push({ worker, item, label: truth });
      votes.push({ worker: 'contrarian', item, label: truth === 'a' ? 'b' : 'a' });
    });
    const result = dawidSkene(votes);
    expect(result.workers.get('good1')?.accuracy).toBeGreaterThan(0.95);
    expect(result.workers.get('contrarian')?.accuracy).toBeLessThan(0.05);
    // The contrarian's confusion matrix is learned as a swap, not as noise.
    expect(result.workers.get('contrarian')?.confusion[0][1]).toBeGreaterThan(0.95);
  });

  it('beats majority vote when a block of spammers always answers the same label', () => {
    const random = mulberry32(42);
    const votes: CategoricalVote[] = [];
    const truth = new Map<string, string>();
    for (let n = 0; n < 200; n++) {
      const item = `i${String(n).padStart(3, '0')}`;
      const label = random() < 0.5 ? 'a' : 'b';
      truth.set(item, label);
      for (const worker of ['g1', 'g2', 'g3']) {
        votes.push({ worker, item, label: random() < 0.85 ? label : label === 'a' ? 'b' : 'a' });
      }
      for (const worker of ['s1', 's2']) votes.push({ worker, item, label: 'a' });
    }
    const mv = accuracyAgainstGold(majorityVote(votes), truth);
    const ds = accuracyAgainstGold(dawidSkene(votes).items, truth);
    expect(ds).toBeGreaterThan(mv + 0.05);
  });

  it('is stable in log space with hundreds of votes per item', () => {
    const votes: CategoricalVote[] = [];
    for (let w = 0; w < 800; w++) votes.push({ worker: `w${w}`, item: 'x', label: w % 10 === 0 ? 'b' : 'a' });
    const r = dawidSkene(votes).items.get('x');
    expect(r?.label).toBe('a');
    expect(Number.isFinite(r?.confidence)).toBe(true);
  });
});

describe('dawidSkene on Snow et al. (2008) Mechanical Turk labels', () => {
  it.each(['temp', 'wsd'] as const)('%s: at least matches majority vote', (dataset) => {
    const { votes, gold } = loadSnow(dataset);
    const mv = accuracyAgainstGold(majorityVote(votes), gold);
    const result = dawidSkene(votes);
    const ds = accuracyAgainstGold(result.items, gold);
    console.log(
      `Snow 2008 ${dataset.toUpperCase()}: majority vote ${mv.toFixed(4)}, Dawid-Skene ${ds.toFixed(4)} ` +
        `(${result.iterations} iterations, converged ${result.isConverged})`,
    );
    expect(ds).toBeGreaterThanOrEqual(mv - 0.005);
  });
});
