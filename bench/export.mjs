// Export benchmark: seeds 1,000,000 judgments into a fresh embedded PostgreSQL, runs a RAW_JSONL export through
// runExport (rows/s, peak RSS), then COPYs the same rows and columns TO STDOUT for comparison: the anchor runs with
// the work_mem the export's own COPY session uses (the ratio), and with PostgreSQL's defaults (as measured before).
// Run: node --conditions=react-server --import tsx bench/export.mjs [--formats=all|F1,F2] [--no-dpo] [--repeat=N]
//   BENCH_JUDGMENTS=200000 for a quicker run. By default OPENAI_DPO (the item-grouped path) runs after the headline;
//   --formats adds more formats (`all`: every format a PAIRWISE project has), each with its rows/s and peak RSS.
// Writes bench/results/export.json and prints a one-line summary.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { copyOutCount } from './lib/export-copy.mjs';
import { seedExportProject } from './lib/export-seed.mjs';

const JUDGMENTS = Number(process.env.BENCH_JUDGMENTS ?? 1_000_000);
const PAIRWISE_FORMATS = ['RAW_JSONL', 'RAW_CSV', 'AGGREGATED_JSONL', 'AGGREGATED_CSV', 'OPENAI_SFT', 'OPENAI_DPO', 'TRL_PREFERENCE', 'TRL_PREFERENCE_CONVERSATIONAL', 'TRL_KTO', 'HH_RLHF', 'ALPACA', 'SHAREGPT'];
const formatsArg = process.argv.find((a) => a.startsWith('--formats='))?.slice('--formats='.length);
const extraFormats = !formatsArg ? [] : formatsArg === 'all' ? PAIRWISE_FORMATS : formatsArg.split(',');
const unknown = extraFormats.filter((f) => !PAIRWISE_FORMATS.includes(f));
if (unknown.length) throw new Error(`Unknown format(s): ${unknown.join(', ')}. Formats: ${PAIRWISE_FORMATS.join(', ')}`);
const runDpo = !process.argv.includes('--no-dpo') && process.env.BENCH_SKIP_DPO !== '1';
// On a shared machine one pair of runs can land in a burst of someone else's work: --repeat=N alternates export and
// COPY N times and reports the median pair (every pair is kept in `repeats`).
const repeats = Math.max(1, Number(process.argv.find((a) => a.startsWith('--repeat='))?.slice('--repeat='.length) ?? 1));
const dataDir = path.resolve(`.data/bench-export-${process.pid}`);
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

/**
 * CPU seconds of this process and of the whole PostgreSQL cluster (postmaster, its backends and its reaped children,
 * parallel workers included), from /proc: steadier than wall time on a shared machine.
 */
