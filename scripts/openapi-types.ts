// `npm run openapi:types [-- <file>]`: the TypeScript types of the team API's OpenAPI document, as openapi-typescript
// generates them for a client (openapi-fetch). Written to test/openapi/generated/team-api.ts by default (not
// committed: test/openapi/client.int.test.ts regenerates it and type-checks the curl walk-through against it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

export const TEAM_API_TYPES_FILE = 'test/openapi/generated/team-api.ts';

export async function renderTeamApiTypes(): Promise<string> {
  const { getOpenApiDocument } = await import('@/lib/api/openapi');
  // A copy: the generator annotates the object it is given. A field with a default is optional to send, so
  // `defaultNonNullable` (on by default) would wrongly require it in request bodies; answers list it in `required`.
  const nodes = await openapiTS(structuredClone(getOpenApiDocument()) as unknown as OpenAPI3, { defaultNonNullable: false });
  return `// Generated from /api/v1/openapi.json by openapi-typescript (npm run openapi:types). Do not edit.\n\n${astToString(nodes)}`;
}

export async function writeTeamApiTypes(file = TEAM_API_TYPES_FILE): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await renderTeamApiTypes());
  return file;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(`wrote ${await writeTeamApiTypes(process.argv[2])}`);
