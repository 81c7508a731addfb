import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { krippendorffAlpha, percentAgreement } from '@/lib/aggregation';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import type { Prisma } from '@/lib/db';
import { runExport } from './run';
import { createExport, getExport, getExportCard, listExports } from './service';
import { addTestJudgment, createTestActor, downloadExportText, parseJsonLines } from './test-fixtures';
import type { CreateExportInput } from './schemas';


afterAll(() => stopBoss());

/** A PAIRWISE project: items p-0..p-5 with known outcomes, a gold item, a pending judgment. */
async function createPairwiseFixture() {
  const projectId = await createTestProject({ title: 'Spider legs — pairwise', license: 'CC-BY-4.0' });
  const actor = await createTestActor(projectId);
  const workers = await createTestWorkers(3);
  const items = await createTestItems(projectId, 6, { externalIdPrefix: 'p' });
  const [gold] = await createTestItems(projectId, 1, { isGold: true, goldAnswer: { choice: 'A' }, externalIdPrefix: 'g' });
  // p-0,p-1: A wins 3-0 / 2-1; p-2: B wins; p-3: tie; p-4: both bad; p-5: A wins.
  const choices = [['A', 'A', 'A'], ['A', 'A', 'B'], ['B', 'B', 'A'], ['tie', 'tie', 'A'], ['both_bad', 'both_bad', 'B'], ['A', 'A', 'A']];
  for (const [i, itemId] of items.entries()) {
    for (const [w, workerId] of workers.entries()) {
      await addTestJudgment({ projectId, itemId, workerId, answer: { choice: choices[i][w] }, shownOrder: w % 2 ? [1, 0] : [0, 1] });
    }
  }
  await addTestJudgment({ projectId, itemId: gold, workerId: workers[0], answer: { choice: 'A' }, isGold: true, goldCorrect: true });
  await addTestJudgment({ projectId, itemId: gold, workerId: workers[1], answer: { choice: 'B' }, isGold: true, goldCorrect: false });
  const [extraWorker] = await createTestWorkers(1);
  await addTestJudgment({ projectId, itemId: items[0], workerId: extraWorker, answer: { choice: 'B' }, status: 'PENDING' });
  return { projectId, actor, workers, items, gold };
}

async function exportAndRun(actor: Awaited<ReturnType<typeof createTestActor>>, projectId: string, input: CreateExportInput) {
  const created = await createExport(actor, projectId, input);
  expect(created.status).toBe('QUEUED');
  await runExport(created.id);
  const ready = await getExport(actor, created.id);
  expect(ready.status).toBe('READY');
  return ready;
}

