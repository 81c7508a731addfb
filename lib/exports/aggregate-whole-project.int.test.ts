// Issue 16 item 4: an export's aggregated labels come from one model fitted on the whole project, streamed page by
// page, and match an in-memory whole-project Dawid-Skene on a project ten times larger than a page.
import { afterAll, describe, expect, it } from 'vitest';
import { dawidSkene, type CategoricalVote } from '@/lib/aggregation';
import { accuracyAgainstGold, loadSnow } from '@/lib/aggregation/__fixtures__/load-snow';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { aggregateItems } from './aggregate';
import { readFitPages } from './aggregate-read';
import { seedClassificationVotes } from './aggregate-seed';
import { ITEM_PAGE_SIZE } from './read';
import { runExport } from './run';
import { storedFiltersSchema, type CreateExportInput } from './schemas';
import { createExport } from './service';
import { createTestActor, downloadExportText, parseJsonLines } from './test-fixtures';

afterAll(() => stopBoss());

const COPIES = 10;

/** Snow TEMP ten times over, items renamed per copy (the same 76 workers answer every copy). */
function replicateTemp(): { votes: CategoricalVote[]; gold: Map<string, string> } {
  const { votes, gold } = loadSnow('temp');
  const out: CategoricalVote[] = [];
  const outGold = new Map<string, string>();
  for (let c = 0; c < COPIES; c++) {
    for (const v of votes) out.push({ ...v, item: `c${c}-${v.item}` });
    for (const [item, label] of gold) outGold.set(`c${c}-${item}`, label);
  }
  return { votes: out, gold: outGold };
}

const accuracyOfRows = (rows: Record<string, unknown>[], gold: Map<string, string>) =>
  accuracyAgainstGold(new Map(rows.map((r) => [String(r.item_id), { label: String(r.label) }])), gold);

describe('whole-project aggregation', () => {
  it('labels a project larger than a page as a whole-project Dawid-Skene does (Snow TEMP × 10)', { timeout: 300_000 }, async () => {
    const { votes, gold } = replicateTemp();
    const { projectId } = await seedClassificationVotes(votes, ['1', '2']);
    const actor = await createTestActor(projectId);

    // The fit reads in pages: never more than a page of items at once.
    const pages: number[] = [];
    for await (const page of readFitPages(projectId, storedFiltersSchema.parse({}), ITEM_PAGE_SIZE)) pages.push(page.length);
    expect(pages.length).toBe(Math.ceil(gold.size / ITEM_PAGE_SIZE));
    expect(Math.max(...pages)).toBeLessThanOrEqual(ITEM_PAGE_SIZE);

    const run = async (input: CreateExportInput) => {
      const created = await createExport(actor, projectId, input);
      await runExport(created.id);
      return parseJsonLines(await downloadExportText(actor, created.id));
    };
    const started = Date.now();
    const rows = await run({ format: 'AGGREGATED_JSONL' });
    const exportSeconds = (Date.now() - started) / 1000;
    expect(rows).toHaveLength(gold.size);
    expect(new Set(rows.map((r) => r.method))).toEqual(new Set(['dawid_skene']));

    const reference = dawidSkene(votes, { classes: ['1', '2'] });
    const whole = accuracyAgainstGold(reference.items, gold);
    const exported = accuracyOfRows(rows, gold);
    const same = rows.filter((r) => reference.items.get(String(r.item_id))?.label === r.label).length;

    // What the export did before: a Dawid-Skene per page of 500 items, in the export's item order.
    const byItem = new Map<string, CategoricalVote[]>();
    for (const v of votes) byItem.set(v.item, [...(byItem.get(v.item) ?? []), v]);
    const paged = [];
    for (let n = 0; n < rows.length; n += ITEM_PAGE_SIZE) {
      const page = rows.slice(n, n + ITEM_PAGE_SIZE).map((r) => ({
        externalId: String(r.item_id),
        isGold: false,
        payload: null,
        judgments: byItem.get(String(r.item_id))!.map((v) => ({ workerId: v.worker, answer: { label: v.label } })),
      }));
      paged.push(...aggregateItems('CLASSIFICATION', { labels: ['1', '2'] }, page));
    }
    const perPage = accuracyAgainstGold(new Map(paged.map((a) => [a.externalId, { label: String(a.label) }])), gold);

    const mace = accuracyOfRows(await run({ format: 'AGGREGATED_JSONL', filters: { aggregation: { method: 'mace' } } }), gold);
    const majority = accuracyOfRows(await run({ format: 'AGGREGATED_JSONL', filters: { aggregation: { method: 'majority' } } }), gold);
    console.log(
      `Snow TEMP ×${COPIES} (${gold.size} items, ${votes.length} judgments): whole-project DS in memory ${whole.toFixed(4)}, ` +
        `export (streamed whole-project DS) ${exported.toFixed(4)} with ${same}/${rows.length} labels equal, ` +
        `per-page DS (before) ${perPage.toFixed(4)}, export ${exportSeconds.toFixed(1)} s, export MACE ${mace.toFixed(4)}, export majority ${majority.toFixed(4)}`,
    );
    expect(Math.abs(exported - whole)).toBeLessThanOrEqual(0.001);
    expect(same / rows.length).toBeGreaterThanOrEqual(0.999);
  });

  it('refuses bad aggregation options with a message naming the field', async () => {
    const { projectId } = await seedClassificationVotes([{ worker: 'w', item: 'i', label: '1' }], ['1', '2']);
    const actor = await createTestActor(projectId);
    await expect(createExport(actor, projectId, { format: 'AGGREGATED_JSONL', filters: { aggregation: { smoothing: 0 } } })).rejects.toThrow(/smoothing must be > 0/);
    await expect(createExport(actor, projectId, { format: 'AGGREGATED_JSONL', filters: { aggregation: { maxIterations: 0 } } })).rejects.toThrow(/maxIterations must be at least 1/);
    await expect(createExport(actor, projectId, { format: 'AGGREGATED_JSONL', filters: { aggregation: { method: 'glad' } } } as never)).rejects.toThrow(/method/);
    // A stored row that skipped the request check fails with the same message, not a generic one.
    const { id } = await db.export.create({ data: { projectId, teamId: actor.teamId, format: 'AGGREGATED_JSONL', filters: { aggregation: { smoothing: 0 } } }, select: { id: true } });
    await expect(runExport(id)).rejects.toThrow(/smoothing must be > 0/);
    expect(await db.export.findUniqueOrThrow({ where: { id }, select: { status: true, error: true } })).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/smoothing must be > 0/) });
  });
});
