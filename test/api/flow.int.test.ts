// The whole team journey through the API, with real Requests: project → upload → publish → items → work done →
// judgments → stats → funding invoice paid → export → download, plus webhooks.
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { callApi, createTeamWithKey, pairwiseLine, pairwiseProject } = await import('./helpers');
const projects = await import('@/lib/api/v1/projects');
const batches = await import('@/lib/api/v1/batches');
const exportsApi = await import('@/lib/api/v1/exports');
const funding = await import('@/lib/api/v1/funding');
const { getProjectStatsRoute } = await import('@/lib/api/v1/stats');
const webhooks = await import('@/lib/api/v1/webhooks');
const { claimNextAssignment } = await import('@/lib/assignment/claim');
const { submitJudgment } = await import('@/lib/assignment/submit');
const { createTestWorkers } = await import('@/lib/assignment/test-fixtures');
const { runExport } = await import('@/lib/exports/run');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { stopBoss } = await import('@/lib/jobs/boss');

afterAll(async () => {
  await stopBoss();
});

const ITEMS = 7;

async function collectPages<T>(fetchPage: (cursor?: string) => Promise<{ status: number; json: { data: T[]; nextCursor: string | null } }>) {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await fetchPage(cursor);
    expect(result.status).toBe(200);
    all.push(...result.json.data);
    if (!result.json.nextCursor) return all;
    cursor = result.json.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('the team API end to end', () => {
  it('creates, uploads, publishes, pages items and judgments, funds, and exports', async () => {
    const { key } = await createTeamWithKey();
    const created = await callApi(projects.createProjectRoute, { key, json: pairwiseProject });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'DRAFT', taskType: 'PAIRWISE', rewardSats: 10 });
    const projectId = created.json.id as string;

    const body = Array.from({ length: ITEMS }, (_, i) => pairwiseLine(i)).join('\n') + '\n{"payload": "not an object"}\n';
    const upload = await callApi(batches.uploadBatchRoute, {
      key, params: { projectId }, query: { mode: 'skip_invalid', fileName: 'pairs.jsonl' }, body, headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': 'upload-1' },
    });
    expect(upload.status).toBe(201);
    expect(upload.json).toMatchObject({ status: 'PARTIAL', fileName: 'pairs.jsonl', totalRows: ITEMS + 1, importedRows: ITEMS, errorRows: 1 });
    expect(upload.json.errors[0].line).toBe(ITEMS + 1);
    // The same Idempotency-Key returns the same batch instead of importing twice.
    const replay = await callApi(batches.uploadBatchRoute, { key, params: { projectId }, body, headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': 'upload-1' } });
    expect(replay.json.id).toBe(upload.json.id);
    const wrongType = await callApi(batches.uploadBatchRoute, { key, params: { projectId }, body, headers: { 'content-type': 'application/json' } });
    expect(wrongType.status).toBe(415);

    const listed = await callApi(batches.listBatchesRoute, { key, params: { projectId } });
    expect(listed.json.data.map((b: { id: string }) => b.id)).toEqual([upload.json.id]);
    expect((await callApi(batches.getBatchRoute, { key, params: { batchId: upload.json.id } })).json.importedRows).toBe(ITEMS);

    const published = await callApi(projects.publishProjectRoute, { key, params: { projectId } });
    expect(published.json.status).toBe('ACTIVE');

    const items = await collectPages<{ id: string; externalId: string }>((cursor) =>
      callApi(batches.listItemsRoute, { key, params: { projectId }, query: { limit: '3', ...(cursor ? { cursor } : {}) } }));
    expect(items.map((i) => i.externalId).sort()).toEqual(Array.from({ length: ITEMS }, (_, i) => `item-${i}`).sort());
    expect(new Set(items.map((i) => i.id)).size).toBe(ITEMS);

    // Fund it: the invoice is paid by a wallet on the simulated network.
    const invoice = await callApi(funding.createFundingInvoiceRoute, { key, params: { projectId }, json: { amountSats: 2000 }, headers: { 'idempotency-key': 'fund-1' } });
    expect(invoice.status).toBe(201);
    expect(invoice.json).toMatchObject({ status: 'PENDING', amountSats: 2000, projectId });
    expect(invoice.json.bolt11).toMatch(/^lnbcrt/);
    const wallet = createWalletNode(randomBytes(32).toString('hex'));
    const paid = await wallet.payInvoice({ bolt11: invoice.json.bolt11, paymentHash: invoice.json.paymentHash, amountMsats: 2_000_000n, feeLimitMsats: 100_000n, timeoutSeconds: 10 });
    expect(paid.status).toBe('PAID');
    const settled = await callApi(funding.getFundingInvoiceRoute, { key, params: { invoiceId: invoice.json.id } });
    expect(settled.json.status).toBe('PAID');
    const funded = await callApi(projects.getProjectRoute, { key, params: { projectId } });
    expect(Number(funded.json.escrowSats)).toBe(2000);

    // Workers answer five items.
    const workers = await createTestWorkers(5);
    for (const workerId of workers) {
      const claim = await claimNextAssignment(workerId, projectId);
      if (claim.kind !== 'assigned') throw new Error(`no work: ${JSON.stringify(claim)}`);
      await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: { choice: 'A' } });
    }
    const judgments = await collectPages<{ id: string; workerId: string; status: string }>((cursor) =>
      callApi(exportsApi.listJudgmentsRoute, { key, params: { projectId }, query: { limit: '2', ...(cursor ? { cursor } : {}) } }));
    expect(judgments).toHaveLength(5);
    expect(judgments.every((j) => !workers.includes(j.workerId))).toBe(true); // pseudonymous
    const pendingOnly = await callApi(exportsApi.listJudgmentsRoute, { key, params: { projectId }, query: { status: 'APPROVED' } });
    expect(pendingOnly.json.data).toEqual([]);

    const stats = await callApi(getProjectStatsRoute, { key, params: { projectId } });
    expect(stats.status).toBe(200);
    expect(stats.json.items.total).toBe(ITEMS);
    expect(stats.json.judgments.total).toBe(5);
    expect(typeof stats.json.money.escrowSats).toBe('number');
    // Position bias, as on the dashboard: each worker tapped "A", the response shown first, so every one of the five
    // decisive answers was won by the first-shown response (two-sided exact binomial p = 2 · 0.5^5).
    expect(stats.json.positionBias).toMatchObject({
      project: { decisive: 5, firstWins: 5, rate: 1, expected: 0.5, pValue: 0.0625 },
      flaggedWorkers: [], // one answer each: below the 20 answers a worker needs to be flagged
      workersWithDecisiveAnswers: 5,
    });
    expect(stats.json.positionBias.project.low).toBeLessThanOrEqual(stats.json.positionBias.project.rate);

    // Export everything (pending included), built by the job, then downloaded both as .gz and plain.
    const exported = await callApi(exportsApi.createExportRoute, { key, params: { projectId }, json: { format: 'RAW_JSONL', filters: { status: 'all' } } });
    expect(exported.status).toBe(202);
    await runExport(exported.json.id);
    const ready = await callApi(exportsApi.getExportRoute, { key, params: { exportId: exported.json.id } });
    expect(ready.json.status).toBe('READY');
    const gz = await callApi(exportsApi.downloadExportRoute, { key, params: { exportId: exported.json.id }, query: { compressed: 'true' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-type')).toBe('application/gzip');
    expect(gz.headers.get('content-disposition')).toMatch(/\.jsonl\.gz"$/);
    const gzText = gunzipSync(Buffer.from(await gz.response.arrayBuffer())).toString('utf8');
    const plain = await callApi(exportsApi.downloadExportRoute, { key, params: { exportId: exported.json.id }, headers: { 'accept-encoding': 'gzip, br' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.response.text()).toBe(gzText);
    expect(gzText.trim().split('\n')).toHaveLength(5);
    const card = await callApi(exportsApi.getExportCardRoute, { key, params: { exportId: exported.json.id } });
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toContain('text/markdown');

    const closed = await callApi(projects.closeProjectRoute, { key, params: { projectId } });
    expect(closed.json.status).toBe('DONE');
    expect(await db.project.count({ where: { id: projectId, status: 'DONE' } })).toBe(1);
  });

  it('manages webhooks', async () => {
    const { key } = await createTeamWithKey();
    const created = await callApi(webhooks.createWebhookRoute, { key, json: { url: 'https://hooks.example.com/boltwork', events: ['export.ready'] } });
    expect(created.status).toBe(201);
    expect(typeof created.json.secret).toBe('string');
    const listed = await callApi(webhooks.listWebhooksRoute, { key });
    expect(listed.json.data).toHaveLength(1);
    expect(listed.json.data[0].secret).toBeUndefined();
    const deleted = await callApi(webhooks.deleteWebhookRoute, { key, params: { webhookId: created.json.id } });
    expect(deleted.status).toBe(204);
    expect((await callApi(webhooks.listWebhooksRoute, { key })).json.data).toEqual([]);
    expect((await callApi(webhooks.deleteWebhookRoute, { key, params: { webhookId: created.json.id } })).status).toBe(404);
  });
});
