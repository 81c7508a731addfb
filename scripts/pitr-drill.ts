// A point-in-time recovery drill on this machine (docs/deploy.md, "Backups and point-in-time recovery"), with the
// same PostgreSQL the product embeds and nothing else: WAL archiving (archive_command), a base backup taken with the
// low-level API (pg_backup_start / copy / pg_backup_stop, what pgBackRest and WAL-G do underneath), answers paid
// before and after a chosen moment, then two restores into scratch clusters: one to that moment, one to the end of
// the archive. Each is checked: exactly the answers and ledger transfers of its point, a ledger that sums to zero,
// and a schema the migrator finds up to date.
//
//   node --conditions=react-server --import tsx scripts/pitr-drill.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { withClient as withClientUntyped } from './lib/database.mjs';
import { startEmbeddedPostgres } from './lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from './lib/schema-engine.mjs';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'boltwork-pitr-'));
const dirs = { primary: path.join(root, 'primary'), archive: path.join(root, 'archive'), base: path.join(root, 'base') };
const migrationsDir = path.resolve('prisma/migrations');
const started: { stop: () => Promise<void> }[] = [];
const steps: string[] = [];
const step = (text: string) => {
  steps.push(text);
  console.log(`- ${text}`);
};

/** As root, PostgreSQL runs as the OS user `postgres`: the archive and the copies must be theirs. */
function giveToPostgres(dir: string) {
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
}

const withClient = withClientUntyped as <T>(url: string, use: (client: pg.Client) => Promise<T>) => Promise<T>;

type Snapshot = { judgments: number; approved: number; transfers: number; ledgerSum: string };

async function snapshot(url: string): Promise<Snapshot> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(`SELECT
      (SELECT count(*)::int FROM "Judgment") AS judgments,
      (SELECT count(*)::int FROM "Judgment" WHERE status = 'APPROVED') AS approved,
      (SELECT count(*)::int FROM "LedgerTransfer") AS transfers,
      (SELECT coalesce(sum("balanceMsats"), 0)::text FROM "LedgerAccount") AS "ledgerSum"`);
    return rows[0];
  });
}

/** Answers `count` tasks with the product's own services and lets the quality evaluator approve and pay them. */
async function answerAndPay(workerIds: string[], projectId: string, count: number) {
  const { claimLeases, advanceTaskLoop } = await import('@/lib/assignment');
  const { evaluatePendingJudgments } = await import('@/lib/quality/evaluate');
  for (let i = 0; i < count; i++) {
    const workerId = workerIds[i % workerIds.length];
    const leases = await claimLeases(workerId, projectId, { want: 1 });
    if (leases.kind !== 'leases') throw new Error(`no task for the drill: ${leases.reason}`);
    await advanceTaskLoop(workerId, { assignmentId: leases.current.assignmentId, outcome: { answer: { choice: i % 2 ? 'A' : 'B' } }, aheadId: null });
  }
  await evaluatePendingJudgments();
}

async function restore(name: string, target: string | null, expected: Snapshot) {
  const dataDir = path.join(root, name);
  execFileSync('cp', ['-a', dirs.base, dataDir]);
  const settings = [`restore_command = 'cp "${dirs.archive}/%f" "%p"'`, "recovery_target_action = 'promote'"];
  if (target) settings.push(`recovery_target_time = '${target}'`);
  fs.appendFileSync(path.join(dataDir, 'postgresql.auto.conf'), `\n${settings.join('\n')}\n`);
  fs.writeFileSync(path.join(dataDir, 'recovery.signal'), '');
  giveToPostgres(dataDir);
  const t0 = Date.now();
  const restored = await startEmbeddedPostgres({ dataDir, extraFlags: ['-c', 'archive_mode=off'] });
  started.push(restored);
  const url = restored.url('boltwork');
  const got = await snapshot(url);
  const pending = await applyMigrations({ url, migrationsDir });
  await restored.stop();
  const ok = JSON.stringify(got) === JSON.stringify(expected) && got.ledgerSum === '0';
  step(`restore ${target ? `to ${target}` : 'to the end of the archive'} in ${Date.now() - t0} ms: ${JSON.stringify(got)} ${ok ? '= expected' : `!= expected ${JSON.stringify(expected)}`}; migrations applied on it: ${JSON.stringify(pending)}`);
  if (!ok) throw new Error(`restore ${name} does not match`);
}

