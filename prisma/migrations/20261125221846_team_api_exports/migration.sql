-- AlterTable
ALTER TABLE "Batch" ADD COLUMN     "finishedAt" TIMESTAMP(3),
ADD COLUMN     "idempotencyKey" TEXT;

-- AlterTable
ALTER TABLE "Export" ADD COLUMN     "card" TEXT,
ADD COLUMN     "stats" JSONB;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "budgetAlertMsats" BIGINT,
ADD COLUMN     "budgetAlertedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "pseudonymSalt" TEXT NOT NULL DEFAULT (gen_random_uuid())::text;

-- AlterTable
-- Deliveries before this migration (none were ever sent) get their own id as key.
ALTER TABLE "WebhookDelivery" ADD COLUMN     "eventKey" TEXT;
UPDATE "WebhookDelivery" SET "eventKey" = id::text;
ALTER TABLE "WebhookDelivery" ALTER COLUMN "eventKey" SET NOT NULL;

-- CreateTable
CREATE TABLE "ExportChunk" (
    "exportId" UUID NOT NULL,
    "part" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "rawBytes" INTEGER NOT NULL,

    CONSTRAINT "ExportChunk_pkey" PRIMARY KEY ("exportId","part","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "Batch_projectId_idempotencyKey_key" ON "Batch"("projectId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_eventKey_key" ON "WebhookDelivery"("webhookId", "eventKey");

-- AddForeignKey
ALTER TABLE "ExportChunk" ADD CONSTRAINT "ExportChunk_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "Export"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written checks.
ALTER TABLE "ExportChunk" ADD CONSTRAINT "ExportChunk_part_check" CHECK ("part" IN ('all', 'train', 'validation'));
ALTER TABLE "ExportChunk" ADD CONSTRAINT "ExportChunk_seq_non_negative" CHECK ("seq" >= 0 AND "rawBytes" >= 0);
ALTER TABLE "Project" ADD CONSTRAINT "Project_budgetAlert_non_negative" CHECK ("budgetAlertMsats" IS NULL OR "budgetAlertMsats" >= 0);
ALTER TABLE "Export" ADD CONSTRAINT "Export_rows_non_negative" CHECK ("rowsWritten" >= 0 AND ("rowsTotal" IS NULL OR "rowsTotal" >= 0));
