// Batch import throughput: N realistic PAIRWISE rows (default 100k) streamed through importBatch into a fresh embedded
// PostgreSQL, against a bare `COPY "Item" FROM STDIN` of the same rows (no validation, no duplicate report) as the
// ceiling. Writes bench/results/import.json and prints one line.
//   node --conditions=react-server --import tsx bench/import.mjs [rows]
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { copyFrom, copyText } from './lib/import-copy.mjs';
import { jsonlChunks, pairwiseRow } from './lib/import-rows.mjs';

const rows = Number(process.argv[2] ?? 100_000);
const dataDir = path.resolve(`.data/bench-import-${process.pid}`);
const mib = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

// Same settings as the test cluster (fsync off): this measures the import path, not the disk.
const postgres = await startEmbeddedPostgres({ dataDir, fast: true });
try {
  await ensureDatabase(postgres.url(), 'bench');
  await applyMigrations({ url: postgres.url('bench'), migrationsDir: path.resolve('prisma/migrations') });
  process.env.DATABASE_URL = postgres.url('bench');
  const { db, disconnectDb } = await import('../lib/db.ts');
  const { importBatch } = await import('../lib/batches/import.ts');
  const { defaultTypeConfig } = await import('../lib/tasks/index.ts');

  const team = await db.team.create({ data: { name: 'Bench', slug: `bench-${randomUUID()}` } });
  const user = await db.user.create({ data: { roles: ['REQUESTER'] } });
  await db.teamMember.create({ data: { teamId: team.id, userId: user.id } });
  const createProject = () =>
    db.project.create({
      data: { teamId: team.id, title: 'Bench', taskType: 'PAIRWISE', typeConfig: defaultTypeConfig.PAIRWISE, rewardMsats: 1000n, judgmentsPerItem: 3 },
    });
  const actor = { kind: 'USER', teamId: team.id, userId: user.id, apiKeyId: null };

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
    importBatch: { seconds: +importSeconds.toFixed(2), rowsPerSecond: Math.round(rows / importSeconds), baseRssMiB: mib(baseRss), peakRssMiB: mib(peakRss), baseHeapMiB: mib(baseHeap), peakHeapMiB: mib(peakHeap) },
    copy: { seconds: +copySeconds.toFixed(2), rowsPerSecond: Math.round(rows / copySeconds) },
    importToCopyTimeRatio: +(importSeconds / copySeconds).toFixed(2),
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/import.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `import: ${rows} rows (${result.fileMiB} MiB) in ${result.importBatch.seconds} s = ${result.importBatch.rowsPerSecond} rows/s, ` +
      `peak RSS ${result.importBatch.peakRssMiB} MiB (start ${result.importBatch.baseRssMiB}), peak heap ${result.importBatch.peakHeapMiB} MiB (start ${result.importBatch.baseHeapMiB}); COPY ${result.copy.rowsPerSecond} rows/s; ` +
      `import takes ${result.importToCopyTimeRatio}x the COPY time`,
  );
  await disconnectDb();
} finally {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
