// COPY ... TO STDOUT through node-postgres without pg-copy-streams (not installed here): a minimal "submittable"
// (the interface pg-copy-streams itself uses) that counts the bytes and lines of the copy data as they arrive.

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
        const chunk = msg.chunk;
        bytes += chunk.length;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines += 1;
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