function readCpuSeconds() {
  const ticksOf = (pid, withChildren) => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    } catch {
      return 0; // gone meanwhile
    }
  };
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let ticks = ticksOf(postmaster, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === postmaster) ticks += ticksOf(entry, false);
    } catch {}
  }
  const own = process.cpuUsage();
  return { node: (own.user + own.system) / 1e6, postgres: ticks / 100 };
}
const cpuSince = (start) => {
  const now = readCpuSeconds();
  return { node: Math.round((now.node - start.node) * 10) / 10, postgres: Math.round((now.postgres - start.postgres) * 10) / 10 };
};

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
  const { EXPORT_WORK_MEM } = await import('../lib/exports/copy-out.ts');
  await db.$queryRaw`SELECT 1`; // open the pool before the baseline

  /** Runs one export through runExport, sampling RSS every 100 ms and progress every 2 s. */
  async function measure(format) {
    const exp = await db.export.create({ data: { projectId, teamId, format }, select: { id: true } });
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const samples = [];
    const timeline = [];
    const load = loadAverage();
    let rowsStored = 0;
    const cpu0 = readCpuSeconds();
    const t0 = performance.now();
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
      samples.push({ rows: rowsStored, rss: m.rss });
    }, 100);
    let polls = 0;
    const progress = setInterval(async () => {
      const row = await db.export.findUnique({ where: { id: exp.id }, select: { rowsWritten: true } });
      rowsStored = row?.rowsWritten ?? rowsStored;
      polls += 1;
      if (polls % 4 !== 0) return;
      const m = process.memoryUsage();
      timeline.push({ seconds: Math.round((performance.now() - t0) / 100) / 10, rows: rowsStored, rssMb: mb(m.rss), heapMb: mb(m.heapUsed) });
    }, 500);
    const result = await runExport(exp.id);
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = cpuSince(cpu0);
    clearInterval(sampler);
    clearInterval(progress);
    const done = await db.export.findUniqueOrThrow({ where: { id: exp.id }, select: { rowsWritten: true, fileBytes: true, stats: true } });
    await db.exportChunk.deleteMany({ where: { exportId: exp.id } }); // keep the database the same size for the next run
    const peakOf = (list) => mb(list.reduce((peak, sample) => Math.max(peak, sample.rss), baseline.rss));
    return {
      format,
      status: result.status,
      rows: done.rowsWritten,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(done.rowsWritten / seconds),
      judgmentsPerSecond: Math.round(JUDGMENTS / seconds),
      cpuSeconds,
      baselineRssMb: mb(baseline.rss),
      peakRssMb: mb(peakRss),
      peakRssGrowthMb: mb(peakRss - baseline.rss),
      // Flat memory: while the second half of the rows is stored, RSS peaks no higher than during the first half.
      peakRssFirstHalfMb: peakOf(samples.filter((s) => s.rows < done.rowsWritten / 2)),
      peakRssSecondHalfMb: peakOf(samples.filter((s) => s.rows >= done.rowsWritten / 2)),
      peakHeapUsedMb: mb(peakHeap),
      gzipMb: mb(Number(done.fileBytes)),
      rawMb: mb(done.stats?.rawBytes ?? 0),
      loadAverageBefore: load,
      loadAverageAfter: loadAverage(),
      timeline,
    };
  }

  /** The same rows and columns, serialized by PostgreSQL itself (worker pseudonyms included, hashed in SQL). */
  const { rows: [{ salt }] } = await client.query('SELECT "pseudonymSalt" AS salt FROM "Team" WHERE id = $1', [teamId]);
  const anchorSql = `COPY (SELECT json_build_object('judgment_id', j.id, 'item_id', i."externalId",
        'worker_id', substr(encode(sha256(convert_to('${salt.replaceAll("'", "''")}' || j."workerId"::text, 'UTF8')), 'hex'), 1, 16),
        'answer', j.answer, 'shown_order', a."shownOrder", 'duration_ms', j."durationMs", 'is_gold', j."isGold",
        'gold_correct', j."goldCorrect", 'status', j.status, 'created_at', j."createdAt", 'payload', i.payload)::text
      FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" JOIN "Assignment" a ON a.id = j."assignmentId"
      WHERE j."projectId" = '${projectId}' AND j.status = 'APPROVED' AND j."isExam" = false ORDER BY j.id) TO STDOUT`;
  async function measureCopy(workMem) {
    await client.query(workMem ? `SET work_mem = '${workMem}'` : 'RESET work_mem');
    const { rows: [{ work_mem: setting }] } = await client.query('SHOW work_mem');
    const load = loadAverage();
    const cpu0 = readCpuSeconds();
    const start = performance.now();
    const copy = await copyOutCount(client, anchorSql);
    const seconds = (performance.now() - start) / 1000;
    return { workMem: setting, rows: copy.lines, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(copy.lines / seconds), cpuSeconds: cpuSince(cpu0), mb: mb(copy.bytes), loadAverageBefore: load };
  }

  const pairs = [];
  for (let n = 0; n < repeats; n++) {
    const pair = { export: await measure('RAW_JSONL'), copy: await measureCopy(EXPORT_WORK_MEM) };
    pairs.push({ ...pair, ratio: Math.round((pair.copy.seconds / pair.export.seconds) * 100) / 100 });
    if (repeats > 1) console.log(`  run ${n + 1}: export ${pair.export.seconds} s, COPY ${pair.copy.seconds} s, ratio ${pairs.at(-1).ratio}, load ${pair.export.loadAverageBefore[0]}`);
  }
  const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor((pairs.length - 1) / 2)];
  const { export: raw, copy } = median;
  const copyDefaultSettings = await measureCopy(null);
  const dpo = runDpo ? await measure('OPENAI_DPO') : null;
  const formats = [];
  for (const format of extraFormats) {
    if (format === 'RAW_JSONL') formats.push(raw);
    else if (format === 'OPENAI_DPO' && dpo) formats.push(dpo);
    else formats.push(await measure(format));
    const f = formats.at(-1);
    console.log(`  ${f.format}: ${f.rows} rows in ${f.seconds} s (${f.rowsPerSecond} rows/s, ${f.judgmentsPerSecond} judgments/s), CPU s node ${f.cpuSeconds.node} + PostgreSQL ${f.cpuSeconds.postgres}, peak RSS +${f.peakRssGrowthMb} MB`);
  }
  await client.end();
  await disconnectDb();

  const summary = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    judgments: JUDGMENTS,
    seedSeconds: Math.round(seedSeconds * 10) / 10,
    export: raw,
    aggregatedExport: dpo,
    copy: { method: 'pg submittable COPY TO STDOUT, rows counted per CopyData message (pg-copy-streams not installed)', ...copy },
    copyDefaultSettings,
    // The export's throughput as a share of COPY's (≥ 0.5 is the target), and its time as a multiple of COPY's.
    ratio: median.ratio,
    exportToCopyTimeRatio: Math.round((raw.seconds / copy.seconds) * 100) / 100,
    ratioToDefaultSettingsCopy: Math.round((copyDefaultSettings.seconds / raw.seconds) * 100) / 100,
    formats,
    repeats: pairs.length > 1 ? pairs.map((p) => ({ exportSeconds: p.export.seconds, copySeconds: p.copy.seconds, ratio: p.ratio, loadAverageBefore: p.export.loadAverageBefore })) : undefined,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/export.json', `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `export RAW_JSONL: ${raw.rows} rows in ${raw.seconds} s (${raw.rowsPerSecond} rows/s; CPU s node ${raw.cpuSeconds.node} + PostgreSQL ${raw.cpuSeconds.postgres}), peak RSS +${raw.peakRssGrowthMb} MB (halves ${raw.peakRssFirstHalfMb}/${raw.peakRssSecondHalfMb} MB), ${raw.gzipMb} MB gzip | COPY (work_mem ${copy.workMem}): ${copy.rowsPerSecond} rows/s in ${copy.seconds} s (CPU s PostgreSQL ${copy.cpuSeconds.postgres}) | ratio ${summary.ratio}${pairs.length > 1 ? ` (median of ${pairs.length})` : ''} (default-settings COPY ${copyDefaultSettings.rowsPerSecond} rows/s: ${summary.ratioToDefaultSettingsCopy})${dpo ? ` | OPENAI_DPO: ${dpo.rows} pairs in ${dpo.seconds} s, peak RSS +${dpo.peakRssGrowthMb} MB` : ''}${formats.length ? ` | ${formats.length} formats in results` : ''} | load ${raw.loadAverageBefore.join(' ')}`,
  );
} finally {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
