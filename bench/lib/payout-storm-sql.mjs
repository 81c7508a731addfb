// The machine's limit for the storm: the same database writes one payout needs, as plain SQL straight into
// PostgreSQL at the same concurrency, with no HTTP, no invoice signing or checking, no ORM and no job queue.
// Per payout, four transactions as in the product (balances on account rows, double-entry transfers with unique
// keys, guarded state changes, balances updated in account id order, as lib/ledger/transfer.ts does):
//   approve  escrow -> worker available (reward) and -> fee income (fee)
//   link     worker available -> reserved; insert the link
//   claim    link OPEN -> CLAIMED; insert the withdrawal (unique payment hash)
//   settle   withdrawal SENDING -> PAID; link -> USED; reserved -> lightning out, routing fees, available
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';

const SCHEMA = `
DROP SCHEMA IF EXISTS bench_limit CASCADE;
CREATE SCHEMA bench_limit;
CREATE TABLE bench_limit.account (id bigint PRIMARY KEY, kind text NOT NULL, balance bigint NOT NULL DEFAULT 0,
  CHECK (balance >= 0 OR kind IN ('LIGHTNING_IN', 'LIGHTNING_OUT')));
CREATE TABLE bench_limit.transfer (id uuid PRIMARY KEY, key text UNIQUE NOT NULL, debit bigint NOT NULL REFERENCES bench_limit.account,
  credit bigint NOT NULL REFERENCES bench_limit.account, amount bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE bench_limit.judgment (id uuid PRIMARY KEY, worker bigint NOT NULL, status text NOT NULL, reviewed_at timestamptz);
CREATE TABLE bench_limit.link (id uuid PRIMARY KEY, worker bigint NOT NULL, k1_hash text UNIQUE NOT NULL, status text NOT NULL,
  max_msats bigint NOT NULL, expires_at timestamptz NOT NULL);
CREATE TABLE bench_limit.withdrawal (id uuid PRIMARY KEY, link uuid NOT NULL REFERENCES bench_limit.link, payment_hash text UNIQUE NOT NULL,
  amount bigint NOT NULL, status text NOT NULL, preimage text, fee bigint, created_at timestamptz NOT NULL DEFAULT now(), settled_at timestamptz);`;

// Account ids: 1 lightning in, 2 lightning out, 3 escrow, 4 fee income, 5 routing fees; worker i: 10+2i available, 11+2i reserved.
const available = (i) => 10 + 2 * i;
const reserved = (i) => 11 + 2 * i;

async function move(client, debit, credit, amount, key) {
  await client.query('INSERT INTO bench_limit.transfer (id, key, debit, credit, amount) VALUES ($1, $2, $3, $4, $5)', [randomUUID(), key, debit, credit, amount]);
  // Both balances in ascending id order, as postTransfer does: the UPDATE takes the row lock.
  const moves = [[debit, -amount], [credit, amount]].sort((a, b) => a[0] - b[0]);
  for (const [id, delta] of moves) await client.query('UPDATE bench_limit.account SET balance = balance + $2 WHERE id = $1', [id, delta]);
}

