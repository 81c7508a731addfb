-- CreateEnum
CREATE TYPE "AgentJobStatus" AS ENUM ('ACTIVE', 'DONE', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "AgentRefundKind" AS ENUM ('LIGHTNING_ADDRESS', 'LNURL_PAY');

-- CreateEnum
CREATE TYPE "AgentRefundStatus" AS ENUM ('PENDING', 'SENDING', 'PAID', 'FAILED', 'UNKNOWN');

-- AlterEnum
ALTER TYPE "LedgerAccountKind" ADD VALUE 'AGENT_REFUND';

-- AlterEnum
ALTER TYPE "TransferReason" ADD VALUE 'AGENT_REFUND';

-- AlterTable
ALTER TABLE "LedgerTransfer" ADD COLUMN     "agentRefundId" UUID;

-- CreateTable
CREATE TABLE "AgentJob" (
    "id" UUID NOT NULL,
    "tokenId" TEXT NOT NULL,
    "projectId" UUID NOT NULL,
    "depositId" UUID NOT NULL,
    "paidMsats" BIGINT NOT NULL,
    "refundKind" "AgentRefundKind" NOT NULL,
    "refundTarget" TEXT NOT NULL,
    "status" "AgentJobStatus" NOT NULL DEFAULT 'ACTIVE',
    "deadlineAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "AgentJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentRefund" (
    "id" UUID NOT NULL,
    "agentJobId" UUID NOT NULL,
    "amountMsats" BIGINT NOT NULL,
    "feeLimitMsats" BIGINT NOT NULL,
    "feeMsats" BIGINT,
    "bolt11" TEXT,
    "paymentHash" TEXT,
    "preimage" TEXT,
    "status" "AgentRefundStatus" NOT NULL DEFAULT 'PENDING',
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentRefund_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentJob_tokenId_key" ON "AgentJob"("tokenId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentJob_projectId_key" ON "AgentJob"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentJob_depositId_key" ON "AgentJob"("depositId");

-- CreateIndex
CREATE INDEX "AgentJob_status_deadlineAt_idx" ON "AgentJob"("status", "deadlineAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgentRefund_paymentHash_key" ON "AgentRefund"("paymentHash");

-- CreateIndex
CREATE INDEX "AgentRefund_agentJobId_createdAt_idx" ON "AgentRefund"("agentJobId", "createdAt");

-- CreateIndex
CREATE INDEX "AgentRefund_status_updatedAt_idx" ON "AgentRefund"("status", "updatedAt");

-- AddForeignKey
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_agentRefundId_fkey" FOREIGN KEY ("agentRefundId") REFERENCES "AgentRefund"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentJob" ADD CONSTRAINT "AgentJob_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentJob" ADD CONSTRAINT "AgentJob_depositId_fkey" FOREIGN KEY ("depositId") REFERENCES "Deposit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentRefund" ADD CONSTRAINT "AgentRefund_agentJobId_fkey" FOREIGN KEY ("agentJobId") REFERENCES "AgentJob"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────────── Hand-written ─────────────
-- An agent's refund account belongs to its job's project. Compared as text: a new enum value cannot be used as a
-- literal in the transaction that adds it.
ALTER TABLE "LedgerAccount" DROP CONSTRAINT "ledger_account_owner_matches_kind";
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "ledger_account_owner_matches_kind" CHECK (
  ("kind"::text IN ('TEAM_ESCROW') AND "teamId" IS NOT NULL) OR
  ("kind"::text IN ('PROJECT_ESCROW', 'AGENT_REFUND') AND "projectId" IS NOT NULL) OR
  ("kind"::text IN ('WORKER_AVAILABLE', 'WORKER_RESERVED') AND "workerId" IS NOT NULL) OR
  ("kind"::text IN ('HOT_WALLET', 'LIGHTNING_IN', 'LIGHTNING_OUT', 'FEE_INCOME', 'ROUTING_FEES'))
);
ALTER TABLE "AgentJob" ADD CONSTRAINT "agent_job_paid_positive" CHECK ("paidMsats" > 0);
ALTER TABLE "AgentRefund" ADD CONSTRAINT "agent_refund_amounts_valid" CHECK (
  "amountMsats" > 0 AND "feeLimitMsats" >= 0 AND ("feeMsats" IS NULL OR ("feeMsats" >= 0 AND "feeMsats" <= "feeLimitMsats"))
);
ALTER TABLE "AgentRefund" ADD CONSTRAINT "agent_refund_paid_has_preimage" CHECK ("status" <> 'PAID' OR "preimage" IS NOT NULL);
