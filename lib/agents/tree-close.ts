import 'server-only';
// When a tree job closes (deadline, cancel) while some replies still wait for their peer reviews, those reviews will
// never come: the job's leases are gone. The writers did the work the agent paid for, so their judgments are
// approved and paid from the escrow the close kept back for them; the results show those replies as not accepted.
import { db } from '@/lib/db';
import { approveJudgment } from '@/lib/judgments/review';
import { logError } from '@/lib/log';

export async function payUnreviewedTreeReplies(jobId: string): Promise<number> {
  const pending = await db.$queryRaw<{ id: string }[]>`
    SELECT j.id::text AS id FROM "Judgment" j
    JOIN "AgentJob" a ON a."projectId" = j."projectId"
    JOIN "TreeMessage" m ON m."judgmentId" = j.id
    WHERE a.id = ${jobId}::uuid AND j.status = 'PENDING' AND m."reviewState" = 'PENDING' AND m."deletedAt" IS NULL
    ORDER BY j.id`;
  let paid = 0;
  for (const { id } of pending) {
    try {
      if ((await approveJudgment({ kind: 'AUTO' }, id)).paid) paid++;
    } catch (error) {
      // Still PENDING, so still kept in escrow; an admin can approve it from the review queue.
      logError('paying an unreviewed tree reply at close failed', error, { agentJobId: jobId, judgmentId: id });
    }
  }
  return paid;
}
