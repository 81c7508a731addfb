import 'server-only';
import type { Db } from '@/lib/db';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { toCanonicalAnswer, toShownPayload } from '@/lib/tasks';
import type { ExamMiss, ExamResult } from './types';
import { readShownOrder } from './view';

type ExamProject = { id: string; taskType: TaskType; examPassCount: number };

/** Where the worker stands in the project's exam, with the questions they got wrong and the right answers. */
export async function getExamResult(tx: Db, workerId: string, project: ExamProject): Promise<ExamResult | null> {
  const attempt = await tx.examAttempt.findUnique({
    where: { workerId_projectId: { workerId, projectId: project.id } },
    select: { status: true, correct: true, answered: true, total: true },
  });
  if (!attempt) return null;
  const wrong = await tx.judgment.findMany({
    where: { workerId, projectId: project.id, isExam: true, OR: [{ goldCorrect: false }, { goldCorrect: null }] },
    orderBy: { createdAt: 'asc' },
    select: {
      itemId: true,
      answer: true,
      item: { select: { payload: true, goldAnswer: true } },
      assignment: { select: { shownOrder: true } },
    },
  });
  const missed = wrong.map((judgment) =>
    toShownTerms(project.taskType, {
      itemId: judgment.itemId,
      payload: judgment.item.payload,
      goldAnswer: judgment.item.goldAnswer,
      answer: judgment.answer,
      shownOrder: readShownOrder(judgment.assignment.shownOrder),
    }),
  );
  return { ...attempt, passCount: project.examPassCount, missed };
}

/**
 * Puts a missed question back the way the worker saw it: responses in shown order, and the gold and given answers
 * in shown terms ('A' = the response shown first). Answers are stored canonical, so they are mapped through the
 * inverse of the shown order.
 */
function toShownTerms(
  type: TaskType,
  miss: { itemId: string; payload: unknown; goldAnswer: unknown; answer: unknown; shownOrder: number[] | null },
): ExamMiss {
  const inverse = miss.shownOrder ? invertOrder(miss.shownOrder) : null;
  return {
    itemId: miss.itemId,
    payload: toShownPayload(type, miss.payload, miss.shownOrder),
    goldAnswer: toCanonicalAnswer(type, miss.goldAnswer, inverse),
    answer: toCanonicalAnswer(type, miss.answer, inverse),
  };
}

function invertOrder(order: number[]): number[] {
  const inverse = new Array<number>(order.length);
  order.forEach((canonical, shown) => {
    inverse[canonical] = shown;
  });
  return inverse;
}
