// The team UI's upload endpoint: the raw body streams into importBatch; options come from the query string.
import { describe, expect, it, vi } from 'vitest';
import { createTestProject, createTestTeam } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TeamActor } from '@/lib/teams/actor';

const session: { actor: TeamActor | null } = { actor: null };
vi.mock('@/lib/teams/access', () => ({
  requireProjectRole: async () => {
    if (!session.actor) throw new AppError('NOT_FOUND', 'Project not found.');
    return session.actor;
  },
}));
const { POST } = await import('@/app/api/team/projects/[projectId]/batches/route');

function post(projectId: string, query: string, body: string, headers: Record<string, string> = {}) {
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 7) controller.enqueue(bytes.slice(offset, offset + 7));
      controller.close();
    },
  });
  const request = new Request(`http://localhost/api/team/projects/${projectId}/batches?${query}`, {
    method: 'POST',
    body: stream,
    headers,
    duplex: 'half',
  } as RequestInit);
  return POST(request, { params: Promise.resolve({ projectId }) });
}

describe('POST /api/team/projects/[projectId]/batches', () => {
  it('streams the body into an import and answers the batch', async () => {
    const teamId = await createTestTeam();
    const user = await db.user.create({ data: { roles: ['REQUESTER'] } });
    const projectId = await createTestProject({ teamId, taskType: 'CLASSIFICATION', typeConfig: { labels: ['a', 'b'] } });
    session.actor = { kind: 'USER', teamId, userId: user.id, apiKeyId: null };
    const csv = 'id,text,gold_label\r\n1,"Hello, ""world""",a\r\n2,Bye,c\r\n';
    const response = await post(projectId, 'fileName=g.csv&format=csv&isGold=true&mode=skip_invalid', csv);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: 'PARTIAL', importedRows: 1, errorRows: 1, errors: [{ line: 3 }] });

    const bad = await post(projectId, 'fileName=g.txt&format=xml', 'x');
    expect(bad.status).toBe(422);
    const crossSite = await post(projectId, 'fileName=g.csv&format=csv', csv, { origin: 'https://evil.example', host: 'localhost' });
    expect(crossSite.status).toBe(403);
    session.actor = null;
    expect((await post(projectId, 'fileName=g.csv&format=csv', csv)).status).toBe(404);
  });
  it('answers a line nested 5,000 levels deep with its line number and imports the rest (it was a 500)', async () => {
    const teamId = await createTestTeam();
    const user = await db.user.create({ data: { roles: ['REQUESTER'] } });
    const projectId = await createTestProject({ teamId, taskType: 'CLASSIFICATION', typeConfig: { labels: ['a', 'b'] } });
    session.actor = { kind: 'USER', teamId, userId: user.id, apiKeyId: null };
    const deep = `{"id":"deep","text":"x","meta":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    const jsonl = `{"id":"1","text":"Hello"}\n${deep}\n{"id":"3","text":"Bye"}\n`;
    const response = await post(projectId, 'fileName=deep.jsonl&format=jsonl&mode=skip_invalid', jsonl);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      status: 'PARTIAL',
      importedRows: 2,
      errorRows: 1,
      errors: [{ line: 2, reason: expect.stringContaining('nests more than 64 levels') }],
    });
    session.actor = null;
  });
});
