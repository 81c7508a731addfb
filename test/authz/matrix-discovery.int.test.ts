// The matrix (test/authz/matrix.ts) must name every entry point of the app, and only those. Entry points are found
// by walking the source: every export of a 'use server' module (Next makes each one a public POST endpoint) and every
// HTTP method exported by a route handler under app/. A new action or route that is not classified fails here; so
// does a matrix row whose action or route is gone, and an inline 'use server' (an action the matrix cannot name).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', async () => (await import('./mocks')).viewerModule());
vi.mock('next/navigation', async () => (await import('./mocks')).navigationModule);
vi.mock('next/cache', async () => (await import('./mocks')).cacheModule);
vi.mock('next/headers', async () => (await import('./mocks')).headersModule);

import { apiRoutes } from '@/lib/api/v1';
import { stopBoss } from '@/lib/jobs/boss';
import { matrix, matrixById } from './matrix';

afterAll(() => stopBoss());

const root = process.cwd();
const httpMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function walk(dir: string): string[] {
  if (!fs.existsSync(path.join(root, dir))) return [];
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['generated', 'node_modules'].includes(entry.name) ? [] : walk(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

const sourceFiles = [...walk('app'), ...walk('lib'), ...walk('components')];
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
/** A module-level directive: only comments and blank lines may come before it. */
const isUseServerModule = (source: string) => /^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*['"]use server['"]/.test(source);
const load = async (file: string) => (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;

async function discoverEntryPoints(): Promise<string[]> {
  const found: string[] = [];
  for (const file of sourceFiles) {
    const source = read(file);
    if (isUseServerModule(source)) {
      for (const [name, value] of Object.entries(await load(file))) if (typeof value === 'function') found.push(`${file}#${name}`);
    } else if (file.startsWith('app/') && /(^|\/)route\.tsx?$/.test(file)) {
      for (const name of Object.keys(await load(file))) if (httpMethods.has(name)) found.push(`${file}#${name}`);
    }
  }
  return found.sort();
}

describe('the authorization matrix', () => {
  it('lists every server action and route handler in the source, and nothing that is gone', async () => {
    const found = await discoverEntryPoints();
    const listed = matrix.map((entry) => entry.id).sort();
    expect(found.filter((id) => !matrixById.has(id)), 'entry points missing from test/authz/matrix.ts').toEqual([]);
    expect(listed.filter((id) => !found.includes(id)), 'matrix rows whose entry point no longer exists').toEqual([]);
    // The walk really finds things (a broken walk would pass the two checks above only if the matrix were empty).
    expect(found.length).toBe(matrix.length);
  });

  it('has no duplicate rows and gives every public row a reason', () => {
    expect(new Set(matrix.map((e) => e.id)).size).toBe(matrix.length);
    for (const entry of matrix.filter((e) => Object.values(e.access).includes('public'))) expect(entry.reason, entry.id).toBeTruthy();
  });

  it('finds no inline "use server" (actions inside components or pages, which the matrix cannot name)', () => {
    const inline = sourceFiles.filter((file) => {
      const source = read(file);
      return /['"]use server['"]/.test(source) && !isUseServerModule(source);
    });
    expect(inline).toEqual([]);
  });

  it('matches the API’s own auth flags: only routes without auth are public, every other /api/v1 route needs a key', () => {
    for (const route of apiRoutes) {
      const folder = route.spec.path.replace(/\{(\w+)\}/g, '[$1]');
      const entry = matrixById.get(`app/api/v1${folder}/route.ts#${route.spec.method}`);
      expect(entry, `${route.spec.method} ${route.spec.path}`).toBeDefined();
      expect(entry!.area, `${route.spec.method} ${route.spec.path}`).toBe(route.spec.auth === false ? 'public' : 'api-v1');
    }
    expect(apiRoutes.length).toBe(matrix.filter((e) => e.id.startsWith('app/api/v1/')).length);
  });

  it('marks as admin-only exactly the actions that check the ADMIN role themselves (so admin-access.int.test.ts covers them)', async () => {
    const adminCheck = /requireRole\)?\(\s*['"]ADMIN['"]\s*\)/;
    for (const entry of matrix.filter((e) => e.id.startsWith('lib/'))) {
      const [file, name] = entry.id.split('#');
      const source = read(file);
      const body = String((await load(file))[name]);
      // The check may sit in a local helper the action calls (runAdminAction, decide).
      const helpers = [...source.matchAll(/^(?:async\s+)?function\s+(\w+)[\s\S]*?\n}/gm)].filter((m) => adminCheck.test(m[0])).map((m) => m[1]);
      const checksAdmin = adminCheck.test(body) || helpers.some((helper) => new RegExp(`\\b${helper}\\(`).test(body));
      expect(checksAdmin, `${entry.id} is ${entry.area} in the matrix`).toBe(entry.area === 'admin');
    }
  });
});
