import 'server-only';
import { z } from 'zod';
import { apiRoute } from '../handler';

export const openApiRoute = apiRoute(
  {
    method: 'GET', path: '/openapi.json', operationId: 'getOpenApiDocument', tag: 'Meta', auth: false,
    summary: 'This API’s OpenAPI 3.1 document (no key needed)',
    response: { description: 'OpenAPI 3.1 document', schema: z.object({ openapi: z.string() }).loose(), name: 'OpenApiDocument' },
    errors: [],
  },
  // Imported lazily: the document is built from the route list, which includes this route.
  async () => (await import('../openapi')).getOpenApiDocument(),
);
