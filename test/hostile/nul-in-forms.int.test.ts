// A NUL character (U+0000) typed into a form field or an answer: PostgreSQL cannot store it, so before this check it
// reached a query and became a 500. Every text the forms and server actions save now refuses it with a message
// that names the problem, and nothing is written.
import { describe, expect, it } from 'vitest';
import { createApiKeyInputSchema } from '@/lib/api/schemas';
import { adminProjectStatusSchema } from '@/lib/admin/schemas';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { createTestActor } from '@/lib/exports/test-fixtures';
import { workerDecisionSchema } from '@/lib/fraud/schemas';
import { NUL_FIELD_MESSAGE } from '@/lib/http/nul';
import { appealJudgment, rejectJudgment, resolveAppeal } from '@/lib/judgments/review';
import { createProject, updateProject } from '@/lib/projects/service';

const NUL = 'bad\u0000text';
const rowCounts = async () => Promise.all([db.project.count(), db.judgment.count(), db.auditLog.count()]);

describe('NUL in forms and answers', () => {
  it('project settings: create and update refuse it per field, write nothing', async () => {
    const projectId = await createTestProject({ taskType: 'WRITING', typeConfig: {} });
    const actor = await createTestActor(projectId);
    const before = await rowCounts();
    const create = createProject(actor, { title: NUL, instructions: 'x', taskType: 'CLASSIFICATION', typeConfig: { labels: ['a', 'b'] }, rewardSats: 1, judgmentsPerItem: 1 });
    await expect(create).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['title'], message: NUL_FIELD_MESSAGE })] });
    await expect(updateProject(actor, projectId, { instructions: `# Hi${NUL}` })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['instructions'] })] });
    await expect(updateProject(actor, projectId, { typeConfig: { labels: ['a', NUL] }, taskType: 'CLASSIFICATION' })).rejects.toThrow(/NUL/);
    expect(await rowCounts()).toEqual(before);
  });

  it('a worker answer, a rejection reason, an appeal and an appeal note refuse it with INVALID_INPUT', async () => {
    const projectId = await createTestProject({ taskType: 'WRITING', typeConfig: { mode: 'write' } });
    const [itemId] = await createTestItems(projectId, 1, { payload: () => ({ prompt: 'Say hi' }) });
    const [workerId] = await createTestWorkers(1);
    const claim = await claimNextAssignment(workerId, projectId);
    if (claim.kind !== 'assigned') throw new Error(`no task: ${JSON.stringify(claim)}`);
    const before = await rowCounts();
    await expect(submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: { text: `Hello ${NUL}` } })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/NUL/) });
    expect(await rowCounts()).toEqual(before);

    const { judgmentId } = await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: { text: 'Hello there, how are you today?' } });
    expect(itemId).toBeTruthy();
    await expect(rejectJudgment({ kind: 'AUTO' }, judgmentId, `spam ${NUL}`)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: NUL_FIELD_MESSAGE });
    await rejectJudgment({ kind: 'AUTO' }, judgmentId, 'off topic');
    const { userId } = await db.workerProfile.findUniqueOrThrow({ where: { id: workerId }, select: { userId: true } });
    await expect(appealJudgment({ userId, workerId }, judgmentId, `I answered the prompt ${NUL}`)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await appealJudgment({ userId, workerId }, judgmentId, 'I answered the prompt exactly.');
    const admin = await db.user.create({ data: { roles: ['ADMIN'] }, select: { id: true } });
    await expect(resolveAppeal({ kind: 'ADMIN', userId: admin.id }, judgmentId, 'DENY', `no ${NUL}`)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await db.judgment.findUniqueOrThrow({ where: { id: judgmentId } })).appealStatus).toBe('OPEN');
  });

  it('admin reasons and API key names refuse it in their schemas', () => {
    const projectId = crypto.randomUUID();
    for (const result of [
      adminProjectStatusSchema.safeParse({ projectId, intent: 'pause', reason: NUL }),
      workerDecisionSchema.safeParse({ workerId: projectId, reason: NUL }),
      createApiKeyInputSchema.safeParse({ name: NUL }),
    ]) {
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(NUL_FIELD_MESSAGE);
    }
  });
});
