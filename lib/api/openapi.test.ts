import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The services behind the routes import the session layer, which needs a Next request; nothing here calls it.
vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { buildOpenApiDocument } = await import('./openapi');
const doc = buildOpenApiDocument();
const routesRoot = join(process.cwd(), 'app', 'api', 'v1');

/** Every `METHOD /path` that a route file under app/api/v1 exports, in OpenAPI path syntax. */
function routeFileOperations(dir = routesRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFileOperations(full);
    if (entry.name !== 'route.ts') return [];
    const path = `/${relative(routesRoot, dir).split(sep).join('/')}`.replace(/\[([^\]]+)\]/g, '{$1}');
    const methods = [...readFileSync(full, 'utf8').matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    return methods.map((method) => `${method} ${path === '/' ? '' : path}`);
  });
}

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((inner) => collectRefs(inner, out));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') out.push(inner);
      else collectRefs(inner, out);
    }
  }
  return out;
}

function resolvePointer(pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), doc);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toMatchObject({ bearerAuth: { type: 'http', scheme: 'bearer' } });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc); // plain JSON, nothing lost
  });

  it('gives every operation a success response and path parameters for every {segment}', () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      const segments = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(operations)) {
        const responses = operation.responses as Record<string, unknown>;
        expect(Object.keys(responses).some((status) => status.startsWith('2')), `${method} ${path}`).toBe(true);
        const pathParams = ((operation.parameters ?? []) as { in?: string; name?: string }[]).filter((p) => p.in === 'path').map((p) => p.name);
        expect(pathParams.sort(), `${method} ${path}`).toEqual(segments.sort());
      }
    }
  });

  it('resolves every $ref', () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const pointer of refs) expect(resolvePointer(pointer), pointer).toBeDefined();
  });

  it('documents exactly the route files under app/api/v1', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routeFileOperations().sort());
  });
});

describe('project stats in the document', () => {
  it('documents position bias: the project figure and the flagged workers, null for other task types', () => {
    const schemas = (doc as { components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> } }).components.schemas;
    const stats = schemas.ProjectStats!;
    expect(stats.required).toContain('positionBias');
    const text = JSON.stringify(stats.properties!.positionBias);
    for (const key of ['project', 'flaggedWorkers', 'workersWithDecisiveAnswers', 'firstWins', 'pValue', 'workerId']) expect(text).toContain(`"${key}"`);
    expect(text).toContain('"null"');
  });
});

describe('task types in the document', () => {
  type Schemas = Record<string, Record<string, unknown>>;
  const schemas = doc.components.schemas as Schemas;

  it('renders each type’s typeConfig, payload and gold from the zod schemas lib/tasks parses with', async () => {
    const { z } = await import('zod');
    const { pairwiseConfigSchema, pairwisePayloadSchema } = await import('@/lib/tasks/types/pairwise');
    const { $schema: _a, ...config } = z.toJSONSchema(pairwiseConfigSchema, { target: 'draft-2020-12', io: 'input' });
    expect(schemas.PairwiseConfigInput).toMatchObject(config);
    const { $schema: _b, ...payload } = z.toJSONSchema(pairwisePayloadSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    expect(schemas.PairwisePayload).toMatchObject(payload);
    for (const name of ['Classification', 'MultiLabel', 'Pairwise', 'Ranking', 'Rating', 'Writing']) {
      for (const suffix of ['Config', 'ConfigInput', 'Payload', 'ItemLine', 'SettingsInput', 'CreateProjectInput', 'Project']) expect(schemas, `${name}${suffix}`).toHaveProperty(`${name}${suffix}`);
    }
    expect(schemas).not.toHaveProperty('WritingGold'); // writing has no gold answers
  });

  it('makes create and read a union discriminated by taskType, and ties a PATCH’s typeConfig to its taskType', () => {
    for (const name of ['CreateProjectInput', 'Project']) {
      expect(schemas[name].discriminator).toMatchObject({ propertyName: 'taskType', mapping: { PAIRWISE: `#/components/schemas/Pairwise${name}` } });
      expect((schemas[name].oneOf as unknown[]).length).toBe(6);
    }
    // A plain project names its options, reward and overlap; a conversation tree sends `treeConfig` instead.
    const plainOrTree = { anyOf: [{ required: ['typeConfig', 'rewardSats', 'judgmentsPerItem'] }, { required: ['treeConfig'] }] };
    expect(schemas.PairwiseCreateProjectInput).toEqual({ allOf: [{ $ref: '#/components/schemas/CreateProjectInputBase' }, { $ref: '#/components/schemas/PairwiseSettingsInput' }, plainOrTree] });
    expect(JSON.stringify(schemas.UpdateProjectInput)).toContain('"then":{"$ref":"#/components/schemas/TaskSettingsInput"}');
  });
});

describe('response headers in the document', () => {
  type Response = { $ref?: string; headers?: Record<string, { $ref?: string }> };
  /** Each answer of an operation, error answers resolved from `components.responses`. */
  const responsesOf = (path: string, method: string): Record<string, Response> =>
    Object.fromEntries(Object.entries((doc.paths[path][method] as { responses: Record<string, Response> }).responses)
      .map(([status, response]) => [status, response.$ref ? (resolvePointer(response.$ref) as Response) : response]));

  it('declares X-Request-Id on every answer and the key’s rate limit on authenticated successes', () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        for (const [status, response] of Object.entries(responsesOf(path, method))) expect(response.headers, `${method} ${path} ${status}`).toHaveProperty('X-Request-Id');
      }
    }
    // Error answers are shared; each operation still lists its own codes.
    expect((doc.paths['/projects'].post.responses as Record<string, unknown>)['422']).toEqual({ $ref: '#/components/responses/Problem422', description: expect.stringMatching(/^Problem: VALIDATION_FAILED/) });
    expect(responsesOf('/projects', 'post')['201'].headers).toMatchObject({ 'X-RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' }, 'Idempotent-Replayed': {} });
    expect(responsesOf('/projects', 'post')['401'].headers).not.toHaveProperty('X-RateLimit-Remaining');
    expect(responsesOf('/projects', 'post')['429'].headers).toHaveProperty('Retry-After');
    expect(responsesOf('/openapi.json', 'get')['200'].headers).not.toHaveProperty('X-RateLimit-Limit'); // no key, no key limit
  });

  it('documents 422 field errors as sentences with their field path', () => {
    const fieldError = JSON.stringify(doc.components.schemas.Problem);
    expect(fieldError).toContain('rewardSats must be at least 1.');
  });
});
