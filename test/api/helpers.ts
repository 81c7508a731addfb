// Shared by the team API integration tests: a team with a key, and a way to call a route handler with a real
// Request, the way Next does. Import it dynamically after mocking '@/lib/auth/viewer' (it needs a Next request).
import { randomBytes } from 'node:crypto';
import type { ApiRoute } from '@/lib/api/handler';
import { createApiKey } from '@/lib/api/keys';
import type { ApiKeyScope } from '@/lib/api/schemas';
import { db } from '@/lib/db';
import type { TeamActor } from '@/lib/teams/actor';
import { expectDocumented } from '@/test/openapi/documented';

export async function createTeamWithKey(options: { scopes?: ApiKeyScope[]; expiresAt?: Date } = {}) {
  const tag = randomBytes(6).toString('hex');
  const user = await db.user.create({ data: { roles: ['REQUESTER'], email: `api-${tag}@example.test`, name: `API tester ${tag}` } });
  const team = await db.team.create({ data: { name: `Team ${tag}`, slug: `team-${tag}`, members: { create: { userId: user.id, role: 'OWNER' } } } });
  const userActor: TeamActor = { kind: 'USER', teamId: team.id, userId: user.id, apiKeyId: null };
  const { key, apiKey } = await createApiKey(userActor, { name: 'tests', scopes: options.scopes, expiresAt: options.expiresAt });
  return { teamId: team.id, userId: user.id, key, apiKeyId: apiKey.id, userActor };
}

export type CallOptions = {
  key?: string | null;
  method?: string;
  path?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  body?: BodyInit | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
};

/**
 * Calls a route's handler with a real Request; `json` is sent with Content-Type application/json. Every answer is
 * checked against the OpenAPI document (status, headers, body), so the tests keep the document honest.
 */
export async function callApi(route: ApiRoute, options: CallOptions = {}) {
  const url = new URL(`http://localhost/api/v1${options.path ?? route.spec.path.replace(/\{(\w+)\}/g, (_, name: string) => options.params?.[name] ?? name)}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const headers = new Headers(options.headers);
  if (options.key !== null) headers.set('authorization', `Bearer ${options.key ?? ''}`);
  let body: BodyInit | ReadableStream<Uint8Array> | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const request = new Request(url, {
    method: options.method ?? route.spec.method,
    headers,
    body,
    // Node needs this for a streamed request body.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const response = await route.handle(request, { params: Promise.resolve(options.params ?? {}) });
  const type = response.headers.get('content-type')?.split(';')[0];
  const text = type === 'application/json' || type === 'application/problem+json' ? await response.text() : null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response fields
  const json: any = text ? JSON.parse(text) : null;
  const sent = { method: request.method, path: url.pathname.slice('/api/v1'.length), status: response.status, headers: response.headers, requestJson: options.json };
  await expectDocumented('team', { ...sent, body: text ? json : undefined });
  return { status: response.status, headers: response.headers, json, response };
}

/** A PAIRWISE project that is easy to work through: no exam, no gold, one judgment per item. */
export const pairwiseProject = {
  title: 'Which answer is better?',
  instructions: 'Pick the **better** answer.',
  taskType: 'PAIRWISE',
  typeConfig: {},
  rewardSats: 10,
  judgmentsPerItem: 1,
  minSeconds: 0,
  examGoldCount: 0,
  examPassCount: 0,
  goldRatio: 0,
} as const;

export function pairwiseLine(index: number): string {
  return JSON.stringify({ id: `item-${index}`, payload: { prompt: `Question ${index}: how many legs does a spider have?`, responses: [`Eight (${index}).`, `Six (${index}).`] } });
}

/** A JSONL body generated line by line on demand, never held whole in memory. */
export function jsonlStream(count: number, line: (index: number) => string = pairwiseLine, linesPerChunk = 500): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= count) {
        controller.close();
        return;
      }
      let text = '';
      for (let i = 0; i < linesPerChunk && next < count; i++, next++) text += `${line(next)}\n`;
      controller.enqueue(encoder.encode(text));
    },
  });
}
