import { describe, expect, it } from 'vitest';
import { copyRowsOut, withExportReadConnection, type CopyRowConsumer } from './copy-out';

const rowsSql = (n: number) =>
  `COPY (SELECT s.g::text, CASE WHEN s.g % 10 = 0 THEN NULL ELSE repeat('é', s.g % 7) END FROM generate_series(1, ${n}) AS s(g) ORDER BY s.g) TO STDOUT (FORMAT binary)`;

/** Collects rows; saturated for `holdMs` after every `every` rows. */
function collector(options: { every?: number; holdMs?: number; failAt?: number } = {}) {
  const rows: [string, string | null][] = [];
  let pending: Promise<void> | null = null;
  let pauses = 0;
  const consumer: CopyRowConsumer = {
    onRow(data, fields) {
      if (rows.length + 1 === options.failAt) throw new Error('consumer gave up');
      rows.push([data.toString('utf8', fields[0], fields[1]), fields[2] < 0 ? null : data.toString('utf8', fields[2], fields[3])]);
      if (options.every && rows.length % options.every === 0) {
        pauses += 1;
        pending = new Promise((resolve) =>
          setTimeout(() => {
            pending = null;
            resolve();
          }, options.holdMs ?? 1),
        );
      }
    },
    isSaturated: () => pending !== null,
    whenReady: () => pending ?? Promise.resolve(),
  };
  return { rows, consumer, pauses: () => pauses };
}

describe('copyRowsOut', () => {
  it('hands over every row in order, NULLs as -1, and waits while the consumer is saturated', async () => {
    const { rows, consumer, pauses } = collector({ every: 2_000, holdMs: 5 });
    // The last row saturates the consumer too: the COPY ends while the socket is paused, and the connection must
    // still answer the next statement (withExportReadConnection's COMMIT, then this one).
    const [count, after] = await withExportReadConnection(async (client) => [await copyRowsOut(client, rowsSql(20_000), 2, consumer), (await client.query('SELECT 1 AS one')).rows[0].one]);
    expect(after).toBe(1);
    expect(count).toBe(20_000);
    expect(rows).toHaveLength(20_000);
    expect(rows[0]).toEqual(['1', 'é']);
    expect(rows[9]).toEqual(['10', null]);
    expect(rows[5]).toEqual(['6', 'éééééé']);
    expect(rows.every(([g], i) => g === String(i + 1))).toBe(true);
    expect(pauses()).toBe(10);
  });

  it('an empty result is zero rows', async () => {
    const { rows, consumer } = collector();
    expect(await withExportReadConnection((client) => copyRowsOut(client, rowsSql(0), 2, consumer))).toBe(0);
    expect(rows).toEqual([]);
  });

  it('stops PostgreSQL and rejects when the consumer throws', async () => {
    const { rows, consumer } = collector({ failAt: 500 });
    await expect(withExportReadConnection((client) => copyRowsOut(client, rowsSql(200_000), 2, consumer))).rejects.toThrow('consumer gave up');
    expect(rows).toHaveLength(499);
  });

  it('rejects when the consumer fails while PostgreSQL waits', async () => {
    const consumer: CopyRowConsumer = {
      onRow() {},
      isSaturated: () => true,
      whenReady: () => Promise.reject(new Error('chunk insert failed')),
    };
    await expect(withExportReadConnection((client) => copyRowsOut(client, rowsSql(10_000), 2, consumer))).rejects.toThrow('chunk insert failed');
  });

  it('reports a field count or SQL error', async () => {
    const { consumer } = collector();
    await expect(withExportReadConnection((client) => copyRowsOut(client, rowsSql(10), 3, consumer))).rejects.toThrow('expected 3');
    await expect(withExportReadConnection((client) => copyRowsOut(client, 'COPY (SELECT nope) TO STDOUT (FORMAT binary)', 1, consumer))).rejects.toThrow(/nope/);
  });
});
