import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';

import { createTestItems } from '@/lib/assignment/test-fixtures';
import { createProject, getProject, listProjects, setProjectStatus, updateProject } from './service';
import { classificationProject, createTeamActor } from './test-fixtures';

const createActor = createTeamActor;
const classification = classificationProject;

describe('project service', () => {
  it('creates a draft with defaults, stores msats and a parsed config, and audits it', async () => {
    const actor = await createActor();
    const project = await createProject(actor, { ...classification, budgetAlertSats: 1000, autoApproveAfterHours: 48 });
    expect(project).toMatchObject({
      status: 'DRAFT',
      rewardSats: 5,
      judgmentsPerItem: 3,
      maxJudgmentsPerItem: null,
      typeConfig: { labels: ['positive', 'negative'], allowUnsure: false, allowFlag: false },
      autoApproveAfterHours: 48,
      budgetAlertSats: 1000,
      items: { total: 0, done: 0, open: 0, gold: 0 },
      escrowSats: 0,
    });
    const row = await db.project.findUniqueOrThrow({ where: { id: project.id } });
    expect(row.rewardMsats).toBe(5000n);
    expect(row.budgetAlertMsats).toBe(1_000_000n);
    expect(row.autoApproveAfterSeconds).toBe(48 * 3600);
    expect(row.createdById).toBe(actor.userId);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: project.id, action: 'project.create' } });
    expect(audit.actorUserId).toBe(actor.userId);
    expect(audit.after).toMatchObject({ title: 'Review sentiment', rewardSats: 5 });
  });

  it('refuses invalid settings with field paths', async () => {
    const actor = await createActor();
    await expect(createProject(actor, { ...classification, typeConfig: { labels: ['only-one'] } })).rejects.toMatchObject({
      name: 'ZodError',
      issues: expect.arrayContaining([expect.objectContaining({ path: ['typeConfig', 'labels'] })]),
    });
    await expect(createProject(actor, { ...classification, rewardSats: 0 })).rejects.toMatchObject({ name: 'ZodError' });
    await expect(createProject(actor, { ...classification, judgmentsPerItem: 3, maxJudgmentsPerItem: 2 })).rejects.toMatchObject({ name: 'ZodError' });
    expect(await db.project.count({ where: { teamId: actor.teamId } })).toBe(0);
  });

  it('updates only what changed and records before/after', async () => {
    const actor = await createActor();
    const project = await createProject(actor, classification);
    const updated = await updateProject(actor, project.id, { ...classification, title: 'Sentiment v2', rewardSats: 7 });
    expect(updated).toMatchObject({ title: 'Sentiment v2', rewardSats: 7 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: project.id, action: 'project.update' } });
    expect(audit.before).toEqual({ title: 'Review sentiment', rewardSats: 5 });
    expect(audit.after).toEqual({ title: 'Sentiment v2', rewardSats: 7 });
    // A task type change without a config starts from the new type's defaults (no items yet, so allowed).
    const rated = await updateProject(actor, project.id, { taskType: 'RATING' });
    expect(rated.taskType).toBe('RATING');
    expect(rated.typeConfig).toEqual({ scale: 5, criteria: ['overall'] });
  });

  it('keeps the task type once items exist and the options once workers answered', async () => {
    const actor = await createActor();
    const project = await createProject(actor, { ...classification, taskType: 'PAIRWISE', typeConfig: {} });
    await createTestItems(project.id, 2);
    await expect(updateProject(actor, project.id, { taskType: 'RATING' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // Options may still change while nobody has answered; re-sending the same options is never a change.
    await updateProject(actor, project.id, { typeConfig: { allowTie: false } });
    await updateProject(actor, project.id, { typeConfig: { allowTie: false }, title: 'Same options' });

    const item = await db.item.findFirstOrThrow({ where: { projectId: project.id } });
    const worker = await db.workerProfile.create({ data: { user: { create: { roles: ['WORKER'] } }, linkingKey: `02${randomUUID()}`, displayName: 'W' } });
    const assignment = await db.assignment.create({ data: { itemId: item.id, projectId: project.id, workerId: worker.id, status: 'SUBMITTED', leaseExpiresAt: new Date() } });
    await db.judgment.create({ data: { assignmentId: assignment.id, itemId: item.id, projectId: project.id, workerId: worker.id, answer: { choice: 'A' }, durationMs: 5000, rewardMsats: 5000n } });
    await expect(updateProject(actor, project.id, { typeConfig: { allowTie: true } })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(updateProject(actor, project.id, { typeConfig: { allowTie: false }, title: 'Still fine' })).resolves.toMatchObject({ title: 'Still fine' });
  });

  it('hides projects of other teams', async () => {
    const owner = await createActor();
    const stranger = await createActor();
    const project = await createProject(owner, classification);
    await expect(getProject(stranger, project.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateProject(stranger, project.id, { title: 'Mine now' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setProjectStatus(stranger, project.id, 'PAUSED')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getProject(owner, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listProjects(stranger, { limit: 10 })).data).toEqual([]);
    expect((await getProject(owner, project.id)).title).toBe('Review sentiment');
  });

  it('publishes only with items, pauses and resumes, and never leaves DONE', async () => {
    const actor = await createActor();
    const project = await createProject(actor, { ...classification, taskType: 'PAIRWISE', typeConfig: {} });
    await expect(setProjectStatus(actor, project.id, 'ACTIVE')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(setProjectStatus(actor, project.id, 'PAUSED')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await createTestItems(project.id, 1);
    expect((await setProjectStatus(actor, project.id, 'ACTIVE')).status).toBe('ACTIVE');
    expect((await setProjectStatus(actor, project.id, 'PAUSED')).status).toBe('PAUSED');
    expect((await setProjectStatus(actor, project.id, 'ACTIVE')).status).toBe('ACTIVE');
    const actions = await db.auditLog.findMany({ where: { targetId: project.id, action: { startsWith: 'project.' } }, orderBy: { createdAt: 'asc' }, select: { action: true, before: true, after: true } });
    expect(actions.map((a) => a.action)).toEqual(['project.create', 'project.publish', 'project.pause', 'project.resume']);
    expect(actions[1]).toMatchObject({ before: { status: 'DRAFT' }, after: { status: 'ACTIVE' } });

    await db.project.update({ where: { id: project.id }, data: { status: 'DONE' } });
    await expect(setProjectStatus(actor, project.id, 'ACTIVE')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(updateProject(actor, project.id, { title: 'Reopen?' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('lists newest first with a cursor', async () => {
    const actor = await createActor();
    for (const title of ['one', 'two', 'three']) await createProject(actor, { ...classification, title });
    const first = await listProjects(actor, { limit: 2 });
    expect(first.data.map((p) => p.title)).toEqual(['three', 'two']);
    const second = await listProjects(actor, { limit: 2, cursor: first.nextCursor });
    expect(second.data.map((p) => p.title)).toEqual(['one']);
    expect(second.nextCursor).toBeNull();
  });
});
