// The WASM schema-engine runner against a real PostgreSQL. Self-sufficient: it starts its own embedded
// cluster (under .data/, since PostgreSQL runs as OS user postgres when we are root and needs to traverse
// the parent directories) and works in a throwaway schema and migrations folder.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-db.mjs';
import { applyMigrations, createMigration, diffFromEmpty, ensureDatabase } from './schema-engine.mjs';

const work = path.resolve(import.meta.dirname, '../../.data', `schema-engine-test-${process.pid}-${Date.now()}`);
const schemaPath = path.join(work, 'schema.prisma');
const migrationsDir = path.join(work, 'migrations');

const schema = (bookExtra = '') => `datasource db {
  provider = "postgresql"
}

model Author {
  id    Int    @id @default(autoincrement())
  name  String
  books Book[]
}

model Book {
  id       Int    @id @default(autoincrement())
  title    String
  author   Author @relation(fields: [authorId], references: [id])
  authorId Int
${bookExtra}}
`;

// A plpgsql body full of ";" and a CHECK that Prisma's schema cannot express.
const HAND_WRITTEN_SQL = `CREATE FUNCTION trim_book_title() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.title := trim(NEW.title);
  RETURN NEW;
END;
$$;

CREATE TRIGGER book_trim_title BEFORE INSERT OR UPDATE ON "Book" FOR EACH ROW EXECUTE FUNCTION trim_book_title();

ALTER TABLE "Book" ADD CONSTRAINT "Book_title_not_blank" CHECK (length(title) > 0);
`;

let db: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let url: string;

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = [], target = url) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const migrationDirs = () => fs.readdirSync(migrationsDir).filter((f) => f !== 'migration_lock.toml').sort();

beforeAll(async () => {
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(schemaPath, schema());
  db = await startEmbeddedPostgres({ dataDir: path.join(work, 'pg'), fast: true });
  await ensureDatabase(db.url(), 'app');
  url = db.url('app');
});

afterAll(async () => {
  await db?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('schema-engine runner', () => {
  it('creates and applies the first migration from an empty migrations folder', async () => {
    const { dir, sql } = await createMigration({ url, schemaPath, migrationsDir, name: 'Init Schema!' });

    expect(path.basename(dir!)).toMatch(/^\d{14}_init_schema$/);
    expect(sql).toMatch(/CREATE TABLE "Author"/);
    expect(sql).toMatch(/CREATE TABLE "Book"/);
    expect(fs.readFileSync(path.join(dir!, 'migration.sql'), 'utf8')).toBe(sql);
    expect(fs.readFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toMatch(/^provider = "postgresql"$/m);
    const rows = await query('SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations');
    expect(rows).toEqual([
      {
        migration_name: path.basename(dir!),
        checksum: createHash('sha256').update(sql).digest('hex'),
        finished_at: expect.any(Date),
        rolled_back_at: null,
        applied_steps_count: 1,
      },
    ]);
    expect(await diffFromEmpty({ schemaPath })).toMatch(/CREATE TABLE "Book"/);
  });

  it('applies a hand-written migration with a $$ function body and a CHECK constraint', async () => {
    const { dir, sql } = await createMigration({ url, schemaPath, migrationsDir, name: 'book title guard', createOnly: true });
    expect(sql).not.toMatch(/CREATE|ALTER|DROP/); // nothing changed in the schema: an empty draft
    fs.writeFileSync(path.join(dir!, 'migration.sql'), HAND_WRITTEN_SQL);

    expect(await applyMigrations({ url, migrationsDir })).toEqual([path.basename(dir!)]);

    const [author] = await query<{ id: number }>(`INSERT INTO "Author" (name) VALUES ('Ann') RETURNING id`);
    const [book] = await query<{ title: string }>(`INSERT INTO "Book" (title, "authorId") VALUES ('  Dune  ', $1) RETURNING title`, [author.id]);
    expect(book.title).toBe('Dune');
    await expect(query(`INSERT INTO "Book" (title, "authorId") VALUES ('', $1)`, [author.id])).rejects.toMatchObject({
      code: '23514',
      constraint: 'Book_title_not_blank',
    });
  });

  it('turns a new field into an ADD COLUMN migration that keeps data and the hand-added CHECK', async () => {
    fs.writeFileSync(schemaPath, schema('  year     Int?\n'));
    const { dir, sql } = await createMigration({ url, schemaPath, migrationsDir, name: 'add year' });

    expect(path.basename(dir!)).toMatch(/_add_year$/);
    expect(sql).toMatch(/ALTER TABLE "Book" ADD COLUMN\s+"year" INTEGER;/);
    expect(sql).not.toMatch(/CREATE TABLE|DROP|Book_title_not_blank/);
    expect(migrationDirs().at(-1)).toBe(path.basename(dir!));
    expect(await query(`SELECT title, year FROM "Book"`)).toEqual([{ title: 'Dune', year: null }]);
    expect(await query(`SELECT conname FROM pg_constraint WHERE conname = 'Book_title_not_blank'`)).toHaveLength(1);
  });

  it('returns dir null when the schema has not changed', async () => {
    const before = migrationDirs();
    expect(await createMigration({ url, schemaPath, migrationsDir, name: 'nothing' })).toMatchObject({ dir: null, sql: '' });
    expect(migrationDirs()).toEqual(before);
  });

  it('refuses to work on a drifted database instead of resetting it', async () => {
    await query('CREATE TABLE drifted (id int)');
    await expect(createMigration({ url, schemaPath, migrationsDir, name: 'whatever' })).rejects.toThrow(/Drift detected/);
    expect(await query(`SELECT title FROM "Book"`)).toEqual([{ title: 'Dune' }]);
    await query('DROP TABLE drifted');
  });

  it('replays the whole history into a fresh database, and a second deploy applies nothing', async () => {
    await ensureDatabase(db!.url(), 'fresh');
    const fresh = db!.url('fresh');
    expect(await applyMigrations({ url: fresh, migrationsDir })).toEqual(migrationDirs());
    expect(await applyMigrations({ url: fresh, migrationsDir })).toEqual([]);
    expect(await applyMigrations({ url, migrationsDir })).toEqual([]);
    const rows = await query<{ n: number }>('SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL', [], fresh);
    expect(rows[0].n).toBe(3);
  });
});