describe('exports on a real database', () => {
  it('RAW_JSONL: approved judgments only, pseudonymous workers, canonical answers, progress, card', async () => {
    const { projectId, actor, workers } = await createPairwiseFixture();
    const exp = await exportAndRun(actor, projectId, { format: 'RAW_JSONL' });
    const rows = parseJsonLines(await downloadExportText(actor, exp.id));
    expect(rows).toHaveLength(20); // 18 regular + 2 gold, the pending one left out
    expect(exp).toMatchObject({ rowsWritten: 20, progress: 1, parts: ['all'] });
    expect(Object.keys(rows[0])).toEqual(['judgment_id', 'item_id', 'worker_id', 'answer', 'shown_order', 'duration_ms', 'is_gold', 'gold_correct', 'status', 'created_at', 'payload']);
    const { pseudonymSalt } = await db.team.findUniqueOrThrow({ where: { id: actor.teamId }, select: { pseudonymSalt: true } });
    const expected = createHash('sha256').update(pseudonymSalt + workers[0]).digest('hex').slice(0, 16);
    expect(rows.map((r) => r.worker_id)).toContain(expected);
    expect(rows.every((r) => r.status === 'APPROVED')).toBe(true);
    const all = await exportAndRun(actor, projectId, { format: 'RAW_JSONL', filters: { status: 'all' } });
    expect(all.rowsWritten).toBe(21);
    const gzipText = await downloadExportText(actor, all.id, 'all', true);
    expect(parseJsonLines(gzipText)).toHaveLength(21);
    const card = await getExportCard(actor, exp.id);
    expect(card).toContain('# Spider legs — pairwise');
    expect(card).toContain('CC-BY-4.0');
    expect(card).toContain('Gold accuracy: 0.500 (1 of 2 gold judgments)');
    expect(card).toContain('Pick the **more helpful** answer.');
    expect((await listExports(actor, projectId)).map((e) => e.id)).toEqual([all.id, exp.id]);
  });

  it('preference formats: winners only, ties and both-bad dropped and counted; OpenAI DPO stays exact', async () => {
    const { projectId, actor } = await createPairwiseFixture();
    const exp = await exportAndRun(actor, projectId, { format: 'OPENAI_DPO', filters: { gold: 'exclude' } });
    const rows = parseJsonLines(await downloadExportText(actor, exp.id));
    expect(rows).toHaveLength(4); // p-0, p-1, p-2, p-5
    for (const row of rows) expect(Object.keys(row)).toEqual(['input', 'preferred_output', 'non_preferred_output']);
    const chosen = rows.map((r) => (r.preferred_output as { content: string }[])[0].content);
    expect(chosen).toEqual(['Eight (0).', 'Eight (1).', 'Six (2).', 'Eight (5).']);
    const card = await getExportCard(actor, exp.id);
    expect(card).toContain('1 tie, 1 both bad');
    const hh = await exportAndRun(actor, projectId, { format: 'HH_RLHF', filters: { gold: 'exclude' } });
    expect(parseJsonLines(await downloadExportText(actor, hh.id))[0]).toStrictEqual({
      chosen: '\n\nHuman: Question 0: how many legs does a spider have?\n\nAssistant: Eight (0).',
      rejected: '\n\nHuman: Question 0: how many legs does a spider have?\n\nAssistant: Six (0).',
    });
  });

  it('filters: gold only/exclude, min agreement, batch and dates', async () => {
    const { projectId, actor, items } = await createPairwiseFixture();
    const goldOnly = parseJsonLines(await downloadExportText(actor, (await exportAndRun(actor, projectId, { format: 'RAW_JSONL', filters: { gold: 'only' } })).id));
    expect(goldOnly.map((r) => r.item_id)).toEqual(['g-0', 'g-0']);
    const agg = parseJsonLines(await downloadExportText(actor, (await exportAndRun(actor, projectId, { format: 'AGGREGATED_JSONL', filters: { gold: 'exclude', minAgreement: 1 } })).id));
    expect(agg.map((r) => r.item_id)).toEqual(['p-0', 'p-5']);
    const rawUnanimous = await exportAndRun(actor, projectId, { format: 'RAW_CSV', filters: { gold: 'exclude', minAgreement: 1 } });
    expect(rawUnanimous.rowsWritten).toBe(6);
    const batch = await db.batch.create({ data: { projectId, sourceFileName: 'b.jsonl', format: 'jsonl' }, select: { id: true } });
    await db.item.update({ where: { id: items[2] }, data: { batchId: batch.id } });
    const inBatch = parseJsonLines(await downloadExportText(actor, (await exportAndRun(actor, projectId, { format: 'RAW_JSONL', filters: { batchId: batch.id } })).id));
    expect(new Set(inBatch.map((r) => r.item_id))).toEqual(new Set(['p-2']));
    const future = await exportAndRun(actor, projectId, { format: 'RAW_JSONL', filters: { from: '2999-01-01' } });
    expect(future.rowsWritten).toBe(0);
    expect(await downloadExportText(actor, future.id)).toBe('');
  });

  it('split: deterministic, disjoint, all rows of an item together; "all" is train + validation with one CSV header', async () => {
    const projectId = await createTestProject({ title: 'Split test' });
    const actor = await createTestActor(projectId);
    const workers = await createTestWorkers(2);
    const items = await createTestItems(projectId, 40, { externalIdPrefix: 's' });
    for (const itemId of items) for (const workerId of workers) await addTestJudgment({ projectId, itemId, workerId, answer: { choice: 'A' } });
    const input: CreateExportInput = { format: 'RAW_JSONL', filters: { split: { validationRatio: 0.3, seed: 'seed-1' } } };
    const first = await exportAndRun(actor, projectId, input);
    expect(first.parts).toEqual(['all', 'train', 'validation']);
    const train = parseJsonLines(await downloadExportText(actor, first.id, 'train'));
    const validation = parseJsonLines(await downloadExportText(actor, first.id, 'validation'));
    expect(train.length + validation.length).toBe(80);
    const trainIds = new Set(train.map((r) => r.item_id));
    const validationIds = new Set(validation.map((r) => r.item_id));
    expect([...trainIds].filter((id) => validationIds.has(id))).toEqual([]);
    expect(validationIds.size).toBeGreaterThan(3);
    expect(validationIds.size).toBeLessThan(25);
    const { stats } = await db.export.findUniqueOrThrow({ where: { id: first.id }, select: { stats: true } });
    expect(stats).toMatchObject({ rows: { train: train.length, validation: validation.length }, items: { train: trainIds.size, validation: validationIds.size } });
    const second = await exportAndRun(actor, projectId, input);
    expect(new Set(parseJsonLines(await downloadExportText(actor, second.id, 'validation')).map((r) => r.item_id))).toEqual(validationIds);
    expect(parseJsonLines(await downloadExportText(actor, first.id, 'all', true))).toHaveLength(80);

    const csv = await exportAndRun(actor, projectId, { format: 'RAW_CSV', filters: input.filters });
    const csvAll = (await downloadExportText(actor, csv.id, 'all')).split('\r\n').filter(Boolean);
    expect(csvAll).toHaveLength(81);
    expect(csvAll.filter((l) => l.startsWith('judgment_id,'))).toHaveLength(1);
    expect((await downloadExportText(actor, csv.id, 'validation')).startsWith('judgment_id,')).toBe(true);
  });

  it('re-running: READY is a no-op, FAILED restarts from scratch; webhook delivery emitted once', async () => {
    const { projectId, actor } = await createPairwiseFixture();
    await db.webhook.create({ data: { teamId: actor.teamId, url: 'https://example.com/hook', secret: 's'.repeat(32), events: ['export.ready'] } });
    const exp = await exportAndRun(actor, projectId, { format: 'RAW_JSONL' });
    expect(await runExport(exp.id)).toEqual({ status: 'READY', rows: 20 });
    await db.export.update({ where: { id: exp.id }, data: { status: 'FAILED' } });
    expect(await runExport(exp.id)).toEqual({ status: 'READY', rows: 20 });
    expect(parseJsonLines(await downloadExportText(actor, exp.id))).toHaveLength(20);
    expect(await db.webhookDelivery.count({ where: { eventKey: `export.ready:${exp.id}` } })).toBe(1);
  });

  it('RANKING: Bradley-Terry order split into pairs with rank and k; CLASSIFICATION: refused formats and agreement figures', async () => {
    const rankingProject = await createTestProject({ taskType: 'RANKING', title: 'Rank' });
    const actor = await createTestActor(rankingProject);
    const workers = await createTestWorkers(3);
    const payload = (i: number): Prisma.InputJsonValue => ({ prompt: `Rank ${i}`, responses: ['r0', 'r1', 'r2'] });
    const [item] = await createTestItems(rankingProject, 1, { payload, externalIdPrefix: 'r' });
    for (const [w, ranking] of [[[2], [0], [1]], [[2], [0], [1]], [[0], [2], [1]]].entries()) {
      await addTestJudgment({ projectId: rankingProject, itemId: item, workerId: workers[w], answer: { ranking } });
    }
    const trl = parseJsonLines(await downloadExportText(actor, (await exportAndRun(actor, rankingProject, { format: 'TRL_PREFERENCE' })).id));
    expect(trl).toStrictEqual([
      { prompt: 'User: Rank 0\n\nAssistant:', chosen: ' r2', rejected: ' r0', metadata: { item_id: 'r-0', k: 3, chosen_rank: 1, rejected_rank: 2 } },
      { prompt: 'User: Rank 0\n\nAssistant:', chosen: ' r2', rejected: ' r1', metadata: { item_id: 'r-0', k: 3, chosen_rank: 1, rejected_rank: 3 } },
      { prompt: 'User: Rank 0\n\nAssistant:', chosen: ' r0', rejected: ' r1', metadata: { item_id: 'r-0', k: 3, chosen_rank: 2, rejected_rank: 3 } },
    ]);

    const clsProject = await createTestProject({ taskType: 'CLASSIFICATION', title: 'Sentiment' });
    const clsActor = await createTestActor(clsProject);
    await expect(createExport(clsActor, clsProject, { format: 'OPENAI_DPO' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(createExport(actor, clsProject, { format: 'RAW_JSONL' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const text = (i: number): Prisma.InputJsonValue => ({ text: `Review ${i}` });
    const clsItems = await createTestItems(clsProject, 4, { payload: text, externalIdPrefix: 'c' });
    const labels = [['positive', 'positive', 'positive'], ['negative', 'negative', 'positive'], ['neutral', 'negative', 'positive'], ['negative', 'negative', 'negative']];
    for (const [i, itemId] of clsItems.entries()) {
      for (const [w, workerId] of workers.entries()) await addTestJudgment({ projectId: clsProject, itemId, workerId, answer: { label: labels[i][w] } });
    }
    const agg = await exportAndRun(clsActor, clsProject, { format: 'AGGREGATED_CSV' });
    const lines = (await downloadExportText(clsActor, agg.id)).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('item_id,label,method,confidence,n_judgments,agreement,is_gold,details');
    const cells = lines.slice(1).map((l) => l.split(','));
    // c-2 is a three-way split: Dawid-Skene decides it by the workers' estimated reliability.
    expect(cells.map((c) => [c[0], c[0] === 'c-2' ? '?' : c[1], c[2]])).toEqual([
      ['c-0', 'positive', 'dawid_skene'], ['c-1', 'negative', 'dawid_skene'], ['c-2', '?', 'dawid_skene'], ['c-3', 'negative', 'dawid_skene'],
    ]);
    const { stats } = await db.export.findUniqueOrThrow({ where: { id: agg.id }, select: { stats: true } });
    const agreement = (stats as { agreement: { krippendorffAlpha: number; percentAgreement: number } }).agreement;
    expect(agreement.krippendorffAlpha).toBeCloseTo(krippendorffAlpha(labels), 10);
    expect(agreement.percentAgreement).toBeCloseTo(percentAgreement(labels), 10);
  });
});
