// Batch import throughput: N realistic PAIRWISE rows (default 100k) uploaded as one JSONL stream to the team API
// (POST /api/v1/projects/{id}/batches on `next start`, peak RSS of the server process sampled), and streamed through
// importBatch in this process (the service alone), into a fresh embedded PostgreSQL, against a bare
// `COPY "Item" FROM STDIN` of the same rows (no validation, no duplicate report) as the ceiling.
// Writes bench/results/import.json and prints one line.
//   node --conditions=react-server --import tsx bench/import.mjs [rows]
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { copyFrom, copyText } from './lib/import-copy.mjs';
import { jsonlChunks, pairwiseRow } from './lib/import-rows.mjs';
import { startAppServers } from './lib/app-servers.mjs';
import { startImportBench } from './lib/import-bench.mjs';

const rows = Number(process.argv[2] ?? 100_000);
const mib = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const { postgres, db, importBatch, actor, createProject, stop } = await startImportBench('import');
try {
  const { createApiKey } = await import('../lib/api/keys.ts');

  // --- importBatch, RSS sampled every 25 ms
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  const baseHeap = process.memoryUsage().heapUsed;
  let peakRss = baseRss;
  let peakHeap = baseHeap;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 25);
  const importProject = await createProject();
  let fileBytes = 0;
  async function* counted() {
    for await (const chunk of jsonlChunks(rows)) {
      fileBytes += chunk.byteLength;
      yield chunk;
    }
  }
  const importStart = performance.now();
  const batch = await importBatch(actor, importProject.id, { source: counted(), fileName: 'bench.jsonl', format: 'jsonl', isGold: false, mode: 'all_or_nothing' });
  const importSeconds = (performance.now() - importStart) / 1000;
  clearInterval(sampler);
  if (batch.status !== 'IMPORTED' || batch.importedRows !== rows) throw new Error(`import failed: ${JSON.stringify(batch).slice(0, 500)}`);

  // --- the same file through the team API on `next start`: one streamed POST, the server's RSS sampled
  const apiProject = await createProject();
  const { key } = await createApiKey(actor, { name: 'bench', scopes: ['read', 'write'] });
  const app = await startAppServers({ databaseUrl: postgres.url('bench') });
  let api;
  try {
    const [pid] = app.serverPids;
    const rssOf = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const serverBaseRss = rssOf();
    let serverPeakRss = serverBaseRss;
    const serverSampler = setInterval(() => (serverPeakRss = Math.max(serverPeakRss, rssOf())), 25);
    const body = ReadableStream.from(jsonlChunks(rows));
    const apiStart = performance.now();
    const response = await fetch(`${app.url}/api/v1/projects/${apiProject.id}/batches?fileName=bench.jsonl`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    });
    const answer = await response.json();
    const apiSeconds = (performance.now() - apiStart) / 1000;
    clearInterval(serverSampler);
    if (response.status !== 201 || answer.importedRows !== rows) throw new Error(`API upload failed: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
    api = { seconds: +apiSeconds.toFixed(2), rowsPerSecond: Math.round(rows / apiSeconds), serverBaseRssMiB: mib(serverBaseRss), serverPeakRssMiB: mib(serverPeakRss) };
  } finally {
    await app.stop();
  }

  // --- COPY of the same rows into another project, through one pg connection
  const copyProject = await createProject();
  const copyBatch = await db.batch.create({ data: { projectId: copyProject.id, sourceFileName: 'copy', format: 'jsonl', status: 'IMPORTING' } });
  async function* copyChunks() {
    let text = '';
    for (let index = 0; index < rows; index += 1) {
      const { id, ...payload } = pairwiseRow(index);
      const fields = [randomUUID(), copyProject.id, copyBatch.id, id, JSON.stringify(payload), 'f', null, 3, 3];
      text += `${fields.map(copyText).join('\t')}\n`;
      if (text.length >= 65_536) {
        yield Buffer.from(text);
        text = '';
      }
    }
    if (text) yield Buffer.from(text);
  }
  const client = new pg.Client({ connectionString: postgres.url('bench') });
  await client.connect();
  const copyStart = performance.now();
  const copied = await copyFrom(
    client,
    'COPY "Item" ("id", "projectId", "batchId", "externalId", "payload", "isGold", "goldAnswer", "judgmentsNeeded", "openSlots") FROM STDIN',
    copyChunks(),
  );
  const copySeconds = (performance.now() - copyStart) / 1000;
  await client.end();
  if (copied !== rows) throw new Error(`COPY wrote ${copied} rows`);

  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    rows,
    fileMiB: mib(fileBytes),
    api,
    importBatch: { seconds: +importSeconds.toFixed(2), rowsPerSecond: Math.round(rows / importSeconds), baseRssMiB: mib(baseRss), peakRssMiB: mib(peakRss), baseHeapMiB: mib(baseHeap), peakHeapMiB: mib(peakHeap) },
    copy: { seconds: +copySeconds.toFixed(2), rowsPerSecond: Math.round(rows / copySeconds) },
    importToCopyTimeRatio: +(importSeconds / copySeconds).toFixed(2),
    apiToCopyTimeRatio: +(api.seconds / copySeconds).toFixed(2),
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/import.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `import: ${rows} rows (${result.fileMiB} MiB) by the API in ${api.seconds} s = ${api.rowsPerSecond} rows/s (server RSS ${api.serverBaseRssMiB} -> peak ${api.serverPeakRssMiB} MiB); ` +
      `importBatch in process in ${result.importBatch.seconds} s = ${result.importBatch.rowsPerSecond} rows/s, ` +
      `peak RSS ${result.importBatch.peakRssMiB} MiB (start ${result.importBatch.baseRssMiB}), peak heap ${result.importBatch.peakHeapMiB} MiB (start ${result.importBatch.baseHeapMiB}); COPY ${result.copy.rowsPerSecond} rows/s; ` +
      `API import takes ${result.apiToCopyTimeRatio}x, in-process ${result.importToCopyTimeRatio}x the COPY time`,
  );
} finally {
  await stop();
}
