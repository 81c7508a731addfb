// A fresh embedded PostgreSQL with the schema, a requester team and a PAIRWISE project factory: what the import
// benchmarks (bench/import.mjs, bench/csv-import.mjs) start from. Same settings as the test cluster (fsync off):
// they measure the import path, not the disk.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../../scripts/lib/schema-engine.mjs';

export async function startImportBench(name) {
  const dataDir = path.resolve(`.data/bench-${name}-${process.pid}`);
  const postgres = await startEmbeddedPostgres({ dataDir, fast: true });
  const removeCluster = async () => {
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await ensureDatabase(postgres.url(), 'bench');
    await applyMigrations({ url: postgres.url('bench'), migrationsDir: path.resolve('prisma/migrations') });
    process.env.DATABASE_URL = postgres.url('bench');
    const { db, disconnectDb } = await import('../../lib/db.ts');
    const { importBatch } = await import('../../lib/batches/import.ts');
    const { defaultTypeConfig } = await import('../../lib/tasks/index.ts');
    const team = await db.team.create({ data: { name: 'Bench', slug: `bench-${randomUUID()}` } });
    const user = await db.user.create({ data: { roles: ['REQUESTER'] } });
    await db.teamMember.create({ data: { teamId: team.id, userId: user.id } });
    const createProject = () =>
      db.project.create({
        data: { teamId: team.id, title: 'Bench', taskType: 'PAIRWISE', typeConfig: defaultTypeConfig.PAIRWISE, rewardMsats: 1000n, judgmentsPerItem: 3 },
      });
    const actor = { kind: 'USER', teamId: team.id, userId: user.id, apiKeyId: null };
    const stop = async () => {
      await disconnectDb();
      await removeCluster();
    };
    return { postgres, db, importBatch, actor, createProject, stop };
  } catch (error) {
    await removeCluster();
    throw error;
  }
}
