// The onboarding exam: examGoldCount gold questions before real work, graded on the last answer, with the missed
// questions (and their right answers) handed back in the terms the worker saw so the phone can teach.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { claimNextAssignment } from './claim';
import { skipAssignment } from './skip';
import { submitJudgment } from './submit';
import { createSeededRandom, createTestItems, createTestProject, createTestWorker, getShownChoiceFor } from './test-fixtures';
import type { AssignmentView, ClaimResult } from './types';
import { listProjectsForWorker } from './worker-projects';

function assigned(result: ClaimResult): AssignmentView {
  if (result.kind !== 'assigned') throw new Error(`expected an assignment, got none (${result.reason})`);
  return result.assignment;
}

async function createExamProject() {
  const projectId = await createTestProject({ examGoldCount: 3, examPassCount: 2, goldRatio: 0 });
  await createTestItems(projectId, 5);
  // Canonical 'A' ("Eight legs") is right on every gold question.
  await createTestItems(projectId, 6, { isGold: true, goldAnswer: { choice: 'A' } });
  return projectId;
}

/** Answers the worker's current exam question right or wrong, in shown terms. */
async function answerQuestion(workerId: string, projectId: string, isRight: boolean, random: () => number) {
  const view = assigned(await claimNextAssignment(workerId, projectId, { random }));
  expect(view.exam).not.toBeNull();
  const right = await getShownChoiceFor(view.assignmentId, 'A');
  const choice = isRight ? right : right === 'A' ? 'B' : 'A';
  const result = await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice } });
  return { view, result, choice, right };
}

describe('onboarding exam', () => {
  it('passes a worker with enough right answers, then serves real work', async () => {
    const projectId = await createExamProject();
    const workerId = await createTestWorker();
    const random = createSeededRandom(11);

    const first = await answerQuestion(workerId, projectId, true, random);
    expect(first.view.exam).toEqual({ answered: 0, total: 3, passCount: 2 });
    expect(first.view.rewardMsats).toBe(0n);
    expect(first.result).toMatchObject({
      duplicate: false,
      isExam: true,
      goldCorrect: true,
      exam: { status: 'IN_PROGRESS', correct: 1, answered: 1, total: 3, passCount: 2, missed: [] },
    });

    const second = await answerQuestion(workerId, projectId, false, random);
    expect(second.view.exam).toEqual({ answered: 1, total: 3, passCount: 2 });
    const missed = second.result.exam!.missed;
    expect(missed).toHaveLength(1);
    // In the terms the worker saw: the responses in shown order, the right answer and theirs as they tapped them.
    expect(missed[0].payload).toEqual(second.view.payload);
    expect(missed[0].goldAnswer).toEqual({ choice: second.right });
    expect(missed[0].answer).toEqual({ choice: second.choice });
    const { itemId } = await db.assignment.findUniqueOrThrow({ where: { id: second.view.assignmentId }, select: { itemId: true } });
    expect(missed[0].itemId).toBe(itemId);

    const third = await answerQuestion(workerId, projectId, true, random);
    expect(third.result.exam).toMatchObject({ status: 'PASSED', correct: 2, answered: 3, missed: [{ itemId }] });
    // A retry of the last answer reports the same, without grading again.
    const retry = await submitJudgment(workerId, { assignmentId: third.view.assignmentId, answer: { choice: 'A' } });
    expect(retry).toMatchObject({ duplicate: true, exam: { status: 'PASSED', correct: 2, answered: 3 } });

    const work = assigned(await claimNextAssignment(workerId, projectId, { random }));
    expect(work.exam).toBeNull();
    expect(work.rewardMsats).toBe(1_000n);
    const workItem = await db.assignment.findUniqueOrThrow({ where: { id: work.assignmentId }, select: { isExam: true, item: { select: { isGold: true } } } });
    expect(workItem).toEqual({ isExam: false, item: { isGold: false } });

    // Exam answers are stored like others (PENDING) but pay nothing, and they are not part of the gold record.
    const examJudgments = await db.judgment.findMany({ where: { workerId, isExam: true }, select: { rewardMsats: true, status: true, isGold: true } });
    expect(examJudgments).toEqual(Array(3).fill({ rewardMsats: 0n, status: 'PENDING', isGold: true }));
    expect(await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { goldSeen: true, goldCorrect: true } })).toEqual({
      goldSeen: 0,
      goldCorrect: 0,
    });
    const card = (await listProjectsForWorker(workerId)).find((c) => c.projectId === projectId);
    expect(card?.exam).toEqual({ required: true, status: 'PASSED', total: 3, passCount: 2 });
  });

  it('fails a worker below examPassCount, lists what they missed, and gives them no work', async () => {
    const projectId = await createExamProject();
    const workerId = await createTestWorker();
    const random = createSeededRandom(12);
    const card = (await listProjectsForWorker(workerId)).find((c) => c.projectId === projectId);
    expect(card).toMatchObject({ tasksLeft: 5, exam: { required: true, status: 'NOT_STARTED', total: 3, passCount: 2 } });

    const question = assigned(await claimNextAssignment(workerId, projectId, { random }));
    await expect(skipAssignment(workerId, { assignmentId: question.assignmentId, reason: 'too_hard' })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    const right = await getShownChoiceFor(question.assignmentId, 'A');
    await submitJudgment(workerId, { assignmentId: question.assignmentId, answer: { choice: right === 'A' ? 'B' : 'A' } });
    await answerQuestion(workerId, projectId, true, random);
    const last = await answerQuestion(workerId, projectId, false, random);
    expect(last.result.exam).toMatchObject({ status: 'FAILED', correct: 1, answered: 3, total: 3 });
    expect(last.result.exam!.missed).toHaveLength(2);
    for (const miss of last.result.exam!.missed) expect(miss.answer).not.toEqual(miss.goldAnswer);

    expect(await claimNextAssignment(workerId, projectId, { random })).toEqual({ kind: 'none', reason: 'EXAM_FAILED' });
    const failed = (await listProjectsForWorker(workerId)).find((c) => c.projectId === projectId);
    expect(failed).toMatchObject({ tasksLeft: 0, exam: { required: true, status: 'FAILED' } });
    const attempt = await db.examAttempt.findFirstOrThrow({ where: { workerId, projectId } });
    expect(attempt).toMatchObject({ status: 'FAILED', correct: 1, answered: 3, total: 3 });
    expect(attempt.completedAt).toBeInstanceOf(Date);
  });

  it('holds a worker at the exam when the project has too few gold questions', async () => {
    const projectId = await createTestProject({ examGoldCount: 2, examPassCount: 1 });
    await createTestItems(projectId, 3);
    await createTestItems(projectId, 1, { isGold: true, goldAnswer: { choice: 'B' } });
    const workerId = await createTestWorker();
    const view = assigned(await claimNextAssignment(workerId, projectId));
    await submitJudgment(workerId, { assignmentId: view.assignmentId, answer: { choice: 'A' } });
    expect(await claimNextAssignment(workerId, projectId)).toEqual({ kind: 'none', reason: 'NO_ITEMS_LEFT' });
  });
});
