// The machine's limit for the worker loop: the same claim + submit written as plain SQL on the product's schema,
// through a node-postgres Pool, with no app code in between. Two transactions per cycle, as in
// docs performance-limits.md: (1) claim an open slot FOR UPDATE SKIP LOCKED, decrement it and insert the
// assignment; (2) move the assignment ACTIVE -> SUBMITTED and insert the judgment. Each is one statement
// (its own implicit transaction), so a cycle is two round trips: this is meant as a ceiling, not a rival design.
//
// To keep the ceiling honest the scan starts at a random item id of the project (picked from the ids in memory,
// free) instead of everyone fighting over the first rows; the naive ORDER BY id scan from the start is the fallback
// when nothing is found after the pivot.

function claimSql(withPivot, uuidFn) {
  return `
    WITH c AS (
      SELECT i.id FROM "Item" i
      WHERE i."projectId" = $1::uuid AND i.status = 'OPEN' AND i."isGold" = false AND i."openSlots" > 0
        ${withPivot ? 'AND i.id >= $3::uuid' : ''}
        AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."workerId" = $2::uuid AND a."itemId" = i.id)
      ORDER BY i.id LIMIT 1
      FOR UPDATE SKIP LOCKED
    ), slot AS (
      UPDATE "Item" i SET "openSlots" = i."openSlots" - 1 FROM c WHERE i.id = c.id RETURNING i.id
    )
    INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "leasedAt", "leaseExpiresAt")
    SELECT ${uuidFn}, slot.id, $1::uuid, $2::uuid, 'ACTIVE', now(), now() + interval '10 minutes' FROM slot
    RETURNING id::text AS id, "itemId"::text AS "itemId"`;
}

function submitSql(uuidFn) {
  return `
    WITH moved AS (
      UPDATE "Assignment" SET status = 'SUBMITTED', "finishedAt" = now()
      WHERE id = $1::uuid AND status = 'ACTIVE' RETURNING id, "itemId", "leasedAt"
    )
    INSERT INTO "Judgment" (id, "assignmentId", "itemId", "projectId", "workerId", answer, "durationMs", status, "rewardMsats")
    SELECT ${uuidFn}, moved.id, moved."itemId", $2::uuid, $3::uuid, '{"choice":"A"}'::jsonb,
      (extract(epoch FROM now() - moved."leasedAt") * 1000)::int, 'PENDING', 1000
    FROM moved RETURNING id`;
}

/**
 * @param {import('pg').Pool} pool
 * @param {{ projectId: string, itemIds: string[] }} project item ids of the project (for random pivots)
 */
export async function createRawCycle(pool, { projectId, itemIds }) {
  const { rows: [{ version }] } = await pool.query(`SELECT current_setting('server_version_num')::int AS version`);
  // uuidv7() (PostgreSQL 18+) keeps the same index locality as the app's UUIDv7 ids.
  const uuidFn = version >= 180000 ? 'uuidv7()' : 'gen_random_uuid()';
  const claimPivot = { name: 'bench-claim-pivot', text: claimSql(true, uuidFn) };
  const claimAll = { name: 'bench-claim-all', text: claimSql(false, uuidFn) };
  const submit = { name: 'bench-submit', text: submitSql(uuidFn) };

  /** The plan of the pivoted claim (EXPLAIN without ANALYZE: nothing runs), to show the ceiling scans no more than it should. */
  async function explainClaim(workerId) {
    const pivot = itemIds[Math.floor(itemIds.length / 2)];
    const sql = claimPivot.text.replaceAll('$1::uuid', `'${projectId}'::uuid`).replaceAll('$2::uuid', `'${workerId}'::uuid`).replaceAll('$3::uuid', `'${pivot}'::uuid`);
    const { rows } = await pool.query(`EXPLAIN ${sql}`);
    return rows.map((row) => row['QUERY PLAN']);
  }

  async function rawCycle(workerId) {
    const t0 = performance.now();
    const pivot = itemIds[Math.floor(Math.random() * itemIds.length)];
    let { rows } = await pool.query({ ...claimPivot, values: [projectId, workerId, pivot] });
    if (rows.length === 0) ({ rows } = await pool.query({ ...claimAll, values: [projectId, workerId] }));
    if (rows.length === 0) return { kind: 'none', reason: 'NO_ITEMS_LEFT' };
    const t1 = performance.now();
    const submitted = await pool.query({ ...submit, values: [rows[0].id, projectId, workerId] });
    if (submitted.rowCount !== 1) throw new Error(`raw submit wrote ${submitted.rowCount} judgments`);
    return { kind: 'done', parts: { claim: t1 - t0, submit: performance.now() - t1 } };
  }
  rawCycle.explainClaim = explainClaim;
  return rawCycle;
}
