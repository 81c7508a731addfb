// The matrix rows of the team API (test/authz/matrix.ts, area 'api-v1'). Each route file under app/api/v1 is loaded
// as Next loads it and called with a real Request aimed at the owner team's real ids:
//   - by the matrix's actors: no key (anonymous; also a signed-in worker or admin, since the API ignores sessions),
//     another team's key (404 on the owner's ids; 'self' on list/create), the owner team's key (gets through);
//   - and with every bad credential: no header, a malformed key, a revoked key, an expired key, a read-only key on a
//     write route, another team's read key on a read route.
// A refused call must leave every domain table unchanged.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', async () => (await import('./mocks')).viewerModule());
vi.mock('next/navigation', async () => (await import('./mocks')).navigationModule);
vi.mock('next/cache', async () => (await import('./mocks')).cacheModule);
vi.mock('next/headers', async () => (await import('./mocks')).headersModule);

import { createApiKey } from '@/lib/api/keys';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { pairwiseLine, pairwiseProject } from '@/test/api/helpers';
import { actAs, createWorld, defineMatrixTests, expectRefusedAndUnchanged, outcomeOf, type Probe, type World } from './harness';
import { entriesOf, type Actor } from './matrix';

afterAll(() => stopBoss());

let world: World;
let expiredKey: string;
beforeAll(async () => {
  world = await createWorld();
  const expired = await createApiKey(world.owner.member, { name: 'expired', expiresAt: new Date(Date.now() + 1000) });
  await db.apiKey.update({ where: { id: expired.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expiredKey = expired.key;
});

type Handler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

/** `app/api/v1/projects/[projectId]/route.ts#PATCH` → its handler, its URL path and its params filled with the owner's ids. */
async function routeOf(id: string, w: World) {
  const [file, method] = id.split('#');
  const mod = (await import(/* @vite-ignore */ path.join(process.cwd(), file))) as Record<string, Handler>;
  const ownerIds: Record<string, string> = {
    projectId: file.includes('/trees') ? w.owner.treeProjectId : w.owner.projectId,
    batchId: w.owner.batchId, exportId: w.owner.exportId, invoiceId: w.owner.depositId, webhookId: w.owner.webhookId, treeId: w.owner.treeId,
  };
  const params: Record<string, string> = {};
  const urlPath = file.replace(/^app/, '').replace(/\/route\.ts$/, '').replace(/\[(\w+)\]/g, (_, name: string) => (params[name] = ownerIds[name]));
  return { handler: mod[method], method, urlPath, params };
}

/** What each write sends: valid, so only authorization can stop it (texts unique per call: a tree refuses repeats). */
function bodyFor(id: string, w: World): { body?: string; contentType?: string; query?: string } {
  const unique = randomUUID();
  if (id.endsWith('trees/route.ts#POST')) return { body: JSON.stringify({ prompt: { text: `Why is the sky blue? (${unique})` } }), contentType: 'application/json' };
  if (id.endsWith('trees/oasst/route.ts#POST')) {
    const tree = { message_tree_id: unique, tree_state: 'growing', prompt: { message_id: unique, text: 'Why is the sea salty?', role: 'prompter', lang: 'en', review_count: 0, review_result: true, deleted: false, synthetic: false, replies: [] } };
    return { body: `${JSON.stringify(tree)}\n`, contentType: 'application/x-ndjson' };
  }
  if (id.endsWith('trees/seeds/route.ts#POST')) return { body: `${JSON.stringify({ prompt: `Why do cats purr? (${unique})` })}\n`, contentType: 'application/x-ndjson' };
  if (id.endsWith('trees/gold-reviews/route.ts#POST')) {
    const line = { conversation: [{ role: 'user', content: `Cheap pills, click now (${unique})` }], spam: true };
    return { body: `${JSON.stringify(line)}\n`, contentType: 'application/x-ndjson' };
  }
  if (id.endsWith('trees/model-replies/route.ts#POST')) {
    const line = { treeId: w.owner.treeId, parentMessageId: 'prompt', modelName: 'authz-model', text: `Lava cools into rock (${unique}).` };
    return { body: `${JSON.stringify(line)}\n`, contentType: 'application/x-ndjson' };
  }
  if (id.endsWith('model-replies/route.ts#POST')) {
    return { body: JSON.stringify({ parentId: w.owner.treePromptId, replies: [{ text: `Magma rises through the crust (${unique}).`, modelName: 'authz-model' }] }), contentType: 'application/json' };
  }
  if (id.endsWith('projects/route.ts#POST')) return { body: JSON.stringify(pairwiseProject), contentType: 'application/json' };
  if (id.endsWith('[projectId]/route.ts#PATCH')) return { body: JSON.stringify({ title: 'Renamed through the API' }), contentType: 'application/json' };
  if (id.endsWith('batches/route.ts#POST')) return { body: `${pairwiseLine(7)}\n${pairwiseLine(8)}\n`, contentType: 'application/x-ndjson', query: '?fileName=api.jsonl' };
  if (id.endsWith('exports/route.ts#POST')) return { body: JSON.stringify({ format: 'RAW_JSONL' }), contentType: 'application/json' };
  if (id.endsWith('funding-invoices/route.ts#POST')) return { body: JSON.stringify({ amountSats: 2000 }), contentType: 'application/json' };
  if (id.endsWith('webhooks/route.ts#POST')) return { body: JSON.stringify({ url: 'https://hooks.example.test/api', events: ['budget.low'] }), contentType: 'application/json' };
  return {};
}

async function callWithKey(id: string, w: World, key: string | null): Promise<Response> {
  const { handler, method, urlPath, params } = await routeOf(id, w);
  const { body, contentType, query } = bodyFor(id, w);
  const headers = new Headers();
  if (key !== null) headers.set('authorization', `Bearer ${key}`);
  if (contentType) headers.set('content-type', contentType);
  const request = new Request(`http://localhost${urlPath}${query ?? ''}`, { method, headers, body });
  return handler(request, { params: Promise.resolve(params) });
}

/** The key each matrix actor holds: only team actors have one; a session never authenticates the API. */
const keyOf = (w: World, actor: Actor): string | null => (actor === 'teamMember' ? w.owner.keys.write : actor === 'otherTeam' ? w.other.keys.write : null);

const entries = entriesOf('api-v1');
const probes: Record<string, Probe> = Object.fromEntries(entries.map((entry) => [entry.id, (w: World, actor: Actor) => callWithKey(entry.id, w, keyOf(w, actor))]));

const statusIn = (detail: string) => Number(/^HTTP (\d+)/.exec(detail)?.[1]);

defineMatrixTests({
  area: 'api-v1',
  world: () => world,
  probes,
  allowedLast: ['app/api/v1/webhooks/[webhookId]/route.ts#DELETE', 'app/api/v1/projects/[projectId]/close/route.ts#POST'],
  afterAllowed: Object.fromEntries(
    entries.map((entry) => [
      entry.id,
      async (_w: World, outcome: { detail: string }) => {
        // The owner's key gets a real answer (publishing a live project is an idempotent 200).
        const expected = [200, 201, 202, 204];
        expect(expected, `${entry.id}: ${outcome.detail}`).toContain(statusIn(outcome.detail));
      },
    ]),
  ),
});

const ownedWrites = entries.filter((e) => !e.id.endsWith('#GET'));
const ownedReads = entries.filter((e) => e.id.endsWith('#GET'));

describe('bad credentials are refused on every route, and change nothing', () => {
  const cases: [string, (w: World) => string | null, number][] = [
    ['no Authorization header', () => null, 401],
    ['a malformed key', () => 'not-a-key', 401],
    ['a key-shaped unknown key', () => 'bw_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 401],
    ['a revoked key of the owner team', (w) => w.owner.keys.revoked, 401],
    ['an expired key of the owner team', () => expiredKey, 401],
  ];
  for (const [label, key, status] of cases) {
    it(`${label}: ${status}`, async () => {
      actAs(world, 'anonymous');
      for (const entry of entries) {
        await expectRefusedAndUnchanged(`${entry.id} with ${label}`, async () => {
          const response = await callWithKey(entry.id, world, key(world));
          expect(response.status, `${entry.id} with ${label}`).toBe(status);
          expect(response.headers.get('content-type')).toContain('application/problem+json');
          return response;
        });
      }
    });
  }

  it('a read-only key of the owner team on every write route: 403', async () => {
    for (const entry of ownedWrites) {
      await expectRefusedAndUnchanged(`${entry.id} with a read key`, async () => {
        const response = await callWithKey(entry.id, world, world.owner.keys.read);
        expect(response.status, entry.id).toBe(403);
        return response;
      });
    }
  });

  it('another team’s read key on every read route with an owner id: 404', async () => {
    for (const entry of ownedReads.filter((e) => e.access.otherTeam === 'deny')) {
      await expectRefusedAndUnchanged(`${entry.id} with the other team's read key`, async () => {
        const response = await callWithKey(entry.id, world, world.other.keys.read);
        expect(response.status, entry.id).toBe(404);
        return response;
      });
    }
  });

  it('the owner team’s read-only key can read (so the 403s above are about scope)', async () => {
    for (const entry of ownedReads) {
      const outcome = await outcomeOf(() => callWithKey(entry.id, world, world.owner.keys.read));
      expect(outcome.refused, `${entry.id}: ${outcome.detail}`).toBe(false);
    }
  });
});

describe('idempotency keys do not cross teams', () => {
  // Replayed answers are stored per key: another team sending the owner's Idempotency-Key must get its own resource,
  // never a replay of the owner's.
  async function post(key: string, urlPath: string, body: unknown, idempotencyKey: string) {
    const { handler } = await routeOf(`app/api/v1${urlPath.includes('/exports') ? '/projects/[projectId]/exports' : '/projects'}/route.ts#POST`, world);
    const request = new Request(`http://localhost/api/v1${urlPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    const projectId = /projects\/([^/]+)\/exports/.exec(urlPath)?.[1];
    const response = await handler(request, { params: Promise.resolve(projectId ? { projectId } : {}) });
    return { status: response.status, json: (await response.json()) as { id: string; projectId?: string } };
  }

  it('for project creation', async () => {
    const owner = await post(world.owner.keys.write, '/projects', pairwiseProject, 'shared-idempotency-key-1');
    const other = await post(world.other.keys.write, '/projects', pairwiseProject, 'shared-idempotency-key-1');
    expect([owner.status, other.status]).toEqual([201, 201]);
    expect(other.json.id).not.toBe(owner.json.id);
    expect((await db.project.findUniqueOrThrow({ where: { id: other.json.id } })).teamId).toBe(world.other.teamId);
  });

  it('for exports', async () => {
    const owner = await post(world.owner.keys.write, `/projects/${world.owner.projectId}/exports`, { format: 'RAW_CSV' }, 'shared-idempotency-key-2');
    const other = await post(world.other.keys.write, `/projects/${world.other.projectId}/exports`, { format: 'RAW_CSV' }, 'shared-idempotency-key-2');
    expect([owner.status, other.status]).toEqual([202, 202]);
    expect(other.json.id).not.toBe(owner.json.id);
    expect(other.json.projectId).toBe(world.other.projectId);
  });
});

describe('list routes show another team nothing of the owner’s', () => {
  for (const id of ['app/api/v1/projects/route.ts#GET', 'app/api/v1/webhooks/route.ts#GET']) {
    it(id, async () => {
      // A fresh owner webhook: the allowed DELETE above removed the first one.
      const ownerHook = await db.webhook.create({ data: { teamId: world.owner.teamId, url: 'https://hooks.example.test/list', secret: 'whsec_list', events: ['budget.low'] } });
      const otherView = await (await callWithKey(id, world, world.other.keys.write)).text();
      const ownerView = await (await callWithKey(id, world, world.owner.keys.write)).text();
      const ownerIds = id.includes('webhooks') ? [ownerHook.id] : [world.owner.projectId];
      // The owner sees its own rows (so the check below can fail), the other team sees none of them.
      for (const ownerId of ownerIds) {
        expect(ownerView).toContain(ownerId);
        expect(otherView).not.toContain(ownerId);
      }
      expect(otherView).toContain(id.includes('webhooks') ? world.other.webhookId : world.other.projectId);
    });
  }
});
