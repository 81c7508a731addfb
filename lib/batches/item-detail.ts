// One item with its judgments, for the team's item page. Workers appear only as the team's pseudonym (the same
// id the exports carry), never as a profile id or name. Any member of the team may read it, read-only ones too.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createPseudonymizer } from '@/lib/exports/ids';
import type { JudgmentStatus, ItemStatus } from '@/lib/generated/prisma/enums';
import type { TeamActor } from '@/lib/teams/actor';
import { getImportProject } from './queries';

export type ItemJudgmentDto = {
  id: string;
  workerPseudonym: string;
  answer: unknown;
  status: JudgmentStatus;
  isExam: boolean;
  createdAt: string;
};

export type ItemDetailDto = {
  id: string;
  externalId: string;
  payload: unknown;
  isGold: boolean;
  goldAnswer: unknown;
  status: ItemStatus;
  judgmentsNeeded: number;
  judgmentsDone: number;
  createdAt: string;
  judgments: ItemJudgmentDto[];
};

/** A judgment list bigger than this is cut (dynamic overlap caps items at 20 answers; exams add a few). */
const MAX_JUDGMENTS = 200;

export async function getItemDetail(actor: TeamActor, projectId: string, itemId: string): Promise<ItemDetailDto> {
  await getImportProject(actor, projectId);
  if (!z.uuid().safeParse(itemId).success) throw new AppError('NOT_FOUND', 'Item not found.');
  const item = await db.item.findFirst({
    where: { id: itemId, projectId },
    select: {
      id: true, externalId: true, payload: true, isGold: true, goldAnswer: true, status: true, judgmentsNeeded: true, judgmentsDone: true, createdAt: true,
      judgments: { orderBy: { createdAt: 'asc' }, take: MAX_JUDGMENTS, select: { id: true, workerId: true, answer: true, status: true, isExam: true, createdAt: true } },
    },
  });
  if (!item) throw new AppError('NOT_FOUND', 'Item not found.');
  const { pseudonymSalt } = await db.team.findUniqueOrThrow({ where: { id: actor.teamId }, select: { pseudonymSalt: true } });
  const pseudonym = createPseudonymizer(pseudonymSalt);
  return {
    ...item,
    createdAt: item.createdAt.toISOString(),
    judgments: item.judgments.map(({ workerId, createdAt, ...judgment }) => ({ ...judgment, workerPseudonym: pseudonym(workerId), createdAt: createdAt.toISOString() })),
  };
}
