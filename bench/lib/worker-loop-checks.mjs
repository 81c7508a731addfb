// Assignment invariants, checked with SQL after a run. Violations (must all be 0):
//   overAssignedItems  items holding more ACTIVE + SUBMITTED assignments than judgmentsNeeded
//   negativeSlots      items whose openSlots went below 0
//   duplicateJudgments (worker, item) pairs with more than one judgment
//   duplicateAssignments (worker, item) pairs with more than one assignment (the unique index forbids it; checked anyway)
//   judgmentsWithoutSubmittedAssignment judgments whose assignment is not SUBMITTED
// Also returned, not violations: counts of judgments and assignments by status.

/** @param {(sql: string, params: unknown[]) => Promise<{ rows: any[] }>} query */
export async function checkAssignments(query, projectId) {
  const count = async (sql) => Number((await query(sql, [projectId])).rows[0].n);
  const violations = {
    overAssignedItems: await count(`
      SELECT count(*) AS n FROM (
        SELECT i.id FROM "Item" i JOIN "Assignment" a ON a."itemId" = i.id AND a.status IN ('ACTIVE', 'SUBMITTED')
        WHERE i."projectId" = $1::uuid GROUP BY i.id, i."judgmentsNeeded" HAVING count(*) > i."judgmentsNeeded") x`),
    negativeSlots: await count(`SELECT count(*) AS n FROM "Item" WHERE "projectId" = $1::uuid AND "openSlots" < 0`),
    duplicateJudgments: await count(`
      SELECT count(*) AS n FROM (
        SELECT 1 FROM "Judgment" WHERE "projectId" = $1::uuid GROUP BY "workerId", "itemId" HAVING count(*) > 1) x`),
    duplicateAssignments: await count(`
      SELECT count(*) AS n FROM (
        SELECT 1 FROM "Assignment" WHERE "projectId" = $1::uuid GROUP BY "workerId", "itemId" HAVING count(*) > 1) x`),
    judgmentsWithoutSubmittedAssignment: await count(`
      SELECT count(*) AS n FROM "Judgment" j JOIN "Assignment" a ON a.id = j."assignmentId"
      WHERE j."projectId" = $1::uuid AND (a.status <> 'SUBMITTED' OR a."workerId" <> j."workerId" OR a."itemId" <> j."itemId")`),
  };
  const judgments = await count(`SELECT count(*) AS n FROM "Judgment" WHERE "projectId" = $1::uuid`);
  const { rows } = await query(`SELECT status::text, count(*)::int AS n FROM "Assignment" WHERE "projectId" = $1::uuid GROUP BY status`, [projectId]);
  return {
    violations,
    violationCount: Object.values(violations).reduce((sum, n) => sum + n, 0),
    judgments,
    assignmentsByStatus: Object.fromEntries(rows.map((row) => [row.status, row.n])),
  };
}
