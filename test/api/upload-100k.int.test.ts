// The required scale test: 100,000 JSONL items streamed through POST /api/v1/projects/{id}/batches. The body is
// generated lazily chunk by chunk (never a 100k-line string); memory is sampled while the import runs.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { callApi, createTeamWithKey, jsonlStream, pairwiseProject } = await import('./helpers');
const { createProjectRoute } = await import('@/lib/api/v1/projects');
const { uploadBatchRoute } = await import('@/lib/api/v1/batches');
const { stopBoss } = await import('@/lib/jobs/boss');

afterAll(async () => {
  await stopBoss();
});

// RSS alone can't tell buffering from garbage V8 has not collected yet; a forced GC before each sample measures
// what is really kept alive. (vitest's workers don't start with --expose-gc, so switch it on here.)
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const COUNT = 100_000;
// ~1 KB a line, so the file (~96 MiB) is far bigger than the live memory we allow: buffering it would show.
const PADDING = 'x'.repeat(900);
// Prisma 7 keeps its last ~100 query plans, raw queries included WITH their parameter values, so the import's
// recent INSERT chunks stay reachable until they fall out of that cache: about 100 × the chunk size, however big
// the file (importBatch flushes at 256 KB of JSON, so ~25 MiB). Measured earlier with 1 MiB chunks: +122 MiB by
// default, +25 MiB with `queryPlanCacheMaxSize: 0`.
const MAX_LIVE_GROWTH_BYTES = 64 * 1024 * 1024;
const MAX_RSS_GROWTH_BYTES = 512 * 1024 * 1024;
const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

const line = (index: number) =>
  JSON.stringify({ id: `row-${index}`, payload: { prompt: `Question ${index}: ${PADDING}`, responses: [`Eight (${index}).`, `Six (${index}).`] } });

const liveBytes = () => {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};

describe('uploading 100,000 items through the API', () => {
  it('streams them into the project with bounded memory', { timeout: 600_000 }, async () => {
    const { key } = await createTeamWithKey();
    const created = await callApi(createProjectRoute, { key, json: pairwiseProject });
    const projectId = created.json.id as string;

    let bytesGenerated = 0;
    let halfGeneratedAt = 0;
    const source = jsonlStream(COUNT, (index) => {
      const text = line(index);
      bytesGenerated += text.length + 1;
      if (index === COUNT / 2) halfGeneratedAt = Date.now();
      return text;
    });
    const baselineLive = liveBytes();
    const baselineRss = process.memoryUsage().rss;
    let peakLive = baselineLive;
    let peakRss = baselineRss;
    const sampler = setInterval(() => {
      peakLive = Math.max(peakLive, liveBytes());
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 250);
    const started = Date.now();
    let result;
    try {
      result = await callApi(uploadBatchRoute, {
        key, params: { projectId }, query: { fileName: 'big.jsonl' }, body: source, headers: { 'content-type': 'application/x-ndjson' },
      });
    } finally {
      clearInterval(sampler);
    }
    const finished = Date.now();
    console.info(
      `100k upload: ${MiB(bytesGenerated)} in ${((finished - started) / 1000).toFixed(1)} s; live memory +${MiB(peakLive - baselineLive)}, ` +
        `RSS +${MiB(peakRss - baselineRss)}; half the file generated at ${((halfGeneratedAt - started) / 1000).toFixed(1)} s`,
    );

    expect(result.status).toBe(201);
    expect(result.json).toMatchObject({ status: 'IMPORTED', totalRows: COUNT, importedRows: COUNT, errorRows: 0, duplicateRows: 0 });
    expect(await db.item.count({ where: { projectId } })).toBe(COUNT);
    const last = await db.item.findFirstOrThrow({ where: { projectId, externalId: `row-${COUNT - 1}` }, select: { payload: true } });
    expect(last.payload).toMatchObject({ responses: [`Eight (${COUNT - 1}).`, `Six (${COUNT - 1}).`] });
    expect(bytesGenerated).toBeGreaterThan(90 * 1024 * 1024);
    // The body was pulled as the import went, not read up front.
    expect(halfGeneratedAt - started).toBeGreaterThan((finished - started) / 4);
    expect(peakLive - baselineLive).toBeLessThan(MAX_LIVE_GROWTH_BYTES);
    expect(peakRss - baselineRss).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  });
});
