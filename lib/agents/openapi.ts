import 'server-only';
// The agent API's OpenAPI 3.1 document, built like the team API's from the same route specs and zod schemas.
import { buildOpenApiDocument, type OpenApiDocument } from '@/lib/api/openapi';
import { apiRoute } from '@/lib/api/handler';
import { agentTaskComponents } from '@/lib/api/openapi-task-types';
import { AGENT_API_PATH, MAX_WAIT_SECONDS, TOKEN_LIFETIME_SECONDS } from './config';
import { agentRoutes } from './routes';

let cached: OpenApiDocument | undefined;

export function getAgentOpenApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(agentRoutes, {
    title: 'Boltwork agent API (L402)',
    description:
      'Buy human judgments with no account: send a job, get 402 Payment Required with a Lightning invoice and a macaroon, pay, ' +
      'and send the same request with `Authorization: L402 <macaroon>:<preimage hex>`. The token creates one job and reads it ' +
      `for ${TOKEN_LIFETIME_SECONDS / 86_400} days. Results long-poll up to ${MAX_WAIT_SECONDS} s. Errors are RFC 9457 problem+json. See docs/agents.md.`,
    serverUrl: AGENT_API_PATH,
    schemas: agentTaskComponents,
    security: [],
    securitySchemes: {
      l402: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: '`L402 <base64 macaroon>:<64 hex preimage>` (LSAT accepted). Obtained by paying the invoice of a 402 answer to `POST /jobs`.',
      },
    },
  });
  return cached;
}

export const agentOpenApiRoute = apiRoute(
  { method: 'GET', path: '/openapi.json', operationId: 'getAgentOpenApiDocument', summary: 'This document', tag: 'Meta', auth: false, response: { description: 'OpenAPI 3.1' } },
  async () => getAgentOpenApiDocument(),
);