try {
  fs.mkdirSync(dirs.archive, { recursive: true });
  giveToPostgres(dirs.archive);
  const primary = await startEmbeddedPostgres({
    dataDir: dirs.primary,
    extraFlags: ['-c', 'wal_level=replica', '-c', 'archive_mode=on', '-c', `archive_command=cp "%p" "${dirs.archive}/%f"`, '-c', 'archive_timeout=60'],
  });
  started.push(primary);
  await ensureDatabase(primary.url(), 'boltwork');
  const url = primary.url('boltwork');
  await applyMigrations({ url, migrationsDir });
  process.env.DATABASE_URL = url;
  const fixtures = await import('@/lib/assignment/test-fixtures');
  const { db } = await import('@/lib/db');
  const projectId = await fixtures.createTestProject({ judgmentsPerItem: 1, autoApproveAfterSeconds: 0 });
  await fixtures.createTestItems(projectId, 60);
  const workerIds = await fixtures.createTestWorkers(5);
  step('primary: embedded PostgreSQL with archive_mode=on, archive_command=cp to the archive; migrated; a funded project of 60 items');

  await withClient(url, async (client) => {
    await client.query("SELECT pg_backup_start('boltwork-drill', true)");
    // Everything but the WAL in flight and the pid file; pg_wal's directory must exist in the copy.
    execFileSync('cp', ['-a', dirs.primary, dirs.base]);
    for (const entry of fs.readdirSync(path.join(dirs.base, 'pg_wal'))) {
      if (entry !== 'archive_status') fs.rmSync(path.join(dirs.base, 'pg_wal', entry), { recursive: true, force: true });
    }
    for (const file of ['postmaster.pid', 'postmaster.opts']) fs.rmSync(path.join(dirs.base, file), { force: true });
    const { rows } = await client.query('SELECT labelfile, spcmapfile FROM pg_backup_stop(true)');
    fs.writeFileSync(path.join(dirs.base, 'backup_label'), rows[0].labelfile);
    if (rows[0].spcmapfile) fs.writeFileSync(path.join(dirs.base, 'tablespace_map'), rows[0].spcmapfile);
  });
  step('base backup: pg_backup_start, copy of the data directory, pg_backup_stop (backup_label written into the copy)');

  await answerAndPay(workerIds, projectId, 20);
  const before = await snapshot(url);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const [{ target }] = await db.$queryRaw<{ target: string }[]>`SELECT to_char(clock_timestamp(), 'YYYY-MM-DD HH24:MI:SS.US TZH') AS target`;
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await answerAndPay(workerIds, projectId, 25);
  const after = await snapshot(url);
  await withClient(url, (client) => client.query('SELECT pg_switch_wal()'));
  await db.$disconnect();
  await primary.stop();
  step(`primary: 20 answers approved and paid, the target moment ${target}, 25 more; WAL switched and archived; stopped (${fs.readdirSync(dirs.archive).length} WAL files archived)`);
  if (before.approved === 0 || after.approved <= before.approved) throw new Error(`the drill's answers were not approved: ${JSON.stringify({ before, after })}`);

  await restore('restore-to-target', target, before);
  await restore('restore-to-end', null, after);
  console.log(`PITR drill passed (${root})`);
} finally {
  await Promise.all(started.map((p) => p.stop().catch(() => {})));
  fs.rmSync(root, { recursive: true, force: true });
}
