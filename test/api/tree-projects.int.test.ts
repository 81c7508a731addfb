// The team API creates and edits conversation-tree projects: treeConfig on POST/PATCH /projects (rewards per kind
// in whole sats, stored in msats), 422s with field paths, the PATCH rules once trees exist, the DTO's tree counts,
// publishing starting the trees grown from workers' prompts once, and gold reviews with an onboarding exam. Every answer is checked against the OpenAPI
// document by callApi.
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { callApi, createTeamWithKey } = await import('./helpers');
const { createProjectRoute, getProjectRoute, listProjectsRoute, publishProjectRoute, updateProjectRoute } = await import('@/lib/api/v1/projects');
const { createTreeRoute } = await import('@/lib/api/v1/trees');
const { uploadGoldReviewsRoute } = await import('@/lib/api/v1/tree-uploads');
const { claimNextAssignment } = await import('@/lib/assignment/claim');
const { createTestWorkers } = await import('@/lib/assignment/test-fixtures');
const { stopBoss } = await import('@/lib/jobs/boss');

afterAll(async () => {
  await stopBoss();
});

const treeProject = (treeConfig: Record<string, unknown> = {}) => ({
  title: 'Grow conversations',
  instructions: 'Write in your own words.',
  taskType: 'WRITING',
  treeConfig: { repliesPerMessage: 2, maxDepth: 2, goalTreeSize: 5, reviewsPerMessage: 1, rankingsPerGroup: 1, treesToStart: 3, rewardsSats: { REPLY: 12, REVIEW: 2 }, ...treeConfig },
});

const errorsOf = (json: { errors?: { path: string; message: string }[] }) => Object.fromEntries((json.errors ?? []).map((e) => [e.path.replace(/^body\./, ''), e.message]));

