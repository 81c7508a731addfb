// First-load JS per route, gzip, from the Turbopack build's diagnostics (`npm run build` first), beside its anchor in
// the same build: `/`, a page with no client code of its own (Next and React alone).
// Also the chunks a route's first-load code imports lazily (React.lazy / import()): the task page loads its task
// type's widget that way while it hydrates, so "+ widget" is what a phone really downloads to show a task.
// Writes bench/results/phone-weight.json and prints one line per route.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const statsFile = '.next/diagnostics/route-bundle-stats.json';
if (!fs.existsSync(statsFile)) {
  console.error(`${statsFile} is missing: run \`npm run build\` (Turbopack) first.`);
  process.exit(1);
}
const routes = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** Chunks that the given chunks load on demand, each with the component it exports (e.g. RatingWidget) when it has one. */
function lazyChunks(chunkPaths) {
  const firstLoad = new Set(chunkPaths.map((chunk) => path.normalize(chunk)));
  const found = new Map();
  for (const chunk of chunkPaths) {
    for (const [, ref] of fs.readFileSync(chunk, 'utf8').matchAll(/"(static\/chunks\/[\w.-]+\.js)"/g)) {
      const file = path.normalize(path.join('.next', ref));
      if (firstLoad.has(file) || found.has(file) || !fs.existsSync(file)) continue;
      const exported = fs.readFileSync(file, 'utf8').match(/e\.s\(\["([A-Z]\w+)"/)?.[1] ?? path.basename(file);
      found.set(file, { name: exported, gzipKiB: kib(gzipSize(file)) });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const rows = routes.map((route) => ({
  route: route.route,
  rawKiB: kib(route.firstLoadUncompressedJsBytes),
  gzipKiB: kib(route.firstLoadChunkPaths.reduce((sum, chunk) => sum + gzipSize(path.resolve(chunk)), 0)),
  chunks: route.firstLoadChunkPaths.length,
  lazy: lazyChunks(route.firstLoadChunkPaths),
}));
rows.sort((a, b) => a.route.localeCompare(b.route));
const anchor = rows.find((row) => row.route === '/');
const result = { measuredAt: new Date().toISOString(), node: process.version, anchor: { route: '/', gzipKiB: anchor?.gzipKiB }, routes: rows };
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/phone-weight.json', `${JSON.stringify(result, null, 2)}\n`);
for (const row of rows) {
  const widgets = row.lazy.filter((chunk) => chunk.name.endsWith('Widget'));
  const withWidget = widgets.length
    ? `; + its widget ${Math.min(...widgets.map((w) => w.gzipKiB))}–${Math.max(...widgets.map((w) => w.gzipKiB))} KiB = ${(row.gzipKiB + Math.min(...widgets.map((w) => w.gzipKiB))).toFixed(1)}–${(row.gzipKiB + Math.max(...widgets.map((w) => w.gzipKiB))).toFixed(1)} KiB`
    : '';
  const ratio = anchor ? `, ${(row.gzipKiB / anchor.gzipKiB).toFixed(2)} of the bare page` : '';
  console.log(`${row.route.padEnd(28)} ${String(row.gzipKiB).padStart(7)} KiB gzip  (${row.rawKiB} KiB raw, ${row.chunks} chunks${ratio}${withWidget})`);
}
