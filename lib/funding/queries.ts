import 'server-only';
// Reads for the fund page. Each one checks the viewer itself (style S3): a REQUESTER who is a member of the team.
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { DepositStatus } from '@/lib/generated/prisma/enums';
import { getAccountBalance } from '@/lib/ledger/accounts';
import { judgmentCostMsats, msatsToSats } from '@/lib/ledger/money';
import { settleDeposit } from './deposits';

/** JSON-safe view of a deposit: amounts as decimal strings (style M2). */
export type DepositDto = {
  id: string;
  projectId: string | null;
  status: DepositStatus;
  amountMsats: string;
  amountSats: string;
  bolt11: string;
  expiresAt: string;
  paidAt: string | null;
  /** The project's escrow after this read, in sats. */
  escrowSats: string | null;
};

async function isTeamMember(userId: string, teamId: string): Promise<boolean> {
  const member = await db.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { teamId: true } });
  return member !== null;
}

/** For a known user (the caller has checked the session): the deposit if the user is in its team, settled on read. */
export async function getDepositForMember(userId: string, depositId: string): Promise<DepositDto | null> {
  const deposit = await db.deposit.findUnique({ where: { id: depositId }, select: { teamId: true, status: true } });
  if (!deposit || !(await isTeamMember(userId, deposit.teamId))) return null;
  // The status poll settles on read, so the page turns PAID as soon as the node knows (the job is the backstop).
  if (deposit.status === 'PENDING') await settleDeposit(depositId);
  const fresh = await db.deposit.findUniqueOrThrow({
    where: { id: depositId },
    select: { id: true, teamId: true, projectId: true, status: true, amountMsats: true, bolt11: true, expiresAt: true, paidAt: true },
  });
  const escrowMsats = fresh.projectId
    ? await getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId: fresh.teamId, projectId: fresh.projectId })
    : null;
  return {
    id: fresh.id,
    projectId: fresh.projectId,
    status: fresh.status,
    amountMsats: fresh.amountMsats.toString(),
    amountSats: msatsToSats(fresh.amountMsats).toString(),
    bolt11: fresh.bolt11,
    expiresAt: fresh.expiresAt.toISOString(),
    paidAt: fresh.paidAt?.toISOString() ?? null,
    escrowSats: escrowMsats === null ? null : msatsToSats(escrowMsats).toString(),
  };
}

/** The viewer's deposit, or null when it does not exist or belongs to another team. */
export async function getDepositForTeam(depositId: string): Promise<DepositDto | null> {
  const viewer = await requireRole('REQUESTER');
  return getDepositForMember(viewer.userId, depositId);
}

export type ProjectFunding = {
  projectId: string;
  teamId: string;
  title: string;
  escrowMsats: bigint;
  /** Reward plus platform fee for every judgment still to collect on non-gold items. */
  remainingCostMsats: bigint;
  /** What the escrow still lacks to pay for that: remaining cost minus escrow, floored at zero. */
  shortfallMsats: bigint;
};

export async function getProjectFundingForMember(userId: string, projectId: string): Promise<ProjectFunding | null> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, teamId: true, title: true, rewardMsats: true, feeBps: true } });
  if (!project || !(await isTeamMember(userId, project.teamId))) return null;
  const [row] = await db.$queryRaw<{ remaining: bigint | null }[]>`
    SELECT COALESCE(SUM(GREATEST("judgmentsNeeded" - "judgmentsDone", 0)), 0)::bigint AS remaining
    FROM "Item" WHERE "projectId" = ${project.id}::uuid AND "isGold" = false AND "status" <> 'CANCELLED'`;
  const remainingJudgments = row?.remaining ?? 0n;
  const escrowMsats = await getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId: project.teamId, projectId: project.id });
  const remainingCostMsats = judgmentCostMsats(project.rewardMsats, project.feeBps) * BigInt(remainingJudgments);
  const shortfall = remainingCostMsats - escrowMsats;
  return {
    projectId: project.id,
    teamId: project.teamId,
    title: project.title,
    escrowMsats,
    remainingCostMsats,
    shortfallMsats: shortfall > 0n ? shortfall : 0n,
  };
}

/** The fund page's numbers for a project of the viewer's team; NOT_FOUND for any other project. */
export async function getProjectFundingOrThrow(projectId: string): Promise<ProjectFunding> {
  const viewer = await requireRole('REQUESTER');
  const funding = await getProjectFundingForMember(viewer.userId, projectId);
  if (!funding) throw new AppError('NOT_FOUND', 'Project not found.');
  return funding;
}
