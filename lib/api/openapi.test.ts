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
