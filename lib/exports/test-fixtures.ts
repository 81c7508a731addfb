// Integration-test helpers for exports: judgments written straight to the database.
import 'server-only';
import { gunzipSync } from 'node:zlib';
import { db, type Prisma } from '@/lib/db';
import type { JudgmentStatus } from '@/lib/generated/prisma/enums';
import type { TeamActor } from '@/lib/teams/actor';
import { streamExportDownload } from './download';
import type { ExportPart } from './schemas';

/** A team member (REQUESTER) acting for the project's team. */
export async function createTestActor(projectId: string): Promise<TeamActor> {
  const { teamId } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
  const user = await db.user.create({ data: { roles: ['REQUESTER'] }, select: { id: true } });
  await db.teamMember.create({ data: { teamId, userId: user.id } });
  return { kind: 'USER', teamId, userId: user.id, apiKeyId: null };
}

/** One submitted assignment and its judgment. */
export async function addTestJudgment(input: {
  projectId: string;
  itemId: string;
  workerId: string;
  answer: Prisma.InputJsonValue;
  status?: JudgmentStatus;
  shownOrder?: number[];
  isGold?: boolean;
  goldCorrect?: boolean | null;
  createdAt?: Date;
}): Promise<string> {
  const now = input.createdAt ?? new Date();
  const assignment = await db.assignment.create({
    data: {
      itemId: input.itemId,
      projectId: input.projectId,
      workerId: input.workerId,
      status: 'SUBMITTED',
      leaseExpiresAt: new Date(now.getTime() + 600_000),
      shownOrder: input.shownOrder,
      finishedAt: now,
    },
    select: { id: true },
  });
  const judgment = await db.judgment.create({
    data: {
      assignmentId: assignment.id,
      itemId: input.itemId,
      projectId: input.projectId,
      workerId: input.workerId,
      answer: input.answer,
      durationMs: 5000,
      isGold: input.isGold ?? false,
      goldCorrect: input.goldCorrect ?? null,
      status: input.status ?? 'APPROVED',
      rewardMsats: 1000n,
      createdAt: now,
    },
    select: { id: true },
  });
  return judgment.id;
}

/** Downloads a part and returns its text (gunzipping ourselves when asking for gzip). */
export async function downloadExportText(actor: TeamActor, exportId: string, part: ExportPart = 'all', acceptGzip = false): Promise<string> {
  const file = await streamExportDownload(actor, exportId, { part, acceptGzip });
  const bytes = Buffer.from(await new Response(file.body).arrayBuffer());
  return (acceptGzip ? gunzipSync(bytes) : bytes).toString('utf8');
}

export function parseJsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
