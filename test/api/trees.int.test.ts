// The team API for conversation trees: start a tree, list trees with their state and why, import oasst seeds,
// export the trees in oasst's shape; another team's project answers 404.
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { callApi, createTeamWithKey } = await import('./helpers');
const { addModelRepliesRoute, createTreeRoute, exportOasstRoute, importOasstRoute, listTreesRoute } = await import('@/lib/api/v1/trees');
const { createTreeProject } = await import('@/lib/trees/test-fixtures');
const { uploadModelRepliesRoute, uploadSeedPromptsRoute } = await import('@/lib/api/v1/tree-uploads');
const { getTreeRoute } = await import('@/lib/api/v1/tree-detail');
const { stopBoss } = await import('@/lib/jobs/boss');
const exportsApi = await import('@/lib/api/v1/exports');
const { runExport } = await import('@/lib/exports/run');
const { readFileSync } = await import('node:fs');

afterAll(async () => {
  await stopBoss();
});

describe('team API: conversation trees', () => {
  it('starts, lists, imports and exports trees of the team’s tree project only', async () => {
    const { key, teamId } = await createTeamWithKey();
    const { projectId } = await createTreeProject({}, { teamId });
    const params = { projectId };

    const created = await callApi(createTreeRoute, { key, params, json: { prompt: { text: 'How do volcanoes form?' }, externalId: 'team-seed-1' } });
    expect(created.status).toBe(201);
    const listed = await callApi(listTreesRoute, { key, params });
    expect(listed.status).toBe(200);
    expect(listed.json.data).toEqual([
      expect.objectContaining({ id: created.json.treeId, externalId: 'team-seed-1', state: 'GROWING', origin: 'TEAM', liveMessages: 1, openTasks: 1, maxDepth: 0 }),
    ]);

    const promptId = (await db.treeMessage.findFirstOrThrow({ where: { treeId: created.json.treeId, parentId: null } })).id;
    const added = await callApi(addModelRepliesRoute, { key, params: { projectId, treeId: created.json.treeId }, json: { parentId: promptId, replies: [{ text: 'Magma rises…', modelName: 'gpt-x' }] } });
    expect(added.status).toBe(201);
    expect(added.json.messageIds).toHaveLength(1);

    const seed = { message_tree_id: 'oasst-seed', tree_state: 'growing', prompt: { message_id: 'm-1', text: 'Why is the sky blue?', role: 'prompter', lang: 'en', review_count: 0, review_result: true, deleted: false, synthetic: false, replies: [] } };
    const imported = await callApi(importOasstRoute, { key, params, body: `${JSON.stringify(seed)}\n{broken\n`, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(201);
    expect(imported.json).toEqual({ imported: 1, skipped: 0, errors: [{ line: 2, reason: 'not valid JSON' }] });

    const exported = await callApi(exportOasstRoute, { key, params });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await exported.response.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((tree) => tree.message_tree_id).sort()).toEqual(['oasst-seed', 'team-seed-1']);
    expect(lines.find((tree) => tree.message_tree_id === 'oasst-seed')).toEqual({ ...seed });

    const other = await createTeamWithKey();
    expect((await callApi(listTreesRoute, { key: other.key, params })).status).toBe(404);
    expect((await callApi(createTreeRoute, { key: other.key, params, json: {} })).status).toBe(404);
    const foreign = await callApi(addModelRepliesRoute, { key: other.key, params: { projectId, treeId: created.json.treeId }, json: { parentId: promptId, replies: [{ text: 'x', modelName: 'y' }] } });
    expect(foreign.status).toBe(404);
    expect(await db.conversationTree.count({ where: { projectId } })).toBe(2);
  });

  it('seeds trees from JSONL and CSV files, adds model replies from a file, and reads one tree with its messages', async () => {
    const { key, teamId } = await createTeamWithKey();
    const { projectId } = await createTreeProject({ promptSource: 'team' }, { teamId });
    const params = { projectId };
    const jsonl = '{"prompt": "How do bees make honey?", "externalId": "bees"}\n{"prompt": 42}\n';
    const seeded = await callApi(uploadSeedPromptsRoute, { key, params, body: jsonl, headers: { 'content-type': 'application/x-ndjson' } });
    expect(seeded.status).toBe(201);
    expect(seeded.json).toEqual({ lines: 2, created: 1, skipped: 0, errorCount: 1, errors: [{ line: 2, reason: 'prompt: give the prompt as text' }] });
    const csv = await callApi(uploadSeedPromptsRoute, { key, params, body: 'prompt\tlang\nHOW do bees make honey\ten\nWhat is a comet?\ten\n', headers: { 'content-type': 'text/tab-separated-values' } });
    expect(csv.json).toEqual({ lines: 2, created: 1, skipped: 1, errorCount: 0, errors: [] });
    const wrongType = await callApi(uploadSeedPromptsRoute, { key, params, body: 'prompt\nHi\n', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);

    const bees = await db.conversationTree.findFirstOrThrow({ where: { projectId, externalId: 'bees' }, select: { id: true } });
    const replies = `${JSON.stringify({ treeExternalId: 'bees', parentMessageId: 'prompt', modelName: 'chip-20b', text: 'Bees turn nectar into honey.' })}\n{"treeExternalId": "bees"}\n`;
    const added = await callApi(uploadModelRepliesRoute, { key, params, body: replies, headers: { 'content-type': 'application/x-ndjson' } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ lines: 2, added: 1, skipped: 0, errorCount: 1, errors: [{ line: 2 }] });

    const growing = await callApi(listTreesRoute, { key, params, query: { state: 'GROWING', limit: '1', offset: '1' } });
    expect(growing.json.data).toHaveLength(1);
    expect((await callApi(listTreesRoute, { key, params, query: { state: 'READY' } })).json.data).toEqual([]);

    const read = await callApi(getTreeRoute, { key, params: { projectId, treeId: bees.id } });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: bees.id, externalId: 'bees', state: 'GROWING', origin: 'TEAM', openTasks: [] });
    expect(read.json.messages).toEqual([
      expect.objectContaining({ role: 'PROMPTER', depth: 0, parentId: null, text: 'How do bees make honey?', author: { kind: 'TEAM' }, deleted: false, openTasks: [expect.objectContaining({ kind: 'REPLY', openSlots: 3 })] }),
      expect.objectContaining({ role: 'ASSISTANT', depth: 1, text: 'Bees turn nectar into honey.', author: { kind: 'MODEL', modelName: 'chip-20b' }, reviewState: 'ACCEPTED', rank: null }),
    ]);

    const other = await createTeamWithKey();
    expect((await callApi(getTreeRoute, { key: other.key, params: { projectId, treeId: bees.id } })).status).toBe(404);
    expect((await callApi(uploadSeedPromptsRoute, { key: other.key, params, body: jsonl, headers: { 'content-type': 'application/x-ndjson' } })).status).toBe(404);
    expect((await callApi(uploadModelRepliesRoute, { key: other.key, params, body: replies, headers: { 'content-type': 'application/x-ndjson' } })).status).toBe(404);
    expect(await db.conversationTree.count({ where: { projectId } })).toBe(2);
  });

  it('exports a tree project as oasst trees, best-path SFT and ranked pairs, split by tree, through the exports routes', async () => {
    const { key, teamId } = await createTeamWithKey();
    const { projectId } = await createTreeProject({}, { teamId });
    // Five of OpenAssistant's sample trees (prisma/demo-data/oasst/SOURCE.txt), all ready_for_export.
    const sample = readFileSync(new URL('../../prisma/demo-data/oasst/oasst_en_100_tree.jsonl', import.meta.url), 'utf8').split('\n').slice(0, 5).join('\n');
    const imported = await callApi(importOasstRoute, { key, params: { projectId }, body: sample, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.json).toMatchObject({ imported: 5, errors: [] });

    const refused = await callApi(exportsApi.createExportRoute, { key, params: { projectId }, json: { format: 'OPENAI_SFT' } });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toMatch(/does not fit a "Conversation tree" project/);

    const rows: Record<string, number> = {};
    for (const format of ['OASST_TREES', 'TREE_SFT', 'TREE_DPO'] as const) {
      const created = await callApi(exportsApi.createExportRoute, { key, params: { projectId }, json: { format, filters: { split: { validationRatio: 0.4, seed: 'api' } }, licence: 'Apache-2.0' } });
      expect(created.status).toBe(202);
      await runExport(created.json.id);
      const ready = await callApi(exportsApi.getExportRoute, { key, params: { exportId: created.json.id } });
      expect(ready.json).toMatchObject({ format, status: 'READY', parts: ['all', 'train', 'validation'] });
      const parts: Record<string, string[]> = {};
      for (const part of ['all', 'train', 'validation']) {
        const file = await callApi(exportsApi.downloadExportRoute, { key, params: { exportId: created.json.id }, query: { part } });
        expect(file.status).toBe(200);
        expect(file.headers.get('content-disposition')).toContain(`-${format.toLowerCase().replaceAll('_', '-')}-${part}.jsonl`);
        parts[part] = (await file.response.text()).split('\n').filter(Boolean);
      }
      expect([...parts.train, ...parts.validation]).toEqual(parts.all);
      rows[format] = parts.all.length;
      const card = await callApi(exportsApi.getExportCardRoute, { key, params: { exportId: created.json.id } });
      expect(await card.response.text()).toContain('license: "apache-2.0"');
    }
    expect(rows.OASST_TREES).toBe(5);
    expect(rows.TREE_SFT).toBeGreaterThan(0);
    expect(rows.TREE_DPO).toBeGreaterThan(rows.TREE_SFT);
  });
});
