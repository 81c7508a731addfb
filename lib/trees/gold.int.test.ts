// Gold review tasks of a conversation-tree project on real PostgreSQL: shown like any review, graded on the known
// spam verdict, served as the onboarding exam and mixed into the work, and counted in the worker's gold record.
import { describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestWorkers } from '@/lib/assignment/test-fixtures';
import type { AssignmentView } from '@/lib/assignment/types';
import { db } from '@/lib/db';
import { createTree } from './engine';
import { addGoldReviews } from './gold';
import { claimTask, createTreeProject } from './test-fixtures';

const knownSpam = { conversation: [{ role: 'user' as const, content: 'BUY CHEAP PILLS NOW at pills.example!!!' }], spam: true };
const knownFine = {
  conversation: [
    { role: 'user' as const, content: 'How long should I boil an egg?' },
    { role: 'assistant' as const, content: 'About 9 to 12 minutes for a hard-boiled egg.' },
  ],
  spam: false,
};

/** The right verdict for a gold question, read from what the worker is shown. */
const isSpamShown = (view: AssignmentView) => JSON.stringify(view.payload).includes('pills.example');

describe('gold review tasks', () => {
  it('are an exam shown like a review: a careful worker passes on to real work, a careless one fails', async () => {
    const { projectId, config } = await createTreeProject({ promptSource: 'team' }, { examGoldCount: 2, examPassCount: 2, goldRatio: 0 });
    await addGoldReviews(projectId, [knownSpam, knownFine]);
    await createTree(projectId, { prompt: { text: 'What makes a good breakfast?' } });
    const [careful, careless] = await createTestWorkers(2);

    for (let i = 0; i < 2; i++) {
      const view = await claimTask(careful, projectId);
      // The phone shows a review task: the message's role, the labels, the review's reward (none in an exam).
      expect(view.exam).not.toBeNull();
      expect(view.tree).toMatchObject({ kind: 'REVIEW', labels: config.reviewLabels });
      const result = await submitJudgment(careful, { assignmentId: view.assignmentId, answer: { spam: isSpamShown(view), labels: { quality: 0.5 }, redFlag: false } });
      expect(result).toMatchObject({ isExam: true, goldCorrect: true });
      if (i === 1) expect(result.exam).toMatchObject({ status: 'PASSED', correct: 2 });
    }
    const work = await claimTask(careful, projectId);
    expect(work).toMatchObject({ exam: null, tree: { kind: 'REPLY' } });

    for (let i = 0; i < 2; i++) {
      const view = await claimTask(careless, projectId);
      // A text is not a review: refused as any review of the wrong shape, nothing stored.
      if (i === 0) await expect(submitJudgment(careless, { assignmentId: view.assignmentId, answer: { text: 'fine' } })).rejects.toThrow(/review is not in the expected shape/);
      const result = await submitJudgment(careless, { assignmentId: view.assignmentId, answer: { spam: false, labels: {}, redFlag: false } });
      if (i === 1) expect(result.exam).toMatchObject({ status: 'FAILED', correct: 1, missed: [{ goldAnswer: { spam: true }, answer: { spam: false } }] });
    }
    expect((await claimNextAssignment(careless, projectId)).kind).toBe('none');
  });

  it('mixed into the work, they build the gold record and pay a review’s reward', async () => {
    const { projectId, config } = await createTreeProject({ promptSource: 'team' }, { goldRatio: 1 });
    await addGoldReviews(projectId, [knownSpam, knownFine, { ...knownSpam, externalId: 'spam-2' }]);
    const [worker] = await createTestWorkers(1);
    const answers: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const view = await claimTask(worker, projectId);
      expect(view).toMatchObject({ exam: null, rewardMsats: config.rewardsMsats.REVIEW, tree: { kind: 'REVIEW' } });
      // Right twice, then wrong.
      const spam = i < 2 ? isSpamShown(view) : !isSpamShown(view);
      const result = await submitJudgment(worker, { assignmentId: view.assignmentId, answer: { spam, labels: {}, redFlag: false } });
      answers.push(result.goldCorrect!);
    }
    expect(answers).toEqual([true, true, false]);
    expect(await db.workerProfile.findUniqueOrThrow({ where: { id: worker }, select: { goldSeen: true, goldCorrect: true } })).toEqual({ goldSeen: 3, goldCorrect: 2 });
    const judgments = await db.judgment.findMany({ where: { workerId: worker }, select: { isGold: true, rewardMsats: true } });
    expect(judgments).toEqual(Array(3).fill({ isGold: true, rewardMsats: config.rewardsMsats.REVIEW }));
  });
});
