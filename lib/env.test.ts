import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

const database = 'postgresql://app@127.0.0.1:6432/boltwork';

describe('parseEnv', () => {
  it('runs the tap as prepared statements straight to PostgreSQL', () => {
    expect(parseEnv({ DATABASE_URL: database }).preparedStatements).toBe(true);
  });

  it('turns them off when DATABASE_DIRECT_URL says a pooler sits on DATABASE_URL, unless told otherwise', () => {
    const pooled = { DATABASE_URL: database, DATABASE_DIRECT_URL: 'postgresql://app@10.0.0.5:5432/boltwork' };
    expect(parseEnv(pooled)).toMatchObject({ preparedStatements: false, databaseDirectUrl: pooled.DATABASE_DIRECT_URL });
    expect(parseEnv({ ...pooled, BOLTWORK_PREPARED_STATEMENTS: '1' }).preparedStatements).toBe(true);
    expect(parseEnv({ DATABASE_URL: database, BOLTWORK_PREPARED_STATEMENTS: '0' }).preparedStatements).toBe(false);
  });

  it('names every bad variable in one error', () => {
    expect(() => parseEnv({ DATABASE_URL: 'nope', BOLTWORK_PREPARED_STATEMENTS: 'yes' })).toThrow(
      /DATABASE_URL: DATABASE_URL must be a postgresql:\/\/ URL\n {2}BOLTWORK_PREPARED_STATEMENTS/,
    );
  });
});
