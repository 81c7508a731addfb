// Conversation trees at the scale (issue 18): W workers (default 100) grow T trees (default 50) at once, split
// over two processes that stand for two app servers (each runs half the workers and its own quality evaluator)
// against one embedded PostgreSQL. Every task goes through the ordinary claim and submit; the trees' consistency
// rests on PostgreSQL alone (the tree's row lock, unique keys), nothing in either process's memory.
// Checks afterwards (lib/trees/test-fixtures.ts checkTreeShapes): every tree READY with exactly 12 live messages
// down to depth 3, no group over 3 replies, 3 reviews per message, 3 rankings per group, nobody reviewed or ranked
// their own message, every approved judgment paid once at its reward, the ledger sums to 0.
// Writes bench/results/trees-grow.json and prints one line.
//   node --conditions=react-server --import tsx bench/trees-grow.mjs [workers=100] [trees=50]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';

const PROCESSES = 2;

if (process.argv[2] === '--child') {
  // One "app server": its share of the workers, and an evaluator draining the quality queue beside them.
  const [projectId, workerList, seed] = process.argv.slice(3);
  const { createSeededRandom } = await import('../lib/assignment/test-fixtures.ts');
  const { drainEvaluator, runTreeWorker } = await import('../lib/trees/test-fixtures.ts');
  const { disconnectDb } = await import('../lib/db.ts');
  let evaluating = true;
  const evaluator = (async () => {
    while (evaluating) {
      await drainEvaluator();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const deadline = Date.now() + 20 * 60_000;
  const results = await Promise.all(
    workerList.split(',').map((workerId, index) => runTreeWorker(workerId, projectId, createSeededRandom(Number(seed) * 1000 + index), { deadline })),
  );
  evaluating = false;
  await evaluator;
  await drainEvaluator();
  await disconnectDb();
  process.stdout.write(`${JSON.stringify({ done: results.reduce((s, r) => s + r.done, 0), refusals: results.flatMap((r) => r.refusals) })}\n`);
  process.exit(0);
}

const workerCount = Number(process.argv[2] ?? 100);
const treeCount = Number(process.argv[3] ?? 50);
const dataDir = path.resolve(`.data/bench-trees-${process.pid}`);
const postgres = await startEmbeddedPostgres({ dataDir, fast: true });
try {
  await ensureDatabase(postgres.url(), 'bench');
  await applyMigrations({ url: postgres.url('bench'), migrationsDir: path.resolve('prisma/migrations') });
  const url = postgres.url('bench');
  process.env.DATABASE_URL = url;
  const { createTestWorkers } = await import('../lib/assignment/test-fixtures.ts');
  const { createTree } = await import('../lib/trees/engine.ts');
  const { checkTreeShapes, createTreeProject, drainEvaluator } = await import('../lib/trees/test-fixtures.ts');
  const { db, disconnectDb } = await import('../lib/db.ts');

  const { projectId, config } = await createTreeProject();
  for (let i = 0; i < treeCount; i++) await createTree(projectId);
  const workers = await createTestWorkers(workerCount);
  const started = performance.now();
  const children = Array.from({ length: PROCESSES }, (_, p) => {
    const share = workers.filter((_, i) => i % PROCESSES === p);
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', import.meta.filename, '--child', projectId, share.join(','), String(p + 1)], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`child ${p} exited ${code}`)))));
  });
  const outcomes = await Promise.all(children);
  const seconds = (performance.now() - started) / 1000;
  await drainEvaluator();
  const report = await checkTreeShapes(projectId, config, { messages: 12, maxDepth: 3 });
  const tasks = outcomes.reduce((s, o) => s + o.done, 0);
  const refusals = outcomes.flatMap((o) => o.refusals);
  const refusalKinds = Object.fromEntries([...new Set(refusals)].map((r) => [r, refusals.filter((x) => x === r).length]));
  const result = {
    workers: workerCount,
    trees: treeCount,
    processes: PROCESSES,
    seconds: Math.round(seconds * 10) / 10,
    tasks,
    tasksPerSecond: Math.round((tasks / seconds) * 10) / 10,
    refusals: refusalKinds,
    states: report.states,
    messages: report.messages,
    judgments: report.judgments,
    problems: report.problems.slice(0, 20),
    ok: report.problems.length === 0 && tasks === 60 * treeCount,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/trees-grow.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(`trees-grow: ${workerCount} workers x ${treeCount} trees over ${PROCESSES} processes in ${result.seconds}s, ${tasks} tasks (${result.tasksPerSecond}/s), ${report.problems.length} problems -> ${result.ok ? 'OK' : 'FAIL'}`);
  await db.$disconnect();
  await disconnectDb();
  if (!result.ok) process.exitCode = 1;
} finally {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit();
