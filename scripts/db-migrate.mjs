// `npm run db:migrate -- <name> [--create-only] [--accept-data-loss]`: `prisma migrate dev --name <name>`
// through the WASM schema engine (scripts/lib/schema-engine.mjs), except that it never resets the database.
// Targets DATABASE_URL, or the embedded database when it is unset.
import path from 'node:path';
import { withTargetDatabase } from './lib/database.mjs';
import { createMigration } from './lib/schema-engine.mjs';

const USAGE = 'Usage: npm run db:migrate -- <name> [--create-only] [--accept-data-loss]';
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [name, ...extra] = args.filter((a) => !a.startsWith('--'));
const unknown = [...flags].filter((f) => !['--create-only', '--accept-data-loss'].includes(f));
if (!name || extra.length || unknown.length) {
  console.error(unknown.length ? `Unknown option ${unknown.join(', ')}\n${USAGE}` : USAGE);
  process.exit(2);
}

const root = path.join(import.meta.dirname, '..');
const createOnly = flags.has('--create-only');

try {
  const result = await withTargetDatabase(
    (url) =>
      createMigration({
        url,
        schemaPath: path.join(root, 'prisma', 'schema.prisma'),
        migrationsDir: path.join(root, 'prisma', 'migrations'),
        name,
        createOnly,
        acceptDataLoss: flags.has('--accept-data-loss'),
      }),
    { log: console.log },
  );
  if (result.applied.length) console.log(`Applied pending migration(s):\n${result.applied.map((n) => `  ${n}`).join('\n')}`);
  for (const warning of result.warnings) console.warn(`Warning: ${warning}`);
  if (!result.dir) {
    console.log('No schema changes.');
  } else {
    const file = path.relative(process.cwd(), path.join(result.dir, 'migration.sql'));
    console.log(createOnly ? `Created ${file} (not applied yet: edit it, then run npm run db:deploy).` : `Created and applied ${file}.`);
  }
} catch (error) {
  console.error(`db:migrate failed: ${error?.message ?? error}`);
  process.exitCode = 1;
}
// embedded-db's stop() leaves a 20 s timer behind that would keep this process alive.
process.exit();
