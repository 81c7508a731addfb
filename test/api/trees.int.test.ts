// The team API for conversation trees: start a tree, list trees with their state and why, import oasst seeds,
// export the trees in oasst's shape; another team's project answers 404.
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { callApi, createTeamWithKey } = await import('./helpers');
const { addModelRepliesRoute, createTreeRoute, exportOasstRoute, importOasstRoute, listTreesRoute } = await import('@/lib/api/v1/trees');
const { createTreeProject } = await import('@/lib/trees/test-fixtures');
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

  it('exports a tree project as oasst trees, best-path SFT and ranked pairs, split by tree, through the exports routes', async () => {
    const { key, teamId } = await createTeamWithKey();
    const { projectId } = await createTreeProject({}, { teamId });
    // Five of OpenAssistant's sample trees (prisma/demo-data/oasst/SOURCE.txt), all ready_for_export.
    const sample = readFileSync(new URL('../../prisma/demo-data/oasst/oasst_en_100_tree.jsonl', import.meta.url), 'utf8').split('\n').slice(0, 5).join('\n');
    const imported = await callApi(importOasstRoute, { key, params: { projectId }, body: sample, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.json).toMatchObject({ imported: 5, errors: [] });

    const refused = await callApi(exportsApi.createExportRoute, { key, params: { projectId }, json: { format: 'OPENAI_SFT' } });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toMatch(/does not fit a conversation-tree project/);

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
