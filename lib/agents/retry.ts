import 'server-only';
// An admin's "try again" for an agent refund the job worker gave up on (five failures in a row): one new attempt
// for what the job still owes, queued at once. Nothing moves until it is paid.
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getAccountBalance } from '@/lib/ledger/accounts';
import { isPayableRefund, openRefundAttempt } from './refund-ledger';

export async function retryGivenUpRefund(admin: { userId: string }, jobId: string): Promise<{ refundId: string }> {
  return db.$transaction(async (t) => {
    // The job row lock is the one close.ts and the refund ledger take: one change to a job's refunds at a time.
    const [job] = await t.$queryRaw<{ id: string; projectId: string; teamId: string }[]>`
      SELECT j.id, j."projectId", p."teamId" FROM "AgentJob" j JOIN "Project" p ON p.id = j."projectId"
      WHERE j.id = ${jobId}::uuid FOR UPDATE OF j`;
    if (!job) throw new AppError('NOT_FOUND', 'Agent job not found.');
    const open = await t.agentRefund.count({ where: { agentJobId: jobId, status: { in: ['PENDING', 'SENDING', 'UNKNOWN'] } } });
    if (open > 0) throw new AppError('INVALID_STATE', 'A refund attempt for this job is already open.');
    const owed = await getAccountBalance(t, { kind: 'AGENT_REFUND', teamId: job.teamId, projectId: job.projectId });
    if (!isPayableRefund(owed)) throw new AppError('INVALID_STATE', 'This job owes nothing that can be sent.');
    const refundId = await openRefundAttempt(t, jobId, owed, { enqueueNow: true });
    await recordAudit({ actor: { kind: 'USER', userId: admin.userId }, action: 'agent_refund.retry', targetType: 'AgentJob', targetId: jobId, after: { refundId, owedMsats: owed.toString() } }, t);
    return { refundId };
  });
}
