// CSV reader throughput: N realistic PAIRWISE rows (default 100k; quoted cells with commas, quotes and newlines) read
// from 64 KiB byte chunks, in this process, by
//   hand       the hand-written reader lib/batches used before (bench/lib/csv-hand-reader.ts),
//   csvParse   today's readCsvRecords (csv-parse, with UTF-8 checking, delimiter detection and line numbers),
//   bareCsvParse  csv-parse's own stream on the raw bytes, nothing else: the library's ceiling here,
//   readRows   today's whole file → row path (readCsvRecords + header check + row mapping), for scale.
// Each runs 5 times, interleaved; the median counts. Before that, both readers read 5,000 small random files (quotes,
// CRLF, delimiters, multi-byte text, cut into 7-byte chunks): they must agree on every record and line number, except
// where the old reader called text after a closing quote an error (csv-parse keeps it as text; docs/uploads.md).
// Writes bench/results/csv-parse.json and prints one line.
//   node --conditions=react-server --import tsx bench/csv-parse.mjs [rows]
import fs from 'node:fs';
import os from 'node:os';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { readCsvRecords } from '../lib/batches/csv-records.ts';
import { readRows } from '../lib/batches/read-rows.ts';
import { readCsvRecordsByHand } from './lib/csv-hand-reader.ts';
import { csvChunks } from './lib/import-rows.mjs';

const rows = Number(process.argv[2] ?? 100_000);
const runs = 5;
const CHUNK = 65_536;

const chunks = csvChunks(rows, CHUNK);
const fileBytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
async function* source() {
  yield* chunks;
}

async function count(records) {
  let n = 0;
  let last;
  for await (const record of records) {
    if ('error' in record) throw new Error(`line ${record.line}: ${record.error}`);
    n += 1;
    last = record;
  }
  return { n, last };
}

/** A small CSV from a seeded generator, weighted towards the characters that make CSV hard. */
function randomCsv(seed) {
  const pieces = ['a', 'b', ',', ',', '"', '"', '\n', '\r\n', ' ', 'é', '🚀', ';'];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let text = 'h1,h2,h3\n';
  for (let length = 5 + Math.floor(next() * 40); length > 0; length -= 1) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}
async function* sevenByteChunks(text) {
  const all = new TextEncoder().encode(text);
  for (let offset = 0; offset < all.length; offset += 7) yield all.subarray(offset, offset + 7);
}
async function collect(records) {
  const out = [];
  for await (const record of records) out.push(record);
  return out;
}
const agreement = { files: 5000, same: 0, textAfterClosingQuote: 0 };
for (let seed = 1; seed <= agreement.files; seed += 1) {
  const text = randomCsv(seed);
  const hand = await collect(readCsvRecordsByHand(sevenByteChunks(text)));
  const parsed = await collect(readCsvRecords(sevenByteChunks(text)));
  if (JSON.stringify(hand) === JSON.stringify(parsed)) agreement.same += 1;
  else if (hand.some((record) => record.error?.includes('after a closing quote'))) agreement.textAfterClosingQuote += 1;
  else throw new Error(`the readers disagree on ${JSON.stringify(text)}: ${JSON.stringify(hand)} vs ${JSON.stringify(parsed)}`);
}

const variants = {
  hand: () => count(readCsvRecordsByHand(source())),
  csvParse: () => count(readCsvRecords(source())),
  bareCsvParse: () => count(Readable.from(chunks.map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))).pipe(parse())),
  readRows: () => count(readRows(source(), 'csv', 'PAIRWISE')),
};

// CPU time of this process as well as wall time: other jobs share the machine, and CPU time is what they disturb least.
const cpuSecondsSince = (start) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
};
const seconds = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const cpuSeconds = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const lasts = {};
for (let run = 0; run < runs; run += 1) {
  for (const [name, read] of Object.entries(variants)) {
    global.gc?.();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const { n, last } = await read();
    seconds[name].push((performance.now() - start) / 1000);
    cpuSeconds[name].push(cpuSecondsSince(cpuStart));
    const expected = name === 'readRows' ? rows : rows + 1; // readRows eats the header row
    if (n !== expected) throw new Error(`${name} read ${n} records, expected ${expected}`);
    lasts[name] = last;
  }
}
// Same last record from both readers: they agree on the data, not only on the count.
if (JSON.stringify(lasts.hand) !== JSON.stringify(lasts.csvParse)) throw new Error('the readers disagree on the last record');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mib = fileBytes / 1024 / 1024;
const figures = Object.fromEntries(
  Object.entries(seconds).map(([name, values]) => {
    const s = median(values);
    const cpu = median(cpuSeconds[name]);
    return [
      name,
      { seconds: +s.toFixed(3), rowsPerSecond: Math.round(rows / s), mibPerSecond: +(mib / s).toFixed(1), cpuSeconds: +cpu.toFixed(3), rowsPerCpuSecond: Math.round(rows / cpu), runs: values.map((v) => +v.toFixed(3)) },
    ];
  }),
);
const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  csvParseVersion: JSON.parse(fs.readFileSync('node_modules/csv-parse/package.json', 'utf8')).version,
  rows,
  fileMiB: +mib.toFixed(1),
  chunkBytes: CHUNK,
  agreement,
  ...figures,
  csvParseToHandTimeRatio: +(figures.csvParse.seconds / figures.hand.seconds).toFixed(2),
  csvParseToHandCpuRatio: +(figures.csvParse.cpuSeconds / figures.hand.cpuSeconds).toFixed(2),
  loadAverage: os.loadavg().map((load) => +load.toFixed(1)),
};
// bench/csv-import.mjs adds the whole-upload figures under importBatch: keep them.
const previous = fs.existsSync('bench/results/csv-parse.json') ? JSON.parse(fs.readFileSync('bench/results/csv-parse.json', 'utf8')) : {};
if (previous.importBatch) result.importBatch = previous.importBatch;
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/csv-parse.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `csv-parse: ${rows} rows (${result.fileMiB} MiB), median of ${runs}: hand-written ${figures.hand.rowsPerSecond} rows/s (${figures.hand.mibPerSecond} MiB/s), ` +
    `csv-parse reader ${figures.csvParse.rowsPerSecond} rows/s (${figures.csvParse.mibPerSecond} MiB/s), bare csv-parse ${figures.bareCsvParse.rowsPerSecond} rows/s, ` +
    `readRows ${figures.readRows.rowsPerSecond} rows/s; the csv-parse reader takes ${result.csvParseToHandTimeRatio}x the hand-written time, ` +
    `${result.csvParseToHandCpuRatio}x its CPU time (${figures.hand.rowsPerCpuSecond} vs ${figures.csvParse.rowsPerCpuSecond} rows per CPU second); load ${result.loadAverage.join(' ')}`,
);
