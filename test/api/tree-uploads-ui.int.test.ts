// The team UI's tree upload route (session cookie): each kind of file reaches its importer and answers its counts,
// the file's format comes from its name, and a cross-site post or an unknown kind is refused before anything is read.
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', async () => (await import('@/test/authz/mocks')).viewerModule());

const { session } = await import('@/test/authz/mocks');
const { POST } = await import('@/app/api/team/projects/[projectId]/tree-uploads/route');
const { db } = await import('@/lib/db');
const { createTeamWithKey } = await import('./helpers');
const { createTreeProject } = await import('@/lib/trees/test-fixtures');
const { stopBoss } = await import('@/lib/jobs/boss');

afterAll(async () => {
  await stopBoss();
});

function post(projectId: string, query: string, body: string, origin = 'http://localhost') {
  const request = new Request(`http://localhost/api/team/projects/${projectId}/tree-uploads?${query}`, { method: 'POST', body, headers: { host: 'localhost', origin } });
  return POST(request, { params: Promise.resolve({ projectId }) });
}

describe('the team UI’s tree uploads', () => {
  it('seeds from CSV, adds model replies and gold reviews and imports oasst trees, each with its counts', async () => {
    const { teamId, userId } = await createTeamWithKey();
    session.viewer = { userId, sessionId: 'test', roles: ['REQUESTER'], email: null, name: null, worker: null };
    const { projectId } = await createTreeProject({}, { teamId });

    const seeded = await post(projectId, 'kind=seeds&fileName=seeds.csv', 'prompt;externalId\n"Why do owls hoot?";owls\n;empty\n');
    expect(seeded.status).toBe(201);
    expect(await seeded.json()).toEqual({ lines: 2, created: 1, skipped: 0, errorCount: 1, errors: [{ line: 3, reason: 'prompt: empty' }] });

    const reply = JSON.stringify({ treeExternalId: 'owls', parentMessageId: 'prompt', modelName: 'owl-1b', text: 'To mark their territory.' });
    const added = await post(projectId, 'kind=model-replies&fileName=replies.jsonl', `${reply}\n`);
    expect(await added.json()).toEqual({ lines: 1, added: 1, skipped: 0, errorCount: 0, errors: [] });

    const tree = { message_tree_id: 'oasst-ui', tree_state: 'growing', prompt: { message_id: 'ui-1', text: 'Why is snow white?', role: 'prompter', lang: 'en', review_count: 0, review_result: true, deleted: false, synthetic: false, replies: [] } };
    const imported = await post(projectId, 'kind=oasst&fileName=trees.jsonl', `${JSON.stringify(tree)}\n`);
    expect(await imported.json()).toEqual({ imported: 1, skipped: 0, errors: [] });

    const gold = JSON.stringify({ conversation: [{ role: 'user', content: 'Cheap pills here!!!' }], spam: true });
    const golden = await post(projectId, 'kind=gold-reviews&fileName=gold.jsonl', `${gold}\n{"conversation": [], "spam": false}\n`);
    expect(golden.status).toBe(201);
    expect(await golden.json()).toEqual({ lines: 2, created: 1, skipped: 0, errorCount: 1, errors: [{ line: 2, reason: 'conversation: give at least one turn' }] });
    expect((await post(projectId, 'kind=gold-reviews&fileName=gold.csv', 'x')).status).toBe(422);
    expect(await db.item.count({ where: { projectId, isGold: true } })).toBe(1);

    expect((await post(projectId, 'kind=seeds&fileName=seeds.xlsx', 'x')).status).toBe(422);
    expect((await post(projectId, 'kind=model-replies&fileName=replies.csv', 'x')).status).toBe(422);
    expect((await post(projectId, 'kind=everything&fileName=a.jsonl', 'x')).status).toBe(422);
    expect((await post(projectId, 'kind=seeds&fileName=seeds.jsonl', '{"prompt":"Cross-site"}\n', 'https://evil.example')).status).toBe(403);
    expect(await db.conversationTree.count({ where: { projectId } })).toBe(2);
  });
});
