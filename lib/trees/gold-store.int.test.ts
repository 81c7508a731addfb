// Gold reviews uploaded as a file, on real PostgreSQL: bad lines are reported by number while the good ones are
// added, sending the file again (or twice at once) adds nothing twice, and the uploaded reviews are the onboarding
// exam a new worker then passes or fails.
import { describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import type { AssignmentView } from '@/lib/assignment/types';
import { db } from '@/lib/db';
import { createTree } from './engine';
import { importGoldReviews } from './gold-store';
import { claimTask, createTreeProject } from './test-fixtures';

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

const goldFile = [
  JSON.stringify({ conversation: [{ role: 'user', content: 'WIN A FREE PHONE at prizes.example, click!!!' }], spam: true, externalId: 'gold-spam' }),
  JSON.stringify({ conversation: [{ role: 'user', content: 'What is a prime number?' }, { role: 'assistant', content: 'A whole number above 1 whose only divisors are 1 and itself.' }], spam: false }),
  JSON.stringify({ conversation: [{ role: 'assistant', content: 'I start the conversation.' }], spam: false }),
].join('\n');

const isSpamShown = (view: AssignmentView) => JSON.stringify(view.payload).includes('prizes.example');

describe('gold review upload', () => {
  it('adds the good lines, reports the bad one by number, and adds nothing twice when sent again', async () => {
    const { projectId, config } = await createTreeProject({ promptSource: 'team' });
    const first = await importGoldReviews(projectId, bytes(goldFile));
    expect(first).toEqual({ lines: 3, created: 2, skipped: 0, errorCount: 1, errors: [{ line: 3, reason: expect.stringMatching(/^conversation\.0\.role: expected "user"/) }] });
    const items = await db.item.findMany({ where: { projectId }, orderBy: { externalId: 'asc' }, select: { externalId: true, isGold: true, goldAnswer: true, rewardMsats: true, payload: true } });
    expect(items).toEqual([
      { externalId: 'gold-spam', isGold: true, goldAnswer: { spam: true }, rewardMsats: config.rewardsMsats.REVIEW, payload: expect.objectContaining({ tree: expect.objectContaining({ kind: 'REVIEW', gold: true }) }) },
      // A line without an externalId is known by its conversation.
      { externalId: expect.stringMatching(/^tree-gold:[0-9a-f]{32}$/), isGold: true, goldAnswer: { spam: false }, rewardMsats: config.rewardsMsats.REVIEW, payload: expect.anything() },
    ]);

    const again = await importGoldReviews(projectId, bytes(goldFile));
    expect(again).toMatchObject({ lines: 3, created: 0, skipped: 2, errorCount: 1 });
    // Two uploads of a new file at once still add each review once.
    const more = [
      JSON.stringify({ conversation: [{ role: 'user', content: 'Cheap watches!!! watches.example' }], spam: true }),
      JSON.stringify({ conversation: [{ role: 'user', content: 'How do magnets work?' }], spam: false, externalId: 'gold-fine-2' }),
    ].join('\n');
    const racing = await Promise.all([importGoldReviews(projectId, bytes(more)), importGoldReviews(projectId, bytes(more))]);
    expect(racing.map((result) => result.created).sort()).toEqual([0, 2]);
    expect(await db.item.count({ where: { projectId, isGold: true } })).toBe(4);
  });

  it('refuses a plain project and a closed tree project', async () => {
    const { projectId } = await createTreeProject({}, { status: 'DONE' });
    await expect(importGoldReviews(projectId, bytes(goldFile))).rejects.toThrow(/closed/);
    const plainId = await createTestProject();
    await expect(importGoldReviews(plainId, bytes(goldFile))).rejects.toThrow(/not a conversation-tree project/);
    expect(await db.item.count({ where: { projectId: { in: [projectId, plainId] } } })).toBe(0);
  });

  it('serves the uploaded reviews as the exam: a careful new worker passes on to work, a careless one fails', async () => {
    const { projectId } = await createTreeProject({ promptSource: 'team' }, { examGoldCount: 2, examPassCount: 2, goldRatio: 0 });
    await importGoldReviews(projectId, bytes(goldFile));
    await createTree(projectId, { prompt: { text: 'What makes a good breakfast?' } });
    const [careful, careless] = await createTestWorkers(2);

    for (let i = 0; i < 2; i++) {
      const view = await claimTask(careful, projectId);
      expect(view.exam).not.toBeNull();
      expect(view.tree).toMatchObject({ kind: 'REVIEW' });
      const result = await submitJudgment(careful, { assignmentId: view.assignmentId, answer: { spam: isSpamShown(view), labels: {}, redFlag: false } });
      expect(result).toMatchObject({ isExam: true, goldCorrect: true });
      if (i === 1) expect(result.exam).toMatchObject({ status: 'PASSED', correct: 2 });
    }
    expect(await claimTask(careful, projectId)).toMatchObject({ exam: null, tree: { kind: 'REPLY' } });

    for (let i = 0; i < 2; i++) {
      const view = await claimTask(careless, projectId);
      const result = await submitJudgment(careless, { assignmentId: view.assignmentId, answer: { spam: false, labels: {}, redFlag: false } });
      if (i === 1) expect(result.exam).toMatchObject({ status: 'FAILED', correct: 1, missed: [{ goldAnswer: { spam: true }, answer: { spam: false } }] });
    }
    expect(await claimNextAssignment(careless, projectId)).toMatchObject({ kind: 'none', reason: 'EXAM_FAILED' });
  });
});
