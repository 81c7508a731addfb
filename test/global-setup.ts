// One embedded PostgreSQL cluster for the whole integration run, with a template database migrated
// once; each test file then gets its own clone of the template (see database-per-file.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';

export const TEMPLATE_DATABASE = 'boltwork_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = path.resolve(`.data/test-pg-${process.pid}`);
  const postgres = await startEmbeddedPostgres({ dataDir, fast: true });
  await ensureDatabase(postgres.url(), TEMPLATE_DATABASE);
  await applyMigrations({ url: postgres.url(TEMPLATE_DATABASE), migrationsDir: path.resolve('prisma/migrations') });
  project.provide('postgresAdminUrl', postgres.url());
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  return async () => {
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
