// COPY ... FROM STDIN with the plain `pg` client (pg-copy-streams is not installed): a pg Query whose
// copy-in handler feeds the chunks of an async iterable, waiting for the socket to drain between them.
import { once } from 'node:events';
import pg from 'pg';

class CopyFromQuery extends pg.Query {
  constructor(sql, source) {
    super(sql);
    this.source = source;
  }

  handleCopyInResponse(connection) {
    const feed = async () => {
      for await (const chunk of this.source) {
        connection.sendCopyFromChunk(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
      }
      connection.endCopyFrom();
    };
    feed().catch((error) => connection.sendCopyFail(String(error?.message ?? error)));
  }
}

/** Runs `COPY table (...) FROM STDIN` fed by `source` (text format chunks); resolves when the server is done. */
export function copyFrom(client, sql, source) {
  return new Promise((resolve, reject) => {
    const query = new CopyFromQuery(sql, source);
    query.once('end', (result) => resolve(result?.rowCount ?? null));
    query.once('error', reject);
    client.query(query);
  });
}

/** Escapes one value for COPY's text format (backslash, tab, newline, carriage return). */
export function copyText(value) {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]);
}