describe('team API: conversation-tree projects', () => {
  it('creates a tree project: WRITING + treeConfig, rewards per kind in sats, the project reward the largest', async () => {
    const { key } = await createTeamWithKey();
    const created = await callApi(createProjectRoute, { key, json: treeProject(), headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      taskType: 'WRITING',
      rewardSats: 12,
      judgmentsPerItem: 1,
      goldRatio: 0,
      typeConfig: { mode: 'write', minLength: 1, maxLength: 4000 },
      treeConfig: { repliesPerMessage: 2, maxDepth: 2, goalTreeSize: 5, treesToStart: 3, promptSource: 'workers', rewardsSats: { WRITE_PROMPT: 5, REPLY: 12, REVIEW: 2, RANK: 2 } },
      trees: { GROWING: 0, RANKING: 0, READY: 0, ABORTED: 0, HALTED: 0 },
    });
    const stored = await db.project.findUniqueOrThrow({ where: { id: created.json.id }, select: { rewardMsats: true, treeConfig: true } });
    expect(stored.rewardMsats).toBe(12_000n);
    expect(stored.treeConfig).toMatchObject({ rewardsMsats: { WRITE_PROMPT: '5000', REPLY: '12000', REVIEW: '2000', RANK: '2000' } });

    const plain = await callApi(createProjectRoute, { key, json: { title: 'Plain', instructions: '', taskType: 'RATING', typeConfig: {}, rewardSats: 3, judgmentsPerItem: 2 }, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(plain.json).toMatchObject({ treeConfig: null, trees: null });
    const listed = await callApi(listProjectsRoute, { key });
    expect(listed.json.data.map((p: { treeConfig: unknown }) => p.treeConfig === null)).toEqual([true, false]);
  });

  it('refuses bad tree settings and fields a tree derives, each at its path', async () => {
    const { key, teamId } = await createTeamWithKey();
    const bad = await callApi(createProjectRoute, {
      key,
      json: treeProject({ maxDepth: 0, rewardsSats: { REPLY: 1.5 }, colour: 'red' }),
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(bad.status).toBe(422);
    const errors = errorsOf(bad.json);
    expect(Object.keys(errors).sort()).toEqual(['treeConfig', 'treeConfig.maxDepth', 'treeConfig.rewardsSats.REPLY']);
    expect(errors['treeConfig.maxDepth']).toMatch(/at least 1/);
    expect(errors.treeConfig).toMatch(/colour/);

    const derived = await callApi(createProjectRoute, { key, json: { ...treeProject(), rewardSats: 5, goldRatio: 0.1, typeConfig: {} }, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(derived.status).toBe(422);
    const derivedErrors = errorsOf(derived.json);
    // Gold and the exam are a tree project's own settings (its gold reviews): only the derived fields are refused.
    expect(Object.keys(derivedErrors).sort()).toEqual(['rewardSats', 'typeConfig']);
    expect(derivedErrors.rewardSats).toMatch(/pays per task kind: set treeConfig.rewardsSats/);

    // Cross-setting rules come once the fields themselves are fine.
    const crossed = await callApi(createProjectRoute, { key, json: treeProject({ reviewLabels: ['quality', 'spam'], minTextLength: 50, maxTextLength: 10 }), headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(crossed.status).toBe(422);
    expect(Object.keys(errorsOf(crossed.json)).sort()).toEqual(['treeConfig.minTextLength', 'treeConfig.reviewLabels']);

    const plainWithoutReward = await callApi(createProjectRoute, { key, json: { title: 'Plain', instructions: '', taskType: 'RATING', typeConfig: {} }, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(Object.keys(errorsOf(plainWithoutReward.json)).sort()).toEqual(['judgmentsPerItem', 'rewardSats']);
    expect(await db.project.count({ where: { teamId } })).toBe(0);
  });

  it('publishing starts the workers’ trees once; PATCH edits what is safe and refuses shape changes once trees exist', async () => {
    const { key } = await createTeamWithKey();
    const { json: project } = await callApi(createProjectRoute, { key, json: treeProject(), headers: { 'idempotency-key': crypto.randomUUID() } });
    const params = { projectId: project.id };

    // Before any tree exists every setting can change, and a reward change moves the project's reward.
    const reshaped = await callApi(updateProjectRoute, { key, params, json: { treeConfig: { repliesPerMessage: 3, rewardsSats: { REPLY: 20 } } } });
    expect(reshaped.status).toBe(200);
    expect(reshaped.json).toMatchObject({ rewardSats: 20, treeConfig: { repliesPerMessage: 3, maxDepth: 2, rewardsSats: { REPLY: 20, REVIEW: 2 } } });

    // Two publishes at once (a double click, two servers): the project's row lock lets one start the trees.
    const [published, racing] = await Promise.all([0, 1].map(() => callApi(publishProjectRoute, { key, params, headers: { 'idempotency-key': crypto.randomUUID() } })));
    expect([published.status, racing.status]).toEqual([200, 200]);
    expect(published.json).toMatchObject({ status: 'ACTIVE', trees: { GROWING: 3 }, items: { open: 3 } });
    const prompts = await db.item.findMany({ where: { projectId: project.id }, select: { treeTaskKind: true, rewardMsats: true } });
    expect(prompts).toEqual(Array(3).fill({ treeTaskKind: 'WRITE_PROMPT', rewardMsats: 5000n }));
    // A second publish is a no-op: no tree twice.
    await callApi(publishProjectRoute, { key, params, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(await db.conversationTree.count({ where: { projectId: project.id } })).toBe(3);

    const shape = await callApi(updateProjectRoute, { key, params, json: { treeConfig: { maxDepth: 4, reviewsPerMessage: 2, promptSource: 'team' } } });
    expect(shape.status).toBe(422);
    expect(Object.keys(errorsOf(shape.json)).sort()).toEqual(['treeConfig.maxDepth', 'treeConfig.promptSource', 'treeConfig.reviewsPerMessage']);
    expect(errorsOf(shape.json)['treeConfig.maxDepth']).toMatch(/cannot change once trees exist \(this project has 3\)/);
    const fewer = await callApi(updateProjectRoute, { key, params, json: { treeConfig: { treesToStart: 2 } } });
    expect(errorsOf(fewer.json)['treeConfig.treesToStart']).toMatch(/less than the 3 trees already started/);
    const derived = await callApi(updateProjectRoute, { key, params, json: { judgmentsPerItem: 3 } });
    expect(errorsOf(derived.json).judgmentsPerItem).toMatch(/leave judgmentsPerItem out/);

    // Safe changes: rewards (the open prompt tasks keep theirs, so the project reward stays at least theirs),
    // labels, goal size, limits, and more trees, started at once on a live project.
    const safe = await callApi(updateProjectRoute, {
      key, params,
      json: { title: 'Grow more', treeConfig: { rewardsSats: { REPLY: 3, WRITE_PROMPT: 4 }, reviewLabels: ['quality'], goalTreeSize: 9, haltAfterSkips: 5, redFlagsToDelete: 2, treesToStart: 5 } },
    });
    expect(safe.status).toBe(200);
    expect(safe.json).toMatchObject({ title: 'Grow more', rewardSats: 5, trees: { GROWING: 5 }, treeConfig: { reviewLabels: ['quality'], goalTreeSize: 9, haltAfterSkips: 5, redFlagsToDelete: 2, treesToStart: 5, rewardsSats: { REPLY: 3, WRITE_PROMPT: 4 } } });
    const newPrompt = await db.item.findFirstOrThrow({ where: { projectId: project.id }, orderBy: { createdAt: 'desc' }, select: { rewardMsats: true } });
    expect(newPrompt.rewardMsats).toBe(4000n);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: project.id, action: 'project.update' }, orderBy: { createdAt: 'desc' } });
    expect(audit.after).toMatchObject({ title: 'Grow more', treeConfig: { goalTreeSize: 9 } });

    // A tree project stays one once it has tasks.
    const back = await callApi(updateProjectRoute, { key, params, json: { treeConfig: null, rewardSats: 5, judgmentsPerItem: 1 } });
    expect(back.status).toBe(409);
    const got = await callApi(getProjectRoute, { key, params });
    expect(got.json.trees).toEqual({ GROWING: 5, RANKING: 0, READY: 0, ABORTED: 0, HALTED: 0 });
  });

  it('a team-prompt project publishes only once it has a tree; a plain draft can become a tree project and back', async () => {
    const { key } = await createTeamWithKey();
    const { json: project } = await callApi(createProjectRoute, { key, json: treeProject({ promptSource: 'team', treesToStart: 0 }), headers: { 'idempotency-key': crypto.randomUUID() } });
    const params = { projectId: project.id };
    const empty = await callApi(publishProjectRoute, { key, params, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(empty.status).toBe(409);
    expect(empty.json.detail).toMatch(/how many trees to start, or add seed prompts/);
    await callApi(createTreeRoute, { key, params, json: { prompt: { text: 'How do tides work?' } } });
    expect((await callApi(publishProjectRoute, { key, params, headers: { 'idempotency-key': crypto.randomUUID() } })).json).toMatchObject({ status: 'ACTIVE', trees: { GROWING: 1 } });
    expect(await db.conversationTree.count({ where: { projectId: project.id } })).toBe(1);

    const { json: plain } = await callApi(createProjectRoute, { key, json: { title: 'Plain', instructions: '', taskType: 'RATING', typeConfig: {}, rewardSats: 3, judgmentsPerItem: 2, goldRatio: 0.1 }, headers: { 'idempotency-key': crypto.randomUUID() } });
    const toTree = await callApi(updateProjectRoute, { key, params: { projectId: plain.id }, json: { taskType: 'WRITING', goldRatio: 0, treeConfig: { treesToStart: 1 } } });
    expect(toTree.status).toBe(200);
    expect(toTree.json).toMatchObject({ taskType: 'WRITING', judgmentsPerItem: 1, rewardSats: 5, treeConfig: { treesToStart: 1 }, trees: { GROWING: 0 } });
    const toPlain = await callApi(updateProjectRoute, { key, params: { projectId: plain.id }, json: { treeConfig: null, taskType: 'RATING', typeConfig: {}, rewardSats: 4 } });
    expect(toPlain.status).toBe(200);
    expect(toPlain.json).toMatchObject({ taskType: 'RATING', rewardSats: 4, treeConfig: null, trees: null });
  });

  it('takes gold and exam settings like any project, and gold reviews uploaded as a file become the exam', async () => {
    const { key } = await createTeamWithKey();
    const tooMany = await callApi(createProjectRoute, { key, json: { ...treeProject(), examGoldCount: 2, examPassCount: 3 }, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(tooMany.status).toBe(422);
    expect(errorsOf(tooMany.json).examPassCount).toMatch(/more than the exam questions/);
    const tooRich = await callApi(createProjectRoute, { key, json: { ...treeProject(), goldRatio: 0.6 }, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(Object.keys(errorsOf(tooRich.json))).toEqual(['goldRatio']);

    const created = await callApi(createProjectRoute, {
      key,
      json: { ...treeProject({ promptSource: 'team', treesToStart: 0 }), goldRatio: 0.1, examGoldCount: 2, examPassCount: 2, qualityRules: { goldWindow: 20, minGoldAccuracy: 0.8 } },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ goldRatio: 0.1, examGoldCount: 2, examPassCount: 2, qualityRules: { goldWindow: 20, minGoldAccuracy: 0.8, straightLining: { window: 500, maxSameShare: 1 } }, items: { gold: 0 } });
    const params = { projectId: created.json.id };
    // PATCH checks the exam against the stored settings, and tree setting changes keep the gold settings.
    const fewer = await callApi(updateProjectRoute, { key, params, json: { examGoldCount: 1 } });
    expect(errorsOf(fewer.json).examPassCount).toMatch(/more than the exam questions/);
    const retuned = await callApi(updateProjectRoute, { key, params, json: { goldRatio: 0.2, treeConfig: { rewardsSats: { REVIEW: 3 } } } });
    expect(retuned.status).toBe(200);
    expect(retuned.json).toMatchObject({ goldRatio: 0.2, examGoldCount: 2, examPassCount: 2, treeConfig: { rewardsSats: { REVIEW: 3 } } });

    const file = [
      JSON.stringify({ conversation: [{ role: 'user', content: 'FREE MONEY, send your card number' }], spam: true, externalId: 'g-spam' }),
      JSON.stringify({ conversation: [{ role: 'user', content: 'Name a planet.' }, { role: 'assistant', content: 'Mars.' }], spam: false }),
      JSON.stringify({ conversation: [{ role: 'user', content: 'Is this ok?' }], spam: 'maybe' }),
    ].join('\n');
    const headers = { 'content-type': 'application/x-ndjson' };
    const uploaded = await callApi(uploadGoldReviewsRoute, { key, params, body: file, headers });
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toEqual({ lines: 3, created: 2, skipped: 0, errorCount: 1, errors: [{ line: 3, reason: 'spam: give the known verdict as true or false' }] });
    expect((await callApi(uploadGoldReviewsRoute, { key, params, body: file, headers })).json).toMatchObject({ created: 0, skipped: 2 });
    expect((await callApi(uploadGoldReviewsRoute, { key, params, body: file, headers: { 'content-type': 'text/csv' } })).status).toBe(415);
    const other = await createTeamWithKey();
    expect((await callApi(uploadGoldReviewsRoute, { key: other.key, params, body: file, headers })).status).toBe(404);
    expect((await callApi(getProjectRoute, { key, params })).json.items).toMatchObject({ gold: 2 });

    // Gold reviews alone don't publish a project (no work to do); with a tree it goes live and a new worker starts with the exam.
    expect((await callApi(publishProjectRoute, { key, params, headers: { 'idempotency-key': crypto.randomUUID() } })).status).toBe(409);
    await callApi(createTreeRoute, { key, params, json: { prompt: { text: 'How do tides work?' } } });
    expect((await callApi(publishProjectRoute, { key, params, headers: { 'idempotency-key': crypto.randomUUID() } })).json).toMatchObject({ status: 'ACTIVE' });
    const [worker] = await createTestWorkers(1);
    expect(await claimNextAssignment(worker, created.json.id)).toMatchObject({ kind: 'assigned', assignment: { exam: { total: 2 }, tree: { kind: 'REVIEW' } } });
  });
});
