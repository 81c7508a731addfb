-- CreateIndex
CREATE INDEX "Session_ip_createdAt_idx" ON "Session"("ip", "createdAt");
