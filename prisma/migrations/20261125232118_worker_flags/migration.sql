-- CreateEnum
CREATE TYPE "WorkerFlagStatus" AS ENUM ('OPEN', 'CLEARED', 'ACTIONED');

-- CreateTable
CREATE TABLE "WorkerFlag" (
    "id" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "status" "WorkerFlagStatus" NOT NULL DEFAULT 'OPEN',
    "resolvedById" UUID,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkerFlag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkerFlag_status_score_idx" ON "WorkerFlag"("status", "score");

-- CreateIndex
CREATE UNIQUE INDEX "WorkerFlag_workerId_kind_key" ON "WorkerFlag"("workerId", "kind");

-- CreateIndex
CREATE INDEX "Withdrawal_destination_idx" ON "Withdrawal"("destination");

-- AddForeignKey
ALTER TABLE "WorkerFlag" ADD CONSTRAINT "WorkerFlag_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "WorkerProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written checks.
ALTER TABLE "WorkerFlag" ADD CONSTRAINT "WorkerFlag_score_range" CHECK ("score" >= 0 AND "score" <= 1);
ALTER TABLE "WorkerFlag" ADD CONSTRAINT "WorkerFlag_resolved_consistent" CHECK (("status" = 'OPEN') = ("resolvedAt" IS NULL));
