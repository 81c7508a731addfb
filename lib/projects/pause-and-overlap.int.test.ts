// Issue 17 (ML team): a blank overlap cap follows judgments per item; a team cannot lift an admin's pause.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';

// lib/admin/projects checks the admin session through next/navigation; the service under test does not.
vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));
const { setProjectStatusAsAdmin } = await import('@/lib/admin/projects');
import { createTestItems } from '@/lib/assignment/test-fixtures';
import { ADMIN_PAUSE_RESUME_MESSAGE } from './admin-pause';
import { createProject, getProject, setProjectStatus, updateProject } from './service';
import { classificationProject, createTeamActor } from './test-fixtures';

const createActor = createTeamActor;
const classification = { ...classificationProject, judgmentsPerItem: 1 };

describe('overlap cap left blank', () => {
  it('is stored as null and follows judgments per item when that is raised later', async () => {
    const actor = await createActor();
    const project = await createProject(actor, { ...classification, maxJudgmentsPerItem: null });
    expect(project.maxJudgmentsPerItem).toBeNull();
    // The bug: blank was saved as 1, so raising judgments to 3 failed with "Must be at least the judgments per item."
    const raised = await updateProject(actor, project.id, { judgmentsPerItem: 3 });
    expect(raised).toMatchObject({ judgmentsPerItem: 3, maxJudgmentsPerItem: null });
    // The whole form sends the blank cap again: still fine.
    const resent = await updateProject(actor, project.id, { ...classification, judgmentsPerItem: 4, maxJudgmentsPerItem: null });
    expect(resent).toMatchObject({ judgmentsPerItem: 4, maxJudgmentsPerItem: null });
  });

  it('keeps an explicit cap and can clear it back to blank', async () => {
    const actor = await createActor();
    const project = await createProject(actor, { ...classification, judgmentsPerItem: 2, maxJudgmentsPerItem: 5 });
    expect(project.maxJudgmentsPerItem).toBe(5);
    await expect(updateProject(actor, project.id, { judgmentsPerItem: 6 })).rejects.toMatchObject({ name: 'ZodError' });
    expect((await updateProject(actor, project.id, { maxJudgmentsPerItem: null })).maxJudgmentsPerItem).toBeNull();
  });
});

describe('admin pause', () => {
  it('shows the reason to the team and refuses the team resume with a clear message', async () => {
    const actor = await createActor();
    const admin = await db.user.create({ data: { email: `${randomUUID()}@admin.example`, roles: ['ADMIN'] } });
    const project = await createProject(actor, classification);
    await createTestItems(project.id, 1);
    await setProjectStatus(actor, project.id, 'ACTIVE');
    await setProjectStatusAsAdmin({ userId: admin.id }, project.id, 'PAUSED', 'Instructions ask workers for personal data.');

    const seen = await getProject(actor, project.id);
    expect(seen).toMatchObject({ status: 'PAUSED', statusReason: 'Instructions ask workers for personal data.' });
    await expect(setProjectStatus(actor, project.id, 'ACTIVE')).rejects.toMatchObject({ code: 'FORBIDDEN', message: ADMIN_PAUSE_RESUME_MESSAGE });
    // Pausing again is a no-op, not a way to clear the admin's reason.
    expect((await setProjectStatus(actor, project.id, 'PAUSED')).statusReason).toBe('Instructions ask workers for personal data.');

    await setProjectStatusAsAdmin({ userId: admin.id }, project.id, 'ACTIVE', 'Instructions fixed.');
    expect((await setProjectStatus(actor, project.id, 'PAUSED')).statusReason).toBeNull();
    expect((await setProjectStatus(actor, project.id, 'ACTIVE')).status).toBe('ACTIVE');
  });
});
