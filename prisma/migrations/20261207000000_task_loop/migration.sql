-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "shownAt" TIMESTAMP(3),
ADD COLUMN     "slot" SMALLINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Judgment" ADD COLUMN     "evaluatedAt" TIMESTAMP(3);

-- Judgments stored before this migration were evaluated as they were submitted.
UPDATE "Judgment" SET "evaluatedAt" = "createdAt";

-- A live lease was on screen from the moment it was leased.
UPDATE "Assignment" SET "shownAt" = "leasedAt" WHERE status = 'ACTIVE';

-- At most two ACTIVE leases per worker and project from now on (slots 0 and 1). Before, a worker held one live
-- lease at a time, but one that ran out stayed ACTIVE until the sweep: keep the two newest, expire the others and
-- give their slots back, as the sweep would have.
WITH ranked AS (
  SELECT id, row_number() OVER (PARTITION BY "workerId", "projectId" ORDER BY "leasedAt" DESC, id DESC) AS n
  FROM "Assignment" WHERE status = 'ACTIVE'
), extra AS (
  UPDATE "Assignment" a SET status = 'EXPIRED', "finishedAt" = CURRENT_TIMESTAMP
  FROM ranked r WHERE a.id = r.id AND r.n > 2
  RETURNING a."itemId"
), returned AS (
  UPDATE "Item" i SET "openSlots" = i."openSlots" + c.slots
  FROM (SELECT "itemId", count(*)::int AS slots FROM extra GROUP BY "itemId") c
  WHERE i.id = c."itemId" AND NOT i."isGold"
)
UPDATE "Assignment" a SET slot = 1 FROM ranked r WHERE a.id = r.id AND r.n = 2;

-- Hand-written (Prisma's schema language has no partial indexes); lib/assignment/indexes.int.test.ts checks they exist.
-- The two lease slots: a third live lease for the same worker and project is a unique violation.
CREATE UNIQUE INDEX "Assignment_live_slot_key" ON "Assignment" ("workerId", "projectId", slot) WHERE status = 'ACTIVE';
-- The quality evaluator's queue: judgments whose rules have not run yet.
CREATE INDEX "Judgment_unevaluated_idx" ON "Judgment" (id) WHERE "evaluatedAt" IS NULL;
-- A claim counts what its project has promised (pending judgments + live leases): index-only counts.
CREATE INDEX "Judgment_pending_promise_idx" ON "Judgment" ("projectId") WHERE status = 'PENDING' AND NOT "isExam";
CREATE INDEX "Assignment_live_promise_idx" ON "Assignment" ("projectId") WHERE status = 'ACTIVE' AND NOT "isExam";
