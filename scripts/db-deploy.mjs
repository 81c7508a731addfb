// `npm run db:deploy`: `prisma migrate deploy` for prisma/migrations, through the WASM schema engine
// (scripts/lib/schema-engine.mjs). Targets DATABASE_URL, or the embedded database when it is unset.
import path from 'node:path';
import { withTargetDatabase } from './lib/database.mjs';
import { applyMigrations } from './lib/schema-engine.mjs';

const migrationsDir = path.join(import.meta.dirname, '..', 'prisma', 'migrations');

try {
  const applied = await withTargetDatabase((url) => applyMigrations({ url, migrationsDir }), { log: console.log });
  if (applied.length === 0) console.log('No pending migrations.');
  else console.log(`Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`);
} catch (error) {
  console.error(`db:deploy failed: ${error?.message ?? error}`);
  if (/migration_name=|P3009/.test(String(error?.message))) {
    // `prisma migrate resolve` cannot run here. A migration runs as one transaction, so unless it commits
    // explicitly, a failed one left nothing behind.
    console.error(
      '\nOnce its migration.sql is fixed, mark the failed attempt rolled back and deploy again:\n' +
        `  UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '<name>' AND finished_at IS NULL;`,
    );
  }
  process.exitCode = 1;
}
// embedded-db's stop() leaves a 20 s timer behind that would keep this process alive.
process.exit();
