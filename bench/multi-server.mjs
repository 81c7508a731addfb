// More than one machine (issue 7): two `next start` processes on different ports behind a round-robin balancer,
// plus a separate job worker, all on one PostgreSQL. Runs the worker loop and the payout storm in that layout
// (bench/worker-loop.mjs --servers=2 --job-worker, bench/payout-storm.mjs --servers=2), each on a fresh embedded
// database, and fails unless both report zero violations: no item over-assigned, no duplicate judgment, nothing
// paid twice, every accepted payout paid, the ledger summing to zero. Writes bench/results/multi-server.json
// (with the two runs' own files beside it) and prints one line.
//
//   node --conditions=react-server --import tsx bench/multi-server.mjs [workers=200] [seconds=20] [judgments=1000] [concurrency=100]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const [workers = '200', seconds = '20', judgments = '1000', concurrency = '100'] = process.argv.slice(2);
const SERVERS = 2;
const results = 'bench/results';

function run(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      last = (last + chunk.toString()).split('\n').filter(Boolean).at(-1) ?? last;
    });
    child.on('exit', (code) => resolve({ code, summary: last }));
  });
}

const loopFile = `${results}/multi-server-worker-loop.json`;
const stormFile = `${results}/multi-server-payout-storm.json`;
const loop = await run('bench/worker-loop.mjs', [workers, seconds, `--servers=${SERVERS}`, '--job-worker', '--fast', `--out=${loopFile}`]);
const storm = await run('bench/payout-storm.mjs', [judgments, concurrency, `--servers=${SERVERS}`, `--out=${stormFile}`]);

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
const loopResult = read(loopFile);
const stormResult = read(stormFile);
const http = loopResult?.product?.http;
const summary = {
  measuredAt: new Date().toISOString(),
  command: `node --conditions=react-server --import tsx bench/multi-server.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  layout: `${SERVERS} x next start behind a round-robin balancer (BOLTWORK_TRUSTED_PROXY_HOPS=1) + 1 job worker process, one embedded PostgreSQL`,
  workerLoop: http && {
    virtualWorkers: loopResult.setup.virtualWorkers,
    seconds: loopResult.setup.seconds,
    cyclesPerSecond: http.cyclesPerSecond,
    cycle: http.cycle,
    requestsPerServer: loopResult.servers?.requestsPerServer,
    violations: loopResult.violations,
    errors: http.errors,
    plainSqlCyclesPerSecond: loopResult.plainSql.cyclesPerSecond,
    exitCode: loop.code,
  },
  payoutStorm: stormResult && {
    judgments: stormResult.judgments,
    concurrency: stormResult.concurrency,
    accepted: stormResult.accepted,
    paid: stormResult.paid,
    refusedReasons: stormResult.refusedReasons,
    approvalToPaidMs: stormResult.approvalToPaidMs,
    payoutsPerSecond: stormResult.payoutsPerSecond,
    doublePayments: stormResult.doublePayments,
    ledgerSum: stormResult.ledgerSum,
    violations: stormResult.violations,
    requestsPerServer: stormResult.http?.requestsPerServer,
    exitCode: storm.code,
  },
};
const ok =
  loop.code === 0 && storm.code === 0 && loopResult?.violations === 0 && stormResult?.doublePayments === 0 && stormResult?.ledgerSum === '0' && stormResult?.paid === stormResult?.accepted;
summary.ok = ok;
fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(`${results}/multi-server.json`, `${JSON.stringify(summary, null, 2)}\n`);
console.log(
  `multi-server (${SERVERS} x next start + job worker): worker loop ${http?.cyclesPerSecond ?? '?'} cycles/s, violations ${loopResult?.violations ?? '?'}; ` +
    `payout storm ${stormResult?.paid ?? '?'}/${stormResult?.accepted ?? '?'} paid, ${stormResult?.payoutsPerSecond ?? '?'} payouts/s, double payments ${stormResult?.doublePayments ?? '?'}, ledger sum ${stormResult?.ledgerSum ?? '?'} -> ${ok ? 'OK' : 'FAILED'}`,
);
if (!ok) process.exitCode = 1;
