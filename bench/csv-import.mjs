// What the CSV reader costs a whole upload: N PAIRWISE rows as an Excel-style CSV (bench/lib/import-rows.mjs)
// through importBatch into a fresh embedded PostgreSQL, 3 times, the median kept. The label names the reader that
// lib/batches/read-rows.ts uses at the time of the run; the figure is added under importBatch.<label> in
// bench/results/csv-parse.json. To measure the hand-written reader, commit first, then
//   git show 1e7118f:lib/batches/read-rows.ts > lib/batches/read-rows.ts; git show 1e7118f:lib/batches/parse.ts > lib/batches/parse.ts
// run with the label "hand", and `git checkout HEAD -- lib/batches` after.
//   node --conditions=react-server --import tsx bench/csv-import.mjs <label> [rows]
import fs from 'node:fs';
import os from 'node:os';
import { startImportBench } from './lib/import-bench.mjs';
import { csvChunks } from './lib/import-rows.mjs';

const label = process.argv[2] ?? 'csvParse';
const rows = Number(process.argv[3] ?? 100_000);
const runs = 3;
const resultFile = 'bench/results/csv-parse.json';

const { importBatch, actor, createProject, stop } = await startImportBench('csv-import');
try {
  const chunks = csvChunks(rows);

  // This process's CPU time too: PostgreSQL runs apart, so it is the Node side (reading, validating) alone.
  const seconds = [];
  const cpuSeconds = [];
  for (let run = 0; run < runs; run += 1) {
    const project = await createProject();
    const source = (async function* () {
      yield* chunks;
    })();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const batch = await importBatch(actor, project.id, { source, fileName: 'bench.csv', format: 'csv', isGold: false, mode: 'all_or_nothing' });
    seconds.push((performance.now() - start) / 1000);
    const cpu = process.cpuUsage(cpuStart);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    if (batch.status !== 'IMPORTED' || batch.importedRows !== rows) throw new Error(`import failed: ${JSON.stringify(batch).slice(0, 500)}`);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(runs / 2)];
  const wall = median(seconds);
  const cpu = median(cpuSeconds);
  const figure = {
    seconds: +wall.toFixed(2),
    rowsPerSecond: Math.round(rows / wall),
    nodeCpuSeconds: +cpu.toFixed(2),
    runs: seconds.map((s) => +s.toFixed(2)),
    loadAverage: os.loadavg().map((load) => +load.toFixed(1)),
    measuredAt: new Date().toISOString(),
  };
  const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : {};
  result.importBatch = { ...result.importBatch, rows, [label]: figure };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`csv-import (${label}): ${rows} CSV rows through importBatch in ${figure.seconds} s = ${figure.rowsPerSecond} rows/s, Node CPU ${figure.nodeCpuSeconds} s (median of ${runs}; load ${figure.loadAverage.join(' ')})`);
} finally {
  await stop();
}
