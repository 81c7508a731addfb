// The exports page's download route (app/api/team/exports/[exportId]/route.ts) with a mocked session.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { requireRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { GET } from '@/app/api/team/exports/[exportId]/route';
import { runExport } from './run';
import { createExport } from './service';
import { addTestJudgment, createTestActor } from './test-fixtures';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));
afterAll(() => stopBoss());

let viewerId = '';
beforeEach(() => {
  vi.mocked(requireRole).mockImplementation(async () => ({ userId: viewerId }) as never);
});

const call = (exportId: string, query = '', headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost/api/team/exports/${exportId}${query}`, { headers }), { params: Promise.resolve({ exportId }) });

describe('GET /api/team/exports/[exportId]', () => {
  it('streams the file (plain, or .gz on request), the card, and hides other teams’ exports', async () => {
    const projectId = await createTestProject({ title: 'Légumes & Fruits!' });
    const actor = await createTestActor(projectId);
    viewerId = actor.userId!;
    const [worker] = await createTestWorkers(1);
    const [item] = await createTestItems(projectId, 1, { externalIdPrefix: 'd' });
    await addTestJudgment({ projectId, itemId: item, workerId: worker, answer: { choice: 'A' } });
    const exp = await createExport(actor, projectId, { format: 'RAW_CSV' });
    expect((await call(exp.id)).status).toBe(409); // not ready yet
    await runExport(exp.id);

    const plain = await call(exp.id, '?part=all');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-disposition')).toBe('attachment; filename="legumes-fruits-raw-csv-all.csv"');
    expect((await plain.text()).split('\r\n')[1]).toContain(',d-0,');

    // A browser's Accept-Encoding changes nothing; the .gz file is an explicit choice.
    expect((await call(exp.id, '', { 'accept-encoding': 'gzip, deflate' })).headers.get('content-encoding')).toBeNull();
    const gz = await call(exp.id, '?compressed=1');
    expect(gz.headers.get('content-encoding')).toBeNull();
    expect(gz.headers.get('content-type')).toBe('application/gzip');
    expect(gz.headers.get('content-disposition')).toBe('attachment; filename="legumes-fruits-raw-csv-all.csv.gz"');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toMatch(/^judgment_id,/);

    const card = await call(exp.id, '?file=card');
    expect(card.headers.get('content-type')).toContain('text/markdown');
    expect(await card.text()).toContain('# Légumes & Fruits!');

    expect((await call(exp.id, '?part=train')).status).toBe(404); // no split
    expect((await call(exp.id, '?part=nope')).status).toBe(422);
    const outsider = await db.user.create({ data: { roles: ['REQUESTER'] }, select: { id: true } });
    viewerId = outsider.id;
    expect((await call(exp.id)).status).toBe(404);
  });
});
