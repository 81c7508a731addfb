import { describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { buildOpenApiDocument } = await import('@/lib/api/openapi');
const { describeSchema, exampleCurl } = await import('./api-operation');

const doc = buildOpenApiDocument();
const paramsOf = (path: string, method: string) =>
  ((doc.paths[path][method].parameters ?? []) as Record<string, unknown>[]).map((p) =>
    (p.$ref ? doc.components.parameters.IdempotencyKey : p) as { name: string; in: string });

describe('the API reference helpers', () => {
  it('builds a curl for every operation', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(exampleCurl('https://b.test', method, path, operation, paramsOf(path, method), doc.components.schemas)).toContain(`curl -X ${method.toUpperCase()}`);
      }
    }
  });

  it('includes auth, idempotency and a JSON body skeleton', () => {
    const path = '/projects/{projectId}/funding-invoices';
    const curl = exampleCurl('https://b.test', 'post', path, doc.paths[path].post, paramsOf(path, 'post'), doc.components.schemas);
    expect(curl).toContain('"https://b.test/api/v1/projects/$PROJECT_ID/funding-invoices"');
    expect(curl).toContain('Authorization: Bearer $BOLTWORK_KEY');
    expect(curl).toContain('Idempotency-Key');
    expect(curl).toContain(`-d '{"amountSats":"…"}'`);
    // A union by taskType: the first task type's variant, its taskType filled in.
    const create = exampleCurl('https://b.test', 'post', '/projects', doc.paths['/projects'].post, paramsOf('/projects', 'post'), doc.components.schemas);
    expect(create).toContain(`-d '{"title":"…","instructions":"…","taskType":"CLASSIFICATION","typeConfig":"…","rewardSats":"…","judgmentsPerItem":"…"}'`);
    const upload = exampleCurl('https://b.test', 'post', '/projects/{projectId}/batches', doc.paths['/projects/{projectId}/batches'].post, [], doc.components.schemas);
    expect(upload).toContain('--data-binary @items.jsonl');
    const openapi = exampleCurl('https://b.test', 'get', '/openapi.json', doc.paths['/openapi.json'].get, [], doc.components.schemas);
    expect(openapi).not.toContain('Authorization');
  });

  it('describes parameter types briefly', () => {
    expect(describeSchema({ type: 'integer', minimum: 1, maximum: 500, default: 50 })).toBe('integer 1–500 (default 50)');
    expect(describeSchema({ type: 'string', enum: ['a', 'b'] })).toBe('"a" | "b"');
  });
});
