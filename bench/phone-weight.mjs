// First-load JS per route, gzip, from the Turbopack build's diagnostics (`npm run build` first).
// Writes bench/results/phone-weight.json and prints one line per worker-facing route.
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

const rows = routes.map((route) => ({
  route: route.route,
  rawKiB: kib(route.firstLoadUncompressedJsBytes),
  gzipKiB: kib(route.firstLoadChunkPaths.reduce((sum, chunk) => sum + gzipSize(path.resolve(chunk)), 0)),
  chunks: route.firstLoadChunkPaths.length,
}));
rows.sort((a, b) => a.route.localeCompare(b.route));
const result = { measuredAt: new Date().toISOString(), node: process.version, routes: rows };
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/phone-weight.json', `${JSON.stringify(result, null, 2)}\n`);
for (const row of rows) console.log(`${row.route.padEnd(28)} ${String(row.gzipKiB).padStart(7)} KiB gzip  (${row.rawKiB} KiB raw, ${row.chunks} chunks)`);
