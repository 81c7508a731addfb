// Export benchmark: seeds 1,000,000 judgments into a fresh embedded PostgreSQL, runs a RAW_JSONL export through
// runExport (rows/s, peak RSS), then COPYs the same rows and columns TO STDOUT for comparison.
// Run: node --conditions=react-server --import tsx bench/export.mjs   (BENCH_JUDGMENTS=200000 for a quicker run)
// Writes bench/results/export.json and prints a one-line summary.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { copyOutCount } from './lib/export-copy.mjs';
import { seedExportProject } from './lib/export-seed.mjs';

const JUDGMENTS = Number(process.env.BENCH_JUDGMENTS ?? 1_000_000);
const dataDir = path.resolve(`.data/bench-export-${process.pid}`);
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;

const postgres = await startEmbeddedPostgres({ dataDir, fast: true });
try {
  await ensureDatabase(postgres.url(), 'bench');
  const url = postgres.url('bench');
  await applyMigrations({ url, migrationsDir: path.resolve('prisma/migrations') });
  process.env.DATABASE_URL = url;

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const seedStart = performance.now();
  const { projectId, teamId } = await seedExportProject((sql, params) => client.query(sql, params), { judgments: JUDGMENTS });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`seeded ${JUDGMENTS} judgments in ${seedSeconds.toFixed(1)} s`);

  // Imported after DATABASE_URL is set: lib/env reads it once.
  const { db, disconnectDb } = await import('../lib/db.ts');
  const { runExport } = await import('../lib/exports/run.ts');
  await db.$queryRaw`SELECT 1`; // open the pool before the baseline

  /** Runs one export through runExport, sampling RSS every 100 ms and progress every 2 s. */
  async function measure(format) {
    const exp = await db.export.create({ data: { projectId, teamId, format }, select: { id: true } });
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const timeline = [];
    const t0 = performance.now();
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 100);
    const progress = setInterval(async () => {
      const row = await db.export.findUnique({ where: { id: exp.id }, select: { rowsWritten: true } });
      const m = process.memoryUsage();
      timeline.push({ seconds: Math.round((performance.now() - t0) / 100) / 10, rows: row?.rowsWritten ?? 0, rssMb: mb(m.rss), heapMb: mb(m.heapUsed) });
    }, 2000);
    const result = await runExport(exp.id);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    clearInterval(progress);
    const done = await db.export.findUniqueOrThrow({ where: { id: exp.id }, select: { rowsWritten: true, fileBytes: true, stats: true } });
    return {
      format,
      status: result.status,
      rows: done.rowsWritten,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(done.rowsWritten / seconds),
      baselineRssMb: mb(baseline.rss),
      peakRssMb: mb(peakRss),
      peakRssGrowthMb: mb(peakRss - baseline.rss),
      peakHeapUsedMb: mb(peakHeap),
      gzipMb: mb(Number(done.fileBytes)),
      rawMb: mb(done.stats?.rawBytes ?? 0),
      timeline,
    };
  }
  const raw = await measure('RAW_JSONL');
  const exportSeconds = raw.seconds;

  // The same rows and columns, serialized by PostgreSQL itself.
  const { rows: [{ salt }] } = await client.query('SELECT "pseudonymSalt" AS salt FROM "Team" WHERE id = $1', [teamId]);
  const copyStart = performance.now();
  const copy = await copyOutCount(
    client,
    `COPY (SELECT json_build_object('judgment_id', j.id, 'item_id', i."externalId",
        'worker_id', substr(encode(sha256(convert_to('${salt.replaceAll("'", "''")}' || j."workerId"::text, 'UTF8')), 'hex'), 1, 16),
        'answer', j.answer, 'shown_order', a."shownOrder", 'duration_ms', j."durationMs", 'is_gold', j."isGold",
        'gold_correct', j."goldCorrect", 'status', j.status, 'created_at', j."createdAt", 'payload', i.payload)::text
      FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" JOIN "Assignment" a ON a.id = j."assignmentId"
      WHERE j."projectId" = '${projectId}' AND j.status = 'APPROVED' AND j."isExam" = false ORDER BY j.id) TO STDOUT`,
  );
  const copySeconds = (performance.now() - copyStart) / 1000;
  // The item-grouped path (aggregation + preference pairs) on the same data, for reference.
  const dpo = process.env.BENCH_SKIP_DPO === '1' ? null : await measure('OPENAI_DPO');
  await client.end();
  await disconnectDb();

  const summary = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    judgments: JUDGMENTS,
    seedSeconds: Math.round(seedSeconds * 10) / 10,
    export: raw,
    aggregatedExport: dpo,
    copy: { method: 'pg submittable COPY TO STDOUT (pg-copy-streams not installed)', rows: copy.lines, seconds: Math.round(copySeconds * 10) / 10, rowsPerSecond: Math.round(copy.lines / copySeconds), mb: mb(copy.bytes) },
    exportToCopyTimeRatio: Math.round((exportSeconds / copySeconds) * 100) / 100,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/export.json', `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `export RAW_JSONL: ${raw.rows} rows in ${raw.seconds} s (${raw.rowsPerSecond} rows/s), peak RSS +${raw.peakRssGrowthMb} MB (${raw.peakRssMb} MB), ${raw.gzipMb} MB gzip | COPY: ${summary.copy.rowsPerSecond} rows/s in ${summary.copy.seconds} s | export/COPY time ${summary.exportToCopyTimeRatio}x${dpo ? ` | OPENAI_DPO: ${dpo.rows} pairs in ${dpo.seconds} s, peak RSS +${dpo.peakRssGrowthMb} MB` : ''}`,
  );
} finally {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
