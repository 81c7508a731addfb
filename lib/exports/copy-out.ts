import 'server-only';
// `COPY (query) TO STDOUT (FORMAT binary)` through node-postgres, without pg-copy-streams (not a dependency): a
// "submittable" (the interface pg-copy-streams itself uses) that hands each row to a callback as byte ranges of the
// CopyData message, and pauses the socket while the consumer is saturated, so TCP holds PostgreSQL back and memory
// stays bounded. Binary format: a text field arrives as its raw UTF-8 bytes, with no COPY escaping to undo.
import pg, { type Client } from 'pg';
import { getEnv } from '@/lib/env';

/** What the rows are handed to. `fields` holds [start, end) pairs into `data`, -1 for NULL; both valid only during the call. */
export interface CopyRowConsumer {
  onRow(data: Buffer, fields: Int32Array): void;
  /** True while the consumer wants no more rows until `whenReady` settles. */
  isSaturated(): boolean;
  /** Settles once the consumer can take rows again; rejects when it has failed. */
  whenReady(): Promise<void>;
}

/** "PGCOPY\n\377\r\n\0", then int32 flags and int32 header-extension length. */
const SIGNATURE_BYTES = 11;

type Connection = { query(text: string): void; stream: { pause(): void; resume(): void; destroy(error?: Error): void } };

/**
 * Runs the COPY on `client` (which must be idle), passing each row of `fieldCount` fields to `consumer`. Resolves with
 * the row count. If the consumer throws or fails, the connection is destroyed (the client is unusable afterwards) and
 * the promise rejects with that error. PostgreSQL sends one CopyData message per row (protocol docs, "COPY
 * Operations"); the binary header comes in front of the first one.
 */
export function copyRowsOut(client: Client, sql: string, fieldCount: number, consumer: CopyRowConsumer): Promise<number> {
  return new Promise((resolve, reject) => {
    const fields = new Int32Array(fieldCount * 2);
    let rows = 0;
    let hasHeader = false;
    let isPaused = false;
    let isSettled = false;
    let isDestroyed = false;
    let connection: Connection | null = null;

    const fail = (error: unknown) => {
      if (isSettled) return;
      isSettled = true;
      isDestroyed = true;
      connection?.stream.destroy();
      reject(error);
    };
    // The COPY may end (ReadyForQuery) while the socket is paused: the connection's next query needs it flowing.
    const resume = () => {
      if (!isPaused || isDestroyed) return;
      isPaused = false;
      connection?.stream.resume();
    };
    const parseRow = (data: Buffer) => {
      let at = 0;
      if (!hasHeader) {
        if (data.toString('latin1', 0, 6) !== 'PGCOPY') throw new Error('COPY did not start with the binary signature');
        at = SIGNATURE_BYTES + 4;
        at += 4 + data.readUInt32BE(at);
        hasHeader = true;
        if (at >= data.length) return;
      }
      const count = data.readInt16BE(at);
      if (count === -1) return; // the trailer
      if (count !== fieldCount) throw new Error(`COPY row has ${count} fields, expected ${fieldCount}`);
      at += 2;
      for (let f = 0; f < fieldCount; f++) {
        const length = data.readInt32BE(at);
        at += 4;
        fields[2 * f] = length < 0 ? -1 : at;
        fields[2 * f + 1] = length < 0 ? -1 : at + length;
        if (length > 0) at += length;
      }
      rows += 1;
      consumer.onRow(data, fields);
    };

    client.query({
      submit(con: Connection) {
        connection = con;
        con.query(sql);
      },
      handleCopyData(msg: { chunk: Buffer }, con: Connection) {
        if (isSettled) return;
        try {
          parseRow(msg.chunk);
        } catch (error) {
          fail(error);
          return;
        }
        if (!isPaused && consumer.isSaturated()) {
          isPaused = true;
          con.stream.pause();
          consumer.whenReady().then(resume, fail);
        }
      },
      handleError(error: unknown) {
        fail(error);
      },
      handleReadyForQuery() {
        resume();
        if (isSettled) return;
        isSettled = true;
        resolve(rows);
      },
      handleCopyOutResponse() {},
      handleCommandComplete() {},
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyInResponse(con: { sendCopyFail(message: string): void }) {
        con.sendCopyFail('unexpected COPY FROM');
      },
    } as unknown as Parameters<Client['query']>[0]);
  });
}

/** Large enough that sorting a million rows by id stays in memory rather than spilling to disk. */
export const EXPORT_WORK_MEM = '64MB';

/**
 * Runs `fn` on a connection of its own (not Prisma's pool: COPY needs the raw protocol), in a read-only transaction
 * whose `SET LOCAL` settings end with it, so a transaction-mode pooler (PgBouncer) hands on a clean connection.
 */
export async function withExportReadConnection<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: getEnv().DATABASE_URL, connectionTimeoutMillis: 10_000, application_name: 'boltwork-export' });
  // A dropped connection also fails the running query, which reports it; without a listener 'error' would crash.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL work_mem = '${EXPORT_WORK_MEM}'`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}
