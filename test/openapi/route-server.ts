// Real HTTP in front of route handlers, the way Next hands them web Requests: what a generated client or a curl
// walk-through talks to in tests. Every exchange is checked against the API's OpenAPI document; `close()` fails
// with what did not match, so a test that passes also proves the document.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRoute, RouteHandler } from '@/lib/api/handler';
import { findOpenApiViolations } from './documented';

export type ResolvedRoute = { handler: RouteHandler; params: Record<string, string> };
type Api = 'team' | 'agent';

/** Finds the route whose spec path (`/projects/{projectId}`) matches, with its path parameters. */
export function matchApiRoute(routes: ApiRoute[], method: string, path: string): ResolvedRoute | null {
  for (const route of routes) {
    if (route.spec.method !== method) continue;
    const names: string[] = [];
    const pattern = route.spec.path.replace(/\{(\w+)\}/g, (_match, name: string) => (names.push(name), '([^/]+)'));
    const match = new RegExp(`^${pattern}$`).exec(path);
    if (match) return { handler: route.handle, params: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1])])) };
  }
  return null;
}

/** The body as the document describes it: parsed JSON for JSON types, otherwise (or when malformed) not checked. */
function jsonBodyOf(type: string | null, bytes: Buffer): unknown {
  const mediaType = type?.split(';')[0].trim() ?? '';
  if (bytes.length === 0 || !(mediaType === 'application/json' || mediaType.endsWith('+json'))) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function startRouteServer(options: {
  api: Api;
  /** Where the document's server URL sits: `/api/v1`, `/api/agent/v1`. */
  prefix: string;
  routeFor: (method: string, pathname: string) => Promise<ResolvedRoute | null>;
}): Promise<{ origin: string; close: () => Promise<void> }> {
  const violations: string[] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(`http://127.0.0.1${req.url}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const route = await options.routeFor(req.method ?? 'GET', url.pathname);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    headers.set('x-forwarded-for', '127.0.0.1');
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const response = await route.handler(new Request(url, { method: req.method, headers, body }), { params: Promise.resolve(route.params) });
    const bytes = Buffer.from(await response.arrayBuffer());
    const problems = await findOpenApiViolations(options.api, {
      method: req.method ?? 'GET',
      path: url.pathname.slice(options.prefix.length),
      status: response.status,
      headers: response.headers,
      body: jsonBodyOf(response.headers.get('content-type'), bytes),
      requestJson: body ? jsonBodyOf(headers.get('content-type'), body) : undefined,
    });
    if (problems.length > 0) {
      console.error(`OpenAPI mismatch:\n  ${problems.join('\n  ')}`);
      violations.push(...problems);
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (violations.length > 0) throw new Error(`Answers that do not match the ${options.api} API's OpenAPI document:\n  ${violations.join('\n  ')}`);
  };
  return { origin, close };
}
