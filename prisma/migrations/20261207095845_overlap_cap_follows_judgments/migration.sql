-- AlterTable
ALTER TABLE "Project" ALTER COLUMN "maxJudgmentsPerItem" DROP NOT NULL,
ALTER COLUMN "maxJudgmentsPerItem" DROP DEFAULT;

-- A cap equal to judgmentsPerItem means "no extra judgments": null says the same and keeps saying it when
-- judgmentsPerItem changes (blank "same as above" used to be stored as a fixed number).
UPDATE "Project" SET "maxJudgmentsPerItem" = NULL WHERE "maxJudgmentsPerItem" = "judgmentsPerItem";
