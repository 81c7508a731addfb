/*
  Warnings:

  - A unique constraint covering the columns `[treeMessageId,treeTaskKind,treeRound]` on the table `Item` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "TreeState" AS ENUM ('GROWING', 'RANKING', 'READY', 'ABORTED', 'HALTED');

-- CreateEnum
CREATE TYPE "TreeOrigin" AS ENUM ('WORKER', 'TEAM', 'IMPORT');

-- CreateEnum
CREATE TYPE "TreeRole" AS ENUM ('PROMPTER', 'ASSISTANT');

-- CreateEnum
CREATE TYPE "TreeTaskKind" AS ENUM ('WRITE_PROMPT', 'REPLY', 'REVIEW', 'RANK');

-- CreateEnum
CREATE TYPE "TreeReviewState" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');

-- AlterEnum
ALTER TYPE "AssignmentStatus" ADD VALUE 'BARRED';

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "rewardMsats" BIGINT,
ADD COLUMN     "treeId" UUID,
ADD COLUMN     "treeMessageId" UUID,
ADD COLUMN     "treeRound" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "treeTaskKind" "TreeTaskKind";

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "treeConfig" JSONB;

-- CreateTable
CREATE TABLE "ConversationTree" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "state" "TreeState" NOT NULL DEFAULT 'GROWING',
    "stateReason" TEXT,
    "origin" "TreeOrigin" NOT NULL,
    "externalId" TEXT,
    "skipCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "stateChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationTree_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TreeMessage" (
    "id" UUID NOT NULL,
    "treeId" UUID NOT NULL,
    "parentId" UUID,
    "role" "TreeRole" NOT NULL,
    "depth" INTEGER NOT NULL,
    "siblingSlot" INTEGER NOT NULL DEFAULT 0,
    "text" TEXT NOT NULL,
    "textKey" TEXT NOT NULL,
    "lang" TEXT NOT NULL DEFAULT 'en',
    "authorWorkerId" UUID,
    "judgmentId" UUID,
    "isSynthetic" BOOLEAN NOT NULL DEFAULT false,
    "modelName" TEXT,
    "reviewState" "TreeReviewState" NOT NULL DEFAULT 'PENDING',
    "reviewCount" INTEGER NOT NULL DEFAULT 0,
    "acceptVotes" INTEGER NOT NULL DEFAULT 0,
    "labels" JSONB,
    "emojis" JSONB,
    "rank" INTEGER,
    "rankingCount" INTEGER NOT NULL DEFAULT 0,
    "redFlagCount" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" TIMESTAMP(3),
    "deletedReason" TEXT,
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" TIMESTAMP(3),

    CONSTRAINT "TreeMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TreeMessageFlag" (
    "messageId" UUID NOT NULL,
    "workerId" UUID NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TreeMessageFlag_pkey" PRIMARY KEY ("messageId","workerId")
);

-- CreateIndex
CREATE INDEX "ConversationTree_projectId_state_idx" ON "ConversationTree"("projectId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationTree_projectId_externalId_key" ON "ConversationTree"("projectId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "TreeMessage_judgmentId_key" ON "TreeMessage"("judgmentId");

-- CreateIndex
CREATE INDEX "TreeMessage_treeId_parentId_idx" ON "TreeMessage"("treeId", "parentId");

-- CreateIndex
CREATE INDEX "TreeMessage_parentId_idx" ON "TreeMessage"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "TreeMessage_treeId_externalId_key" ON "TreeMessage"("treeId", "externalId");

-- CreateIndex
CREATE INDEX "Item_treeId_idx" ON "Item"("treeId");

-- CreateIndex
CREATE UNIQUE INDEX "Item_treeMessageId_treeTaskKind_treeRound_key" ON "Item"("treeMessageId", "treeTaskKind", "treeRound");

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_treeId_fkey" FOREIGN KEY ("treeId") REFERENCES "ConversationTree"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_treeMessageId_fkey" FOREIGN KEY ("treeMessageId") REFERENCES "TreeMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationTree" ADD CONSTRAINT "ConversationTree_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TreeMessage" ADD CONSTRAINT "TreeMessage_treeId_fkey" FOREIGN KEY ("treeId") REFERENCES "ConversationTree"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TreeMessage" ADD CONSTRAINT "TreeMessage_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "TreeMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TreeMessageFlag" ADD CONSTRAINT "TreeMessageFlag_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "TreeMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express these). See docs/trees.md.
-- A parent never holds two live replies in one slot; the engine hands out slots 0..repliesPerMessage-1 under the
-- tree's row lock, so this index is the backstop that makes "more replies than configured" impossible.
CREATE UNIQUE INDEX "TreeMessage_live_sibling_slot_key" ON "TreeMessage" ("parentId", "siblingSlot")
  WHERE "deletedAt" IS NULL AND "parentId" IS NOT NULL;
-- One prompt per tree.
CREATE UNIQUE INDEX "TreeMessage_one_root_key" ON "TreeMessage" ("treeId") WHERE "parentId" IS NULL;
-- One "write a prompt" task per tree (its message does not exist yet, so the (message, kind, round) key can't hold it).
CREATE UNIQUE INDEX "Item_tree_prompt_task_key" ON "Item" ("treeId") WHERE "treeTaskKind" = 'WRITE_PROMPT';
ALTER TABLE "TreeMessage" ADD CONSTRAINT "tree_message_shape_valid" CHECK (
  "depth" >= 0 AND "siblingSlot" >= 0 AND "reviewCount" >= 0 AND "acceptVotes" BETWEEN 0 AND "reviewCount"
  AND "rankingCount" >= 0 AND "redFlagCount" >= 0 AND ("rank" IS NULL OR "rank" >= 0)
  AND (("parentId" IS NULL) = ("depth" = 0)));
ALTER TABLE "ConversationTree" ADD CONSTRAINT "conversation_tree_skips_valid" CHECK ("skipCount" >= 0);
ALTER TABLE "Item" ADD CONSTRAINT "item_reward_non_negative" CHECK ("rewardMsats" IS NULL OR "rewardMsats" >= 0);
ALTER TABLE "Item" ADD CONSTRAINT "item_tree_task_complete" CHECK (
  ("treeTaskKind" IS NULL) = ("treeId" IS NULL)
  AND ("treeTaskKind" IS NULL OR ("treeTaskKind" = 'WRITE_PROMPT') = ("treeMessageId" IS NULL)));
