// Bulk fixture for export benchmarks and the large-export test: one PAIRWISE project with `judgments` approved
// judgments (10 per item, 300 workers), written by a few INSERT ... SELECT statements (PostgreSQL 18: uuidv7()).
// `query(sql, params)` runs one statement (pg's client.query, or a Prisma $executeRawUnsafe wrapper).

export const JUDGMENTS_PER_ITEM = 10;
export const WORKER_COUNT = 300;

/** Returns { teamId, projectId, items, judgments }. */
export async function seedExportProject(query, { judgments, label = 'bench' }) {
  const items = Math.ceil(judgments / JUDGMENTS_PER_ITEM);
  const teamId = crypto.randomUUID();
  const projectId = crypto.randomUUID();
  await query(`INSERT INTO "Team" (id, name, slug, "updatedAt") VALUES ($1::uuid, $2, $3, now())`, [teamId, `${label} team`, `${label}-${teamId}`]);
  await query(
    `INSERT INTO "Project" (id, "teamId", title, instructions, "taskType", "typeConfig", "rewardMsats", status, "updatedAt")
     VALUES ($1::uuid, $2::uuid, $3, 'Pick the better answer.', 'PAIRWISE', '{"criteria":[],"allowTie":true,"allowBothBad":true,"askStrength":false,"rationale":"off"}', 1000, 'ACTIVE', now())`,
    [projectId, teamId, `${label} project`],
  );
  await query(
    `INSERT INTO "User" (id, roles, "updatedAt") SELECT uuidv7(), ARRAY['WORKER']::"Role"[], now() FROM generate_series(1, ${WORKER_COUNT})`,
    [],
  );
  await query(
    `INSERT INTO "WorkerProfile" (id, "userId", "linkingKey", "displayName", "updatedAt")
     SELECT uuidv7(), u.id, '02' || replace(u.id::text, '-', '') || '${projectId.slice(0, 8)}', '${label}-worker', now()
     FROM "User" u WHERE NOT EXISTS (SELECT 1 FROM "WorkerProfile" w WHERE w."userId" = u.id) AND 'WORKER' = ANY(u.roles)`,
    [],
  );
  await query(
    `INSERT INTO "Item" (id, "projectId", "externalId", payload, "judgmentsNeeded", "openSlots", "judgmentsDone", status)
     SELECT uuidv7(), $1::uuid, 'item-' || g,
       jsonb_build_object('prompt', 'Question ' || g || ': which answer explains photosynthesis better for a ten-year-old?',
         'responses', jsonb_build_array('Plants use sunlight to turn water and air into sugar, their food. (' || g || ')',
                                        'Photosynthesis is a process. (' || g || ')')),
       ${JUDGMENTS_PER_ITEM}, 0, ${JUDGMENTS_PER_ITEM}, 'DONE'
     FROM generate_series(1, ${items}) g`,
    [projectId],
  );
  await query(
    `WITH w AS (SELECT array_agg(id ORDER BY id) AS a, count(*) AS n FROM "WorkerProfile" WHERE "displayName" = '${label}-worker'),
          i AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "Item" WHERE "projectId" = $1::uuid)
     INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "leaseExpiresAt", "shownOrder", "finishedAt")
     SELECT uuidv7(), i.id, $1::uuid, w.a[1 + ((i.n * 7 + k) % w.n)], 'SUBMITTED', now(),
       CASE WHEN k % 2 = 0 THEN '[0,1]'::jsonb ELSE '[1,0]'::jsonb END, now()
     FROM i, w, generate_series(0, ${JUDGMENTS_PER_ITEM - 1}) k
     WHERE (i.n - 1) * ${JUDGMENTS_PER_ITEM} + k < ${judgments}`,
    [projectId],
  );
  await query(
    `INSERT INTO "Judgment" (id, "assignmentId", "itemId", "projectId", "workerId", answer, "durationMs", status, "rewardMsats", "createdAt")
     SELECT uuidv7(), a.id, a."itemId", a."projectId", a."workerId",
       (ARRAY['{"choice":"A"}', '{"choice":"A"}', '{"choice":"B"}', '{"choice":"tie"}'])[1 + (abs(hashtext(a.id::text)) % 4)]::jsonb,
       2000 + abs(hashtext(a.id::text)) % 20000, 'APPROVED', 1000, now()
     FROM "Assignment" a WHERE a."projectId" = $1::uuid`,
    [projectId],
  );
  // As autovacuum would have by the time anyone exports: statistics, and hint bits and the visibility map set, so
  // the first reader does not pay for the bulk load (the export runs first in the bench, the COPY anchor after).
  await query(`VACUUM (ANALYZE) "Item"`, []);
  await query(`VACUUM (ANALYZE) "Judgment"`, []);
  await query(`VACUUM (ANALYZE) "Assignment"`, []);
  return { teamId, projectId, items, judgments };
}
