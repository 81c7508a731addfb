-- CreateEnum
CREATE TYPE "Role" AS ENUM ('WORKER', 'REQUESTER', 'ADMIN');

-- CreateEnum
CREATE TYPE "LnurlAuthStatus" AS ENUM ('PENDING', 'VERIFIED', 'CONSUMED');

-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('OWNER', 'MEMBER');

-- CreateEnum
CREATE TYPE "WorkerStatus" AS ENUM ('ACTIVE', 'PAUSED', 'BANNED');

-- CreateEnum
CREATE TYPE "TaskType" AS ENUM ('CLASSIFICATION', 'MULTI_LABEL', 'PAIRWISE', 'RANKING', 'RATING', 'WRITING');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('DRAFT', 'ACTIVE', 'PAUSED', 'DONE');

-- CreateEnum
CREATE TYPE "BatchStatus" AS ENUM ('VALIDATING', 'IMPORTING', 'IMPORTED', 'PARTIAL', 'FAILED');

-- CreateEnum
CREATE TYPE "ItemStatus" AS ENUM ('OPEN', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('ACTIVE', 'SUBMITTED', 'EXPIRED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "JudgmentStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "ReviewSource" AS ENUM ('AUTO', 'MANUAL');

-- CreateEnum
CREATE TYPE "AppealStatus" AS ENUM ('OPEN', 'UPHELD', 'DENIED');

-- CreateEnum
CREATE TYPE "ExamStatus" AS ENUM ('IN_PROGRESS', 'PASSED', 'FAILED');

-- CreateEnum
CREATE TYPE "LedgerAccountKind" AS ENUM ('HOT_WALLET', 'LIGHTNING_IN', 'LIGHTNING_OUT', 'TEAM_ESCROW', 'PROJECT_ESCROW', 'WORKER_AVAILABLE', 'WORKER_RESERVED', 'FEE_INCOME', 'ROUTING_FEES');

-- CreateEnum
CREATE TYPE "TransferReason" AS ENUM ('DEPOSIT', 'ESCROW_ALLOCATE', 'ESCROW_RELEASE', 'JUDGMENT_REWARD', 'PLATFORM_FEE', 'WITHDRAWAL_RESERVE', 'WITHDRAWAL_PAID', 'WITHDRAWAL_REFUND', 'ROUTING_FEE', 'BAN_CLAWBACK', 'ADJUSTMENT');

-- CreateEnum
CREATE TYPE "DepositStatus" AS ENUM ('PENDING', 'PAID', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "WithdrawLinkStatus" AS ENUM ('OPEN', 'CLAIMED', 'USED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "WithdrawalKind" AS ENUM ('LNURL_WITHDRAW', 'LIGHTNING_ADDRESS');

-- CreateEnum
CREATE TYPE "WithdrawalStatus" AS ENUM ('SENDING', 'PAID', 'FAILED', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('RAW_JSONL', 'RAW_CSV', 'AGGREGATED_JSONL', 'AGGREGATED_CSV', 'OPENAI_SFT', 'OPENAI_DPO', 'TRL_PREFERENCE', 'TRL_PREFERENCE_CONVERSATIONAL', 'TRL_KTO', 'HH_RLHF', 'ALPACA', 'SHAREGPT');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'READY', 'FAILED', 'EXPIRED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT,
    "passwordHash" TEXT,
    "name" TEXT,
    "roles" "Role"[] DEFAULT ARRAY[]::"Role"[],
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "userAgent" TEXT,
    "ip" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LnurlAuthChallenge" (
    "id" UUID NOT NULL,
    "k1Hash" TEXT NOT NULL,
    "status" "LnurlAuthStatus" NOT NULL DEFAULT 'PENDING',
    "linkingKey" TEXT,
    "userId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "LnurlAuthChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "TeamRole" NOT NULL DEFAULT 'MEMBER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerProfile" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "linkingKey" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "status" "WorkerStatus" NOT NULL DEFAULT 'ACTIVE',
    "statusReason" TEXT,
    "statusChangedAt" TIMESTAMP(3),
    "trustScore" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "goldSeen" INTEGER NOT NULL DEFAULT 0,
    "goldCorrect" INTEGER NOT NULL DEFAULT 0,
    "judgmentsApproved" INTEGER NOT NULL DEFAULT 0,
    "judgmentsRejected" INTEGER NOT NULL DEFAULT 0,
    "dailyPayoutCapMsats" BIGINT NOT NULL DEFAULT 100000000,
    "lightningAddress" TEXT,
    "signupIp" TEXT,
    "lastSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkerProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrustSnapshot" (
    "id" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "inputs" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "instructions" TEXT NOT NULL DEFAULT '',
    "taskType" "TaskType" NOT NULL,
    "typeConfig" JSONB NOT NULL,
    "rewardMsats" BIGINT NOT NULL,
    "feeBps" INTEGER NOT NULL DEFAULT 0,
    "judgmentsPerItem" INTEGER NOT NULL DEFAULT 3,
    "maxJudgmentsPerItem" INTEGER NOT NULL DEFAULT 3,
    "agreementThreshold" DOUBLE PRECISION,
    "goldRatio" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "minSeconds" INTEGER NOT NULL DEFAULT 0,
    "estimatedSeconds" INTEGER NOT NULL DEFAULT 30,
    "maxJudgmentsPerWorker" INTEGER,
    "leaseSeconds" INTEGER NOT NULL DEFAULT 600,
    "examGoldCount" INTEGER NOT NULL DEFAULT 0,
    "examPassCount" INTEGER NOT NULL DEFAULT 0,
    "qualityRules" JSONB NOT NULL DEFAULT '{}',
    "autoApproveAfterSeconds" INTEGER,
    "license" TEXT,
    "status" "ProjectStatus" NOT NULL DEFAULT 'DRAFT',
    "statusReason" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Batch" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "sourceFileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "isGold" BOOLEAN NOT NULL DEFAULT false,
    "status" "BatchStatus" NOT NULL DEFAULT 'VALIDATING',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "importedRows" INTEGER NOT NULL DEFAULT 0,
    "errorRows" INTEGER NOT NULL DEFAULT 0,
    "duplicateRows" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Item" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "batchId" UUID,
    "externalId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "isGold" BOOLEAN NOT NULL DEFAULT false,
    "goldAnswer" JSONB,
    "status" "ItemStatus" NOT NULL DEFAULT 'OPEN',
    "judgmentsNeeded" INTEGER NOT NULL,
    "openSlots" INTEGER NOT NULL,
    "judgmentsDone" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'ACTIVE',
    "isExam" BOOLEAN NOT NULL DEFAULT false,
    "leasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseExpiresAt" TIMESTAMP(3) NOT NULL,
    "shownOrder" JSONB,
    "variant" TEXT,
    "skipReason" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Judgment" (
    "id" UUID NOT NULL,
    "assignmentId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "answer" JSONB NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "isGold" BOOLEAN NOT NULL DEFAULT false,
    "isExam" BOOLEAN NOT NULL DEFAULT false,
    "goldCorrect" BOOLEAN,
    "isTooFast" BOOLEAN NOT NULL DEFAULT false,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "JudgmentStatus" NOT NULL DEFAULT 'PENDING',
    "reviewSource" "ReviewSource",
    "reviewerId" UUID,
    "reason" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "appealText" TEXT,
    "appealStatus" "AppealStatus",
    "appealedAt" TIMESTAMP(3),
    "rewardMsats" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Judgment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamAttempt" (
    "id" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "status" "ExamStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "correct" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ExamAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerAccount" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "LedgerAccountKind" NOT NULL,
    "teamId" UUID,
    "projectId" UUID,
    "workerId" UUID,
    "balanceMsats" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LedgerAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerTransfer" (
    "id" UUID NOT NULL,
    "debitAccountId" UUID NOT NULL,
    "creditAccountId" UUID NOT NULL,
    "amountMsats" BIGINT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "reason" "TransferReason" NOT NULL,
    "memo" TEXT,
    "judgmentId" UUID,
    "depositId" UUID,
    "withdrawalId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deposit" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "projectId" UUID,
    "amountMsats" BIGINT NOT NULL,
    "bolt11" TEXT NOT NULL,
    "paymentHash" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "status" "DepositStatus" NOT NULL DEFAULT 'PENDING',
    "idempotencyKey" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "paidAt" TIMESTAMP(3),

    CONSTRAINT "Deposit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WithdrawLink" (
    "id" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "k1Hash" TEXT NOT NULL,
    "status" "WithdrawLinkStatus" NOT NULL DEFAULT 'OPEN',
    "minMsats" BIGINT NOT NULL,
    "maxMsats" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "claimedAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "WithdrawLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Withdrawal" (
    "id" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "linkId" UUID,
    "kind" "WithdrawalKind" NOT NULL,
    "bolt11" TEXT NOT NULL,
    "paymentHash" TEXT NOT NULL,
    "destination" TEXT,
    "amountMsats" BIGINT NOT NULL,
    "feeLimitMsats" BIGINT NOT NULL,
    "feeMsats" BIGINT,
    "preimage" TEXT,
    "status" "WithdrawalStatus" NOT NULL DEFAULT 'SENDING',
    "failureReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Withdrawal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimInvoice" (
    "paymentHash" TEXT NOT NULL,
    "preimage" TEXT NOT NULL,
    "bolt11" TEXT NOT NULL,
    "amountMsats" BIGINT,
    "direction" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "memo" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "SimInvoice_pkey" PRIMARY KEY ("paymentHash")
);

-- CreateTable
CREATE TABLE "Export" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "format" "ExportFormat" NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "status" "ExportStatus" NOT NULL DEFAULT 'QUEUED',
    "rowsTotal" INTEGER,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "filePath" TEXT,
    "fileBytes" BIGINT,
    "error" TEXT,
    "idempotencyKey" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "Export_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL,
    "actorUserId" UUID,
    "actorKind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSentAt" TIMESTAMP(3),

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "responseStatus" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "teamId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("teamId","key")
);

-- CreateTable
CREATE TABLE "PlatformSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LnurlAuthChallenge_k1Hash_key" ON "LnurlAuthChallenge"("k1Hash");

-- CreateIndex
CREATE INDEX "LnurlAuthChallenge_expiresAt_idx" ON "LnurlAuthChallenge"("expiresAt");

-- CreateIndex
CREATE INDEX "RateLimitBucket_expiresAt_idx" ON "RateLimitBucket"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Team_slug_key" ON "Team"("slug");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_teamId_idx" ON "ApiKey"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkerProfile_userId_key" ON "WorkerProfile"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkerProfile_linkingKey_key" ON "WorkerProfile"("linkingKey");

-- CreateIndex
CREATE INDEX "WorkerProfile_status_idx" ON "WorkerProfile"("status");

-- CreateIndex
CREATE INDEX "WorkerProfile_lightningAddress_idx" ON "WorkerProfile"("lightningAddress");

-- CreateIndex
CREATE INDEX "TrustSnapshot_workerId_createdAt_idx" ON "TrustSnapshot"("workerId", "createdAt");

-- CreateIndex
CREATE INDEX "Project_teamId_createdAt_idx" ON "Project"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Project_status_idx" ON "Project"("status");

-- CreateIndex
CREATE INDEX "Batch_projectId_createdAt_idx" ON "Batch"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Item_projectId_status_isGold_openSlots_id_idx" ON "Item"("projectId", "status", "isGold", "openSlots", "id");

-- CreateIndex
CREATE INDEX "Item_batchId_idx" ON "Item"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "Item_projectId_externalId_key" ON "Item"("projectId", "externalId");

-- CreateIndex
CREATE INDEX "Assignment_workerId_status_idx" ON "Assignment"("workerId", "status");

-- CreateIndex
CREATE INDEX "Assignment_status_leaseExpiresAt_idx" ON "Assignment"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "Assignment_itemId_status_idx" ON "Assignment"("itemId", "status");

-- CreateIndex
CREATE INDEX "Assignment_projectId_status_idx" ON "Assignment"("projectId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_workerId_itemId_key" ON "Assignment"("workerId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "Judgment_assignmentId_key" ON "Judgment"("assignmentId");

-- CreateIndex
CREATE INDEX "Judgment_projectId_status_createdAt_idx" ON "Judgment"("projectId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Judgment_status_createdAt_idx" ON "Judgment"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Judgment_workerId_createdAt_idx" ON "Judgment"("workerId", "createdAt");

-- CreateIndex
CREATE INDEX "Judgment_itemId_idx" ON "Judgment"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAttempt_workerId_projectId_key" ON "ExamAttempt"("workerId", "projectId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerAccount_key_key" ON "LedgerAccount"("key");

-- CreateIndex
CREATE INDEX "LedgerAccount_kind_idx" ON "LedgerAccount"("kind");

-- CreateIndex
CREATE INDEX "LedgerAccount_workerId_idx" ON "LedgerAccount"("workerId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransfer_idempotencyKey_key" ON "LedgerTransfer"("idempotencyKey");

-- CreateIndex
CREATE INDEX "LedgerTransfer_debitAccountId_createdAt_idx" ON "LedgerTransfer"("debitAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerTransfer_creditAccountId_createdAt_idx" ON "LedgerTransfer"("creditAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerTransfer_judgmentId_idx" ON "LedgerTransfer"("judgmentId");

-- CreateIndex
CREATE INDEX "LedgerTransfer_withdrawalId_idx" ON "LedgerTransfer"("withdrawalId");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_paymentHash_key" ON "Deposit"("paymentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_idempotencyKey_key" ON "Deposit"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Deposit_teamId_createdAt_idx" ON "Deposit"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Deposit_status_expiresAt_idx" ON "Deposit"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "WithdrawLink_k1Hash_key" ON "WithdrawLink"("k1Hash");

-- CreateIndex
CREATE INDEX "WithdrawLink_workerId_status_idx" ON "WithdrawLink"("workerId", "status");

-- CreateIndex
CREATE INDEX "WithdrawLink_status_expiresAt_idx" ON "WithdrawLink"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Withdrawal_paymentHash_key" ON "Withdrawal"("paymentHash");

-- CreateIndex
CREATE INDEX "Withdrawal_workerId_createdAt_idx" ON "Withdrawal"("workerId", "createdAt");

-- CreateIndex
CREATE INDEX "Withdrawal_status_updatedAt_idx" ON "Withdrawal"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Export_idempotencyKey_key" ON "Export"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Export_projectId_createdAt_idx" ON "Export"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetId_idx" ON "AuditLog"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditLog_actorUserId_createdAt_idx" ON "AuditLog"("actorUserId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

-- CreateIndex
CREATE INDEX "Webhook_teamId_idx" ON "Webhook"("teamId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_webhookId_createdAt_idx" ON "WebhookDelivery"("webhookId", "createdAt");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_createdAt_idx" ON "IdempotencyRecord"("createdAt");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkerProfile" ADD CONSTRAINT "WorkerProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrustSnapshot" ADD CONSTRAINT "TrustSnapshot_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "WorkerProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Batch" ADD CONSTRAINT "Batch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Batch" ADD CONSTRAINT "Batch_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "WorkerProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgment" ADD CONSTRAINT "Judgment_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgment" ADD CONSTRAINT "Judgment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgment" ADD CONSTRAINT "Judgment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgment" ADD CONSTRAINT "Judgment_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "WorkerProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgment" ADD CONSTRAINT "Judgment_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "WorkerProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_debitAccountId_fkey" FOREIGN KEY ("debitAccountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_creditAccountId_fkey" FOREIGN KEY ("creditAccountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_judgmentId_fkey" FOREIGN KEY ("judgmentId") REFERENCES "Judgment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_depositId_fkey" FOREIGN KEY ("depositId") REFERENCES "Deposit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "LedgerTransfer_withdrawalId_fkey" FOREIGN KEY ("withdrawalId") REFERENCES "Withdrawal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WithdrawLink" ADD CONSTRAINT "WithdrawLink_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "WorkerProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Withdrawal" ADD CONSTRAINT "Withdrawal_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "WorkerProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Withdrawal" ADD CONSTRAINT "Withdrawal_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "WithdrawLink"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Export" ADD CONSTRAINT "Export_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Export" ADD CONSTRAINT "Export_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Export" ADD CONSTRAINT "Export_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotencyRecord" ADD CONSTRAINT "IdempotencyRecord_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───────────── Hand-written: rules the database itself enforces (Prisma cannot express these) ─────────────

-- Money never goes negative, except in the contra accounts for sats crossing the Lightning boundary.
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "ledger_account_balance_non_negative"
  CHECK ("kind" IN ('LIGHTNING_IN', 'LIGHTNING_OUT') OR "balanceMsats" >= 0);
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "ledger_account_owner_matches_kind" CHECK (
  ("kind" IN ('TEAM_ESCROW') AND "teamId" IS NOT NULL) OR
  ("kind" IN ('PROJECT_ESCROW') AND "projectId" IS NOT NULL) OR
  ("kind" IN ('WORKER_AVAILABLE', 'WORKER_RESERVED') AND "workerId" IS NOT NULL) OR
  ("kind" IN ('HOT_WALLET', 'LIGHTNING_IN', 'LIGHTNING_OUT', 'FEE_INCOME', 'ROUTING_FEES'))
);
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "ledger_transfer_amount_positive" CHECK ("amountMsats" > 0);
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "ledger_transfer_distinct_accounts" CHECK ("debitAccountId" <> "creditAccountId");
ALTER TABLE "LedgerTransfer" ADD CONSTRAINT "ledger_transfer_key_not_blank" CHECK (length("idempotencyKey") > 0);

ALTER TABLE "Project" ADD CONSTRAINT "project_reward_non_negative" CHECK ("rewardMsats" >= 0);
ALTER TABLE "Project" ADD CONSTRAINT "project_fee_bps_range" CHECK ("feeBps" BETWEEN 0 AND 10000);
ALTER TABLE "Project" ADD CONSTRAINT "project_overlap_valid" CHECK ("judgmentsPerItem" >= 1 AND "maxJudgmentsPerItem" >= "judgmentsPerItem");
ALTER TABLE "Project" ADD CONSTRAINT "project_gold_ratio_range" CHECK ("goldRatio" >= 0 AND "goldRatio" <= 1);
ALTER TABLE "Project" ADD CONSTRAINT "project_exam_valid" CHECK ("examGoldCount" >= 0 AND "examPassCount" BETWEEN 0 AND "examGoldCount");
ALTER TABLE "Project" ADD CONSTRAINT "project_times_valid" CHECK ("minSeconds" >= 0 AND "leaseSeconds" > 0 AND "estimatedSeconds" > 0);

-- An item is never over-assigned: open slots stay within what it needs.
ALTER TABLE "Item" ADD CONSTRAINT "item_slots_valid" CHECK (
  "openSlots" >= 0 AND "judgmentsDone" >= 0 AND "openSlots" <= "judgmentsNeeded" AND "judgmentsDone" <= "judgmentsNeeded"
);
ALTER TABLE "Judgment" ADD CONSTRAINT "judgment_reward_non_negative" CHECK ("rewardMsats" >= 0);
ALTER TABLE "Judgment" ADD CONSTRAINT "judgment_duration_non_negative" CHECK ("durationMs" >= 0);
ALTER TABLE "Deposit" ADD CONSTRAINT "deposit_amount_positive" CHECK ("amountMsats" > 0);
ALTER TABLE "WithdrawLink" ADD CONSTRAINT "withdraw_link_range_valid" CHECK ("minMsats" >= 0 AND "maxMsats" >= "minMsats");
ALTER TABLE "Withdrawal" ADD CONSTRAINT "withdrawal_amounts_valid" CHECK (
  "amountMsats" > 0 AND "feeLimitMsats" >= 0 AND ("feeMsats" IS NULL OR "feeMsats" >= 0)
);
ALTER TABLE "Withdrawal" ADD CONSTRAINT "withdrawal_paid_has_preimage" CHECK ("status" <> 'PAID' OR "preimage" IS NOT NULL);
ALTER TABLE "WorkerProfile" ADD CONSTRAINT "worker_payout_cap_non_negative" CHECK ("dailyPayoutCapMsats" >= 0);
ALTER TABLE "WorkerProfile" ADD CONSTRAINT "worker_trust_range" CHECK ("trustScore" >= 0 AND "trustScore" <= 1);

-- Posted transfers and the audit log are append-only: history is corrected by new rows, never edited.
CREATE FUNCTION "boltwork_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER "ledger_transfer_append_only" BEFORE UPDATE OR DELETE ON "LedgerTransfer"
  FOR EACH ROW EXECUTE FUNCTION "boltwork_refuse_change"();
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "boltwork_refuse_change"();
