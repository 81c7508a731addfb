import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { judgmentCostMsats } from '@/lib/ledger/money';
import { postTransfer } from '@/lib/ledger/transfer';
import { canChangeTeamWork, roleRefusal } from '@/lib/teams/roles';

/**
 * Closes a project: no more work goes out, live leases end, and the escrow the project no longer needs goes
 * back to the team's balance. What pending judgments may still cost stays in escrow until they are reviewed.
 */
export async function closeProject(actor: { userId: string }, projectId: string): Promise<{ releasedMsats: bigint }> {
  return db.$transaction(async (t) => {
    const project = await t.project.findUnique({ where: { id: projectId }, select: { id: true, teamId: true, status: true, rewardMsats: true, feeBps: true } });
    if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
    const member = await t.teamMember.findUnique({ where: { teamId_userId: { teamId: project.teamId, userId: actor.userId } } });
    if (!member) throw new AppError('NOT_FOUND', 'Project not found.');
    // Also for the API, where a key acts for the member who created it.
    if (!canChangeTeamWork(member.role)) throw new AppError('FORBIDDEN', roleRefusal('MEMBER'));
    // Lock the escrow row so a concurrent approval can't spend what is being released; first, before the project row,
    // as approvals take them (transfers, then the budget.low check updates the project), so the two never deadlock.
    const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: project.teamId, projectId });
    await t.$queryRaw`SELECT 1 FROM "LedgerAccount" WHERE id = ${escrow.id}::uuid FOR UPDATE`;
    const closed = await t.project.updateMany({ where: { id: projectId, status: { not: 'DONE' } }, data: { status: 'DONE', closedAt: new Date() } });
    if (closed.count !== 1) throw new AppError('INVALID_STATE', 'This project is already closed.');
    await t.assignment.updateMany({ where: { projectId, status: 'ACTIVE' }, data: { status: 'EXPIRED', finishedAt: new Date() } });
    const [{ balance }] = await t.$queryRaw<{ balance: bigint }[]>`SELECT "balanceMsats" AS balance FROM "LedgerAccount" WHERE id = ${escrow.id}::uuid`;
    const pending = await t.judgment.count({ where: { projectId, status: 'PENDING', isExam: false } });
    const perJudgment = judgmentCostMsats(project.rewardMsats, project.feeBps);
    const releasedMsats = balance - perJudgment * BigInt(pending);
    if (releasedMsats > 0n) {
      const team = await getOrCreateAccount(t, { kind: 'TEAM_ESCROW', teamId: project.teamId });
      await postTransfer(t, {
        debitAccountId: escrow.id,
        creditAccountId: team.id,
        amountMsats: releasedMsats,
        idempotencyKey: `project:${projectId}:close-release`,
        reason: 'ESCROW_RELEASE',
      });
    }
    await recordAudit({ actor: { kind: 'USER', userId: actor.userId }, action: 'project.close', targetType: 'Project', targetId: projectId, before: { status: project.status }, after: { status: 'DONE', releasedMsats: releasedMsats > 0n ? releasedMsats.toString() : '0' } }, t);
    return { releasedMsats: releasedMsats > 0n ? releasedMsats : 0n };
  });
}
