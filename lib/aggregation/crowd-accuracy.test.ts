// Accuracy of every categorical aggregator on Snow et al. (2008), full and made sparse, against gold. The table this
// prints is the one in docs/exports.md ("Which aggregator"); the test pins that MACE is at least as good as
// Dawid-Skene wherever workers are sparse. Seeds are fixed, so the figures repeat exactly.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/test/random';
import { loadSnow, type SnowDataset } from './__fixtures__/load-snow';
import { dawidSkene } from './dawid-skene';
import { type CategoricalVote, majorityVote } from './majority';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Keeps at most `keep` random votes per group (per item, or per worker). */
function thin(votes: readonly CategoricalVote[], keyOf: (v: CategoricalVote) => string, keep: number, seed: number): CategoricalVote[] {
  const random = mulberry32(seed);
  const groups = new Map<string, { r: number; v: CategoricalVote }[]>();
  for (const v of votes) {
    const key = keyOf(v);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push({ r: random(), v });
  }
  return [...groups.values()].flatMap((list) => list.sort((a, b) => a.r - b.r).slice(0, keep).map((x) => x.v));
}

/** Share right among the gold items that kept at least one vote. */
function accuracy(predicted: Map<string, { label: string }>, gold: Map<string, string>): number {
  let right = 0;
  let seen = 0;
  for (const [item, p] of predicted) {
    const truth = gold.get(item);
    if (truth === undefined) continue;
    seen += 1;
    if (p.label === truth) right += 1;
  }
  return right / seen;
}

const methods = {
  majority: (v: CategoricalVote[]) => majorityVote(v),
  dawid_skene: (v: CategoricalVote[]) => dawidSkene(v).items,
  bayesian_dawid_skene: (v: CategoricalVote[]) => dawidSkene(v, { workerPrior: {} }).items,
  mace: (v: CategoricalVote[]) => dawidSkene(v, { mace: {} }).items,
};
type Method = keyof typeof methods;

const variants: { name: string; isSparse: boolean; make: (votes: CategoricalVote[], seed: number) => CategoricalVote[] }[] = [
  { name: 'all labels', isSparse: false, make: (v) => v },
  { name: '3 labels per item', isSparse: true, make: (v, s) => thin(v, (x) => x.item, 3, s) },
  { name: '5 labels per item', isSparse: true, make: (v, s) => thin(v, (x) => x.item, 5, s) },
  { name: '≤10 labels per worker', isSparse: true, make: (v, s) => thin(v, (x) => x.worker, 10, s) },
  { name: '≤20 labels per worker', isSparse: true, make: (v, s) => thin(v, (x) => x.worker, 20, s) },
];

function measure(dataset: SnowDataset) {
  const { votes, gold } = loadSnow(dataset);
  return variants.map((variant) => {
    const seeds = variant.isSparse ? SEEDS : [0];
    const mean = {} as Record<Method, number>;
    for (const method of Object.keys(methods) as Method[]) {
      mean[method] = seeds.reduce((sum, seed) => sum + accuracy(methods[method](variant.make(votes, seed)), gold), 0) / seeds.length;
    }
    return { variant, mean };
  });
}

describe('aggregators on Snow et al. (2008), against gold', () => {
  it.each(['temp', 'wsd'] as const)('%s: MACE is at least as accurate as Dawid-Skene on sparse workers', { timeout: 60_000 }, (dataset) => {
    const rows = measure(dataset);
    const lines = rows.map(
      ({ variant, mean }) =>
        `| ${dataset.toUpperCase()} | ${variant.name} | ${mean.majority.toFixed(4)} | ${mean.dawid_skene.toFixed(4)} | ${mean.bayesian_dawid_skene.toFixed(4)} | ${mean.mace.toFixed(4)} |`,
    );
    console.log(lines.join('\n'));
    for (const { variant, mean } of rows) {
      if (variant.isSparse) expect(mean.mace, variant.name).toBeGreaterThanOrEqual(mean.dawid_skene);
      else expect(mean.mace, variant.name).toBeGreaterThanOrEqual(mean.dawid_skene - 0.001);
    }
  });
});