async function inTransaction(pool, work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Runs `count` payouts at `concurrency` through a pool of `poolSize` connections; returns payouts/s and the ledger sum. */
export async function runPlainSqlPayouts(url, { count, concurrency, poolSize, rewardMsats, feeMsats, amountMsats, reserveMsats, routingFeeMsats }) {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(SCHEMA);
  await setup.query(`INSERT INTO bench_limit.account (id, kind) VALUES (1, 'LIGHTNING_IN'), (2, 'LIGHTNING_OUT'), (3, 'ESCROW'), (4, 'FEE'), (5, 'ROUTING')`);
  await setup.query(`INSERT INTO bench_limit.account (id, kind) SELECT 10 + 2 * i, 'AVAILABLE' FROM generate_series(0, $1::int - 1) i
                     UNION ALL SELECT 11 + 2 * i, 'RESERVED' FROM generate_series(0, $1::int - 1) i`, [count]);
  const judgments = Array.from({ length: count }, () => randomUUID());
  await setup.query(`INSERT INTO bench_limit.judgment (id, worker, status) SELECT j, i - 1, 'PENDING' FROM unnest($1::uuid[]) WITH ORDINALITY AS t(j, i)`, [judgments]);
  const deposit = BigInt(count) * (rewardMsats + feeMsats);
  await setup.query('UPDATE bench_limit.account SET balance = $1::bigint WHERE id = 1', [-deposit]);
  await setup.query('UPDATE bench_limit.account SET balance = $1::bigint WHERE id = 3', [deposit]);

  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const latencies = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) {
      const started = performance.now();
      const judgment = judgments[i];
      await inTransaction(pool, async (c) => {
        const { rowCount } = await c.query(`UPDATE bench_limit.judgment SET status = 'APPROVED', reviewed_at = now() WHERE id = $1 AND status = 'PENDING'`, [judgment]);
        if (rowCount !== 1) throw new Error('approve lost');
        await move(c, 3, available(i), rewardMsats, `judgment:${judgment}:reward`);
        await move(c, 3, 4, feeMsats, `judgment:${judgment}:fee`);
      });
      const linkId = randomUUID();
      await inTransaction(pool, async (c) => {
        await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`withdraw-link:${i}`]);
        await c.query(`INSERT INTO bench_limit.link (id, worker, k1_hash, status, max_msats, expires_at) VALUES ($1, $2, $3, 'OPEN', $4, now() + interval '10 min')`, [
          linkId, i, randomBytes(32).toString('hex'), amountMsats,
        ]);
        await move(c, available(i), reserved(i), reserveMsats, `withdraw-link:${linkId}:reserve`);
      });
      const withdrawalId = randomUUID();
      await inTransaction(pool, async (c) => {
        const { rowCount } = await c.query(`UPDATE bench_limit.link SET status = 'CLAIMED' WHERE id = $1 AND status = 'OPEN' AND expires_at > now()`, [linkId]);
        if (rowCount !== 1) throw new Error('claim lost');
        await c.query(`INSERT INTO bench_limit.withdrawal (id, link, payment_hash, amount, status) VALUES ($1, $2, $3, $4, 'SENDING')`, [
          withdrawalId, linkId, randomBytes(32).toString('hex'), amountMsats,
        ]);
      });
      await inTransaction(pool, async (c) => {
        const { rowCount } = await c.query(
          `UPDATE bench_limit.withdrawal SET status = 'PAID', preimage = $2, fee = $3, settled_at = now() WHERE id = $1 AND status = 'SENDING'`,
          [withdrawalId, randomBytes(32).toString('hex'), routingFeeMsats],
        );
        if (rowCount !== 1) throw new Error('settle lost');
        await c.query(`UPDATE bench_limit.link SET status = 'USED' WHERE id = $1 AND status = 'CLAIMED'`, [linkId]);
        await move(c, reserved(i), 2, amountMsats, `withdrawal:${withdrawalId}:paid`);
        await move(c, reserved(i), 5, routingFeeMsats, `withdrawal:${withdrawalId}:fee`);
        await move(c, reserved(i), available(i), reserveMsats - amountMsats - routingFeeMsats, `withdrawal:${withdrawalId}:unused-reserve`);
      });
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  const ledgerSum = (await setup.query('SELECT sum(balance)::text AS s FROM bench_limit.account')).rows[0].s;
  const paid = Number((await setup.query(`SELECT count(*) AS n FROM bench_limit.withdrawal WHERE status = 'PAID'`)).rows[0].n);
  await setup.query('DROP SCHEMA bench_limit CASCADE');
  await setup.end();
  latencies.sort((a, b) => a - b);
  const at = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]);
  return { payouts: paid, seconds: +seconds.toFixed(2), payoutsPerSecond: Math.round(paid / seconds), approvalToPaidMs: { p50: at(50), p99: at(99) }, ledgerSum };
}
