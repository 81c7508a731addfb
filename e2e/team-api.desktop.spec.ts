import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

// The team API through the real server (Next's routing, streaming and headers), not just the handlers: what
// docs/api.md shows with curl. Demo mode seeds the demo team's API key.
const key = 'bw_live_demo-team-key-for-the-curl-walkthrough';
const auth = { Authorization: `Bearer ${key}` };

test('the team API: create, stream an upload, page items, export and download plain and .gz', async ({ request }) => {
  const spec = await request.get('/api/v1/openapi.json');
  expect(spec.ok()).toBe(true);
  expect((await spec.json()).openapi).toBe('3.1.0');
  expect((await request.get('/api/v1/projects')).status()).toBe(401);

  const created = await request.post('/api/v1/projects', {
    headers: { ...auth, 'Idempotency-Key': `e2e-${Date.now()}` },
    data: { title: 'API e2e', instructions: 'Is it *yes*?', taskType: 'CLASSIFICATION', typeConfig: { labels: ['yes', 'no'] }, rewardSats: 3, judgmentsPerItem: 1 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const project = await created.json();

  const lines = Array.from({ length: 250 }, (_, i) => JSON.stringify({ id: `t${i}`, text: `Item number ${i}` })).join('\n');
  const upload = await request.post(`/api/v1/projects/${project.id}/batches?fileName=items.jsonl`, {
    headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
    data: Buffer.from(`${lines}\n{"id":"bad"}\n`),
  });
  expect(upload.status()).toBe(201);
  expect(await upload.json()).toMatchObject({ status: 'FAILED', importedRows: 0, errorRows: 1, errors: [{ line: 251 }] });
  const fixed = await request.post(`/api/v1/projects/${project.id}/batches?fileName=items.jsonl`, {
    headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
    data: Buffer.from(`${lines}\n`),
  });
  expect(await fixed.json()).toMatchObject({ status: 'IMPORTED', importedRows: 250 });

  const page = await (await request.get(`/api/v1/projects/${project.id}/items?limit=100`, { headers: auth })).json();
  expect(page.data).toHaveLength(100);
  expect(page.nextCursor).toBeTruthy();

  const exported = await request.post(`/api/v1/projects/${project.id}/exports`, { headers: auth, data: { format: 'AGGREGATED_CSV', filters: { status: 'all' } } });
  expect(exported.status()).toBe(202);
  const exportId = (await exported.json()).id;
  await expect.poll(async () => (await (await request.get(`/api/v1/exports/${exportId}`, { headers: auth })).json()).status, { timeout: 30_000 }).toBe('READY');

  const plain = await request.get(`/api/v1/exports/${exportId}/download`, { headers: { ...auth, 'Accept-Encoding': 'gzip' } });
  expect(plain.headers()['content-type']).toContain('text/csv');
  const text = (await plain.body()).toString('utf8');
  expect(text.split('\r\n')[0]).toMatch(/^item_id,/);
  const gz = await request.get(`/api/v1/exports/${exportId}/download?compressed=true`, { headers: auth });
  expect(gz.headers()['content-type']).toBe('application/gzip');
  expect(gunzipSync(await gz.body()).toString('utf8')).toBe(text);
});
