// Small PostgreSQL helpers for the db:* scripts: creating/dropping databases and picking the target database.
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-db.mjs';

export const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;

/** The same server and credentials, another database. */
export function urlForDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Runs fn with a connected client, closed afterwards. */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates database `name` on adminUrl's server unless it exists; true if it was created. */
export async function ensureDatabase(adminUrl, name) {
  return withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (error) {
      if (error.code === '42P04') return false; // created concurrently
      throw error;
    }
  });
}

export async function createDatabase(adminUrl, name) {
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
}

/** FORCE ends connections still open to it (PostgreSQL 13+). */
export async function dropDatabase(adminUrl, name) {
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/**
 * Runs fn(url) against DATABASE_DIRECT_URL (migrations hold a session lock, which a transaction-pooling PgBouncer
 * would leave behind on a pooled connection; docs/scaling.md), else DATABASE_URL or, when both are unset, against
 * database `boltwork` of the embedded PostgreSQL the app uses (started, and stopped again afterwards, here).
 */
export async function withTargetDatabase(fn, { log = () => {} } = {}) {
  if (process.env.DATABASE_URL) return fn(process.env.DATABASE_DIRECT_URL || process.env.DATABASE_URL);
  const dataDir = path.resolve(process.env.BOLTWORK_DATA_DIR ?? '.data/pg');
  log(`Starting the embedded PostgreSQL in ${dataDir}`);
  const db = await startEmbeddedPostgres({ dataDir });
  try {
    await ensureDatabase(db.url(), 'boltwork');
    return await fn(db.url('boltwork'));
  } finally {
    await db.stop();
  }
}
