// COPY ... TO STDOUT through node-postgres without pg-copy-streams (not installed here): a minimal "submittable"
// (the interface pg-copy-streams itself uses) that counts the rows and bytes of the copy data as they arrive.
// PostgreSQL sends one CopyData message per row (protocol docs, "COPY Operations"), so rows are counted by message
// and the client does next to no work per byte: the anchor measures PostgreSQL, not a JS loop.

/** Runs `COPY (...) TO STDOUT` on a connected pg.Client; resolves { bytes, lines }. */
export function copyOutCount(client, sql) {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let lines = 0;
    const submittable = {
      submit(connection) {
        connection.query(sql);
      },
      handleCopyOutResponse() {},
      handleCopyData(msg) {
        bytes += msg.chunk.length;
        lines += 1;
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        resolve({ bytes, lines });
      },
      handleError(error) {
        reject(error);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyInResponse(connection) {
        connection.sendCopyFail('unexpected COPY IN');
      },
    };
    client.query(submittable);
  });
}
