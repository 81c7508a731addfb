import { describe, expect, it } from 'vitest';
import { aggregationOptionsSchema, dawidSkene, type CategoricalVote } from '@/lib/aggregation';
import { loadSnow } from '@/lib/aggregation/__fixtures__/load-snow';
import { mulberry32 } from '@/test/random';
import { aggregateItems, type ItemJudgments } from './aggregate';
import { fitProjectAggregation, type FitItem } from './aggregate-fit';

/** Items as the database would page them: `pageSize` at a time, a fresh stream per pass. */
function pagesOf(items: FitItem[], pageSize: number): () => AsyncIterable<FitItem[]> {
  return async function* () {
    for (let n = 0; n < items.length; n += pageSize) yield items.slice(n, n + pageSize);
  };
}

function toItems(votes: CategoricalVote[], answer: (label: string) => unknown): ItemJudgments[] {
  const byItem = new Map<string, ItemJudgments>();
  for (const v of votes) {
    let item = byItem.get(v.item);
    if (!item) byItem.set(v.item, (item = { externalId: v.item, isGold: false, payload: null, judgments: [] }));
    item.judgments.push({ workerId: v.worker, answer: answer(v.label) });
  }
  return [...byItem.values()];
}

describe('fitProjectAggregation', () => {
  it('CLASSIFICATION: streamed in pages of 50, labels every page as one whole-project Dawid-Skene', async () => {
    const { votes } = loadSnow('wsd');
    const items = toItems(votes, (label) => ({ label }));
    const config = { labels: ['1', '2', '3'] };
    const model = await fitProjectAggregation({ taskType: 'CLASSIFICATION', typeConfig: config, options: aggregationOptionsSchema.parse({}), readPages: pagesOf(items, 50) });
    expect(model.method).toBe('dawid_skene');
    const reference = dawidSkene(votes, { classes: config.labels });
    expect(model.passes).toBe(reference.iterations + 1);
    for (let n = 0; n < items.length; n += 50) {
      for (const agg of aggregateItems('CLASSIFICATION', config, items.slice(n, n + 50), model)) {
        expect(agg.method).toBe('dawid_skene');
        expect(agg.label).toBe(reference.items.get(agg.externalId)?.label);
      }
    }
  });

  it('MULTI_LABEL: one yes/no model per label, fitted in the same passes', async () => {
    const random = mulberry32(3);
    const items: ItemJudgments[] = [];
    for (let i = 0; i < 60; i++) {
      const truth = ['x', 'y'].filter(() => random() < 0.5);
      const judgments = ['w1', 'w2', 'w3', 'w4'].map((workerId) => ({
        workerId,
        answer: { labels: ['x', 'y'].filter((l) => truth.includes(l) !== (random() < (workerId === 'w4' ? 0.4 : 0.1))) },
      }));
      items.push({ externalId: `m${i}`, isGold: false, payload: null, judgments });
    }
    const config = { labels: ['x', 'y'] };
    const model = await fitProjectAggregation({ taskType: 'MULTI_LABEL', typeConfig: config, options: aggregationOptionsSchema.parse({ method: 'mace' }), readPages: pagesOf(items, 7) });
    expect(model.fitters).toHaveLength(2);
    const perLabel = config.labels.map((label) =>
      dawidSkene(
        items.flatMap((item) => item.judgments.map((j) => ({ worker: j.workerId, item: item.externalId, label: (j.answer as { labels: string[] }).labels.includes(label) ? 'yes' : 'no' }))),
        { classes: ['no', 'yes'], mace: {} },
      ),
    );
    for (const agg of aggregateItems('MULTI_LABEL', config, items, model)) {
      expect(agg.method).toBe('mace');
      const expected = config.labels.filter((_, l) => (perLabel[l].items.get(agg.externalId)?.posterior.yes ?? 0) > 0.5);
      expect(agg.label).toEqual(expected);
    }
  });

  it('falls back to majority vote (seeded ties) when too few workers answered several items', async () => {
    const items = toItems([{ worker: 'a', item: 'i1', label: 'p' }, { worker: 'b', item: 'i1', label: 'q' }], (label) => ({ label }));
    const model = await fitProjectAggregation({ taskType: 'CLASSIFICATION', typeConfig: { labels: ['p', 'q'] }, options: aggregationOptionsSchema.parse({}), readPages: pagesOf(items, 10) });
    expect(model.fitters).toBeNull();
    const [agg] = aggregateItems('CLASSIFICATION', { labels: ['p', 'q'] }, items, model);
    expect(agg.method).toBe('majority');
    const [swapped] = aggregateItems('CLASSIFICATION', { labels: ['q', 'p'] }, [{ ...items[0], judgments: [...items[0].judgments].reverse() }], model);
    expect(swapped.label).toBe(agg.label);
  });
});
