import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/test/random';
import { accuracyAgainstGold, loadSnow } from './__fixtures__/load-snow';
import { createDawidSkeneFitter, dawidSkene } from './dawid-skene';
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

describe('dawidSkene options and order', () => {
  const votes: CategoricalVote[] = [
    { worker: 'w1', item: 'i1', label: 'a' },
    { worker: 'w2', item: 'i1', label: 'a' },
    { worker: 'w1', item: 'i2', label: 'b' },
  ];

  it('refuses options that would give NaN or never run, naming the field', () => {
    expect(() => dawidSkene(votes, { smoothing: 0 })).toThrow(/smoothing must be > 0/);
    expect(() => dawidSkene(votes, { smoothing: -1 })).toThrow(/smoothing must be > 0/);
    expect(() => dawidSkene(votes, { smoothing: Number.NaN })).toThrow(/smoothing/);
    expect(() => dawidSkene(votes, { maxIterations: 0 })).toThrow(/maxIterations must be at least 1/);
    expect(() => dawidSkene(votes, { tolerance: 0 })).toThrow(/tolerance must be > 0/);
    expect(() => dawidSkene(votes, { workerPrior: { correct: 1, wrong: 5 } })).toThrow(/workerPrior.correct must be at least/);
    expect(() => dawidSkene(votes, { mace: { a: 0 } })).toThrow(/mace.a must be > 0/);
  });

  it.each(['temp', 'wsd'] as const)('%s: the same labels whatever the class order and vote order', (dataset) => {
    const { votes: snow } = loadSnow(dataset);
    const classes = [...new Set(snow.map((v) => v.label))].sort();
    const base = dawidSkene(snow, { classes });
    const random = mulberry32(7);
    const shuffled = snow.map((v) => [random(), v] as const).sort((x, y) => x[0] - y[0]).map(([, v]) => v);
    const permuted = dawidSkene(shuffled, { classes: [...classes].reverse() });
    for (const [item, r] of base.items) expect(permuted.items.get(item)?.label).toBe(r.label);
  });

  it('breaks an exact tie by the seeded draw, not by the first class', () => {
    // Two items, each with one "a" and one "b" from two symmetric workers: the posterior is exactly 50/50.
    const tied: CategoricalVote[] = [];
    for (let n = 0; n < 40; n++) tied.push({ worker: 'w1', item: `t${n}`, label: 'a' }, { worker: 'w2', item: `t${n}`, label: 'b' });
    const forward = dawidSkene(tied, { classes: ['a', 'b'] });
    const backward = dawidSkene([...tied].reverse(), { classes: ['b', 'a'] });
    const labels = [...forward.items.values()].map((r) => r.label);
    expect(new Set(labels)).toEqual(new Set(['a', 'b']));
    for (const [item, r] of forward.items) expect(backward.items.get(item)?.label).toBe(r.label);
  });

  it('gives the same model when items are streamed pass by pass in pages', async () => {
    const { votes: snow } = loadSnow('temp');
    const reference = dawidSkene(snow, { classes: ['1', '2'] });
    const byItem = new Map<string, { worker: string; label: string }[]>();
    for (const v of snow) byItem.set(v.item, [...(byItem.get(v.item) ?? []), { worker: v.worker, label: v.label }]);
    const items = [...byItem].sort(([a], [b]) => (a < b ? -1 : 1));
    const fitter = createDawidSkeneFitter(['1', '2']);
    while (!fitter.isDone) {
      for (let n = 0; n < items.length; n += 100) for (const [, list] of items.slice(n, n + 100)) fitter.addItem(list);
      fitter.endPass();
    }
    expect(fitter.iterations).toBe(reference.iterations);
    for (const [item, list] of items) expect(fitter.labelItem(item, list)?.posterior['1']).toBeCloseTo(reference.items.get(item)!.posterior['1'], 12);
  });
});
