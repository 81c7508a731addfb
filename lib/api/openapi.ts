import 'server-only';
// The OpenAPI 3.1 document of /api/v1, built from the route list and the very zod schemas the handlers
// validate with (z.toJSONSchema, draft 2020-12), so the document cannot drift from the code.
import { z } from 'zod';
import type { ApiRoute } from './handler';
import { MAX_JSON_BODY_BYTES } from './body';
import { IDEMPOTENCY_TTL_HOURS } from './idempotency';
import { API_RATE_LIMIT } from './keys';
import { apiErrorStatus, problemSchema, type ApiErrorCode } from './problem';
import { errorHeaders, headerComponents, successHeaders } from './openapi-headers';
import { addTaskTypeUnions, teamTaskComponents } from './openapi-task-types';
import { commonErrorCodes, type RouteSpec } from './route-spec';
import { apiRoutes } from './v1';

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { securitySchemes: JsonSchema; schemas: Record<string, JsonSchema>; parameters: Record<string, JsonSchema>; headers: Record<string, JsonSchema>; responses: Record<string, JsonSchema> };
};

const REF = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${REF}${name}` });
const inputName = (spec: RouteSpec) => `${spec.operationId[0].toUpperCase()}${spec.operationId.slice(1)}Input`;

type ZodDef = { type: string; in?: z.ZodType; out?: { _zod: { def: ZodDef } } };

/**
 * The generated UUID/date-time regexes repeat what `format` says and bury the reference page: drop them. A value
 * parsed by a transform (`"123"` → 123n) travels as its input: document that, not the unrepresentable output.
 */
const override = (ctx: { zodSchema: unknown; jsonSchema: JsonSchema }) => {
  if (ctx.jsonSchema.format && ctx.jsonSchema.pattern) delete ctx.jsonSchema.pattern;
  const def = (ctx.zodSchema as { _zod: { def: ZodDef } })._zod.def;
  if (def.type === 'pipe' && def.in && def.out?._zod.def.type === 'transform') {
    Object.assign(ctx.jsonSchema, clean(z.toJSONSchema(def.in, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', override }) as JsonSchema));
  }
};

function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Renders every named schema of one direction (request bodies are `input`, responses `output`). */
function componentSchemas(named: { name: string; schema: z.ZodType }[], io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const seen = new Map<string, z.ZodType>();
  for (const { name, schema } of named) {
    const earlier = seen.get(name);
    if (earlier && earlier !== schema) throw new Error(`OpenAPI: two different schemas are named ${name}.`);
    if (earlier) continue;
    seen.set(name, schema);
    registry.add(schema, { id: name });
  }
  const rendered = z.toJSONSchema(registry, { target: 'draft-2020-12', io, unrepresentable: 'any', override, uri: (id) => `${REF}${id}` });
  return Object.fromEntries(Object.entries(rendered.schemas).map(([name, schema]) => [name, clean(schema as JsonSchema)]));
}

function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', override }) as JsonSchema;
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return { name, in: location, required: location === 'path' || required.has(name), ...(description ? { description } : {}), schema: propertySchema };
  });
}

/**
 * Error answers differ between operations only in their codes, so each is a `components.responses` entry (by
 * status, and by the headers that go with it) that the operation points at with its own list of codes.
 */
function errorResponses(spec: RouteSpec, shared: Map<string, JsonSchema>): Record<string, JsonSchema> {
  const codes = new Set<ApiErrorCode>([...(spec.auth === false ? ['INTERNAL' as const] : commonErrorCodes), ...(spec.errors ?? [])]);
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) byStatus.set(apiErrorStatus[code], [...(byStatus.get(apiErrorStatus[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => {
        const challenge = status === 402 ? spec.paymentChallenge?.name : undefined;
        const name = `Problem${status}${spec.auth === false ? 'NoKey' : ''}${status === 409 && spec.idempotent ? 'Retry' : ''}${challenge ?? ''}`;
        const response = { description: `Problem (${status})`, headers: errorHeaders(spec, status), content: { 'application/problem+json': { schema: ref(challenge ?? 'Problem') } } };
        const earlier = shared.get(name);
        if (earlier && JSON.stringify(earlier) !== JSON.stringify(response)) throw new Error(`OpenAPI: two different error responses are named ${name}.`);
        shared.set(name, response);
        return [String(status), { $ref: `#/components/responses/${name}`, description: `Problem: ${list.join(', ')}` }];
      }),
  );
}

function successResponse(spec: RouteSpec): JsonSchema {
  const { response } = spec;
  const common = { description: response.description, headers: successHeaders(spec) };
  if (response.schema && response.name) return { ...common, content: { 'application/json': { schema: ref(response.name) } } };
  if (response.contentTypes) return { ...common, content: Object.fromEntries(response.contentTypes.map((type) => [type, { schema: { type: 'string' } }])) };
  return common;
}

function operationOf(spec: RouteSpec, sharedResponses: Map<string, JsonSchema>): JsonSchema {
  const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')];
  if (spec.idempotent || spec.forwardsIdempotencyKey) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  const requestBody = spec.body
    ? { required: true, content: { 'application/json': { schema: ref(inputName(spec)) } } }
    : spec.rawBody
      ? { required: true, description: spec.rawBody.description, content: Object.fromEntries(spec.rawBody.contentTypes.map((type) => [type, { schema: { type: 'string' } }])) }
      : undefined;
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(spec.auth === false ? { security: spec.l402 ? [{ l402: [] }, ...(spec.l402 === 'pays' ? [{}] : [])] : [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: { [String(spec.response.status ?? 200)]: successResponse(spec), ...errorResponses(spec, sharedResponses) },
    ...(spec.idempotent ? { 'x-idempotent': true } : {}),
  };
}

/** What differs between the documents we publish: the team API (default) and the agent API (lib/agents/openapi.ts). */
export type OpenApiProfile = {
  title: string;
  description: string;
  serverUrl: string;
  security: Record<string, string[]>[];
  securitySchemes: JsonSchema;
  parameters?: Record<string, JsonSchema>;
  /** Hand-assembled schemas (from rendered zod schemas) that the named ones refer to. */
  schemas?: () => Record<string, JsonSchema>;
};

const teamApiProfile = (): OpenApiProfile => ({
  title: 'Boltwork team API',
  description:
    'Create labeling projects, upload items, fund them over Lightning and export datasets. ' +
    `Authenticate with \`Authorization: Bearer bw_live_…\`. Errors are RFC 9457 problem+json. ` +
    `Limits: ${API_RATE_LIMIT.limit} requests per minute per key, JSON bodies up to ${MAX_JSON_BODY_BYTES} bytes, ` +
    `Idempotency-Key remembered for ${IDEMPOTENCY_TTL_HOURS} hours. See docs/api.md.`,
  serverUrl: '/api/v1',
  security: [{ bearerAuth: [] }],
  securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'bw_live_<43 base64url characters>' } },
  schemas: teamTaskComponents,
  parameters: {
    IdempotencyKey: {
      name: 'Idempotency-Key', in: 'header', required: false,
      description: `Makes a retry safe: the same key with the same request replays the first answer (header \`Idempotent-Replayed: true\`) for ${IDEMPOTENCY_TTL_HOURS} hours.`,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
  },
});

export function buildOpenApiDocument(routes: ApiRoute[] = apiRoutes, profile: OpenApiProfile = teamApiProfile()): OpenApiDocument {
  const specs = routes.map((route) => route.spec);
  const outputs = specs.flatMap((spec) => (spec.response.schema && spec.response.name ? [{ name: spec.response.name, schema: spec.response.schema }] : []));
  const challenges = specs.flatMap((spec) => (spec.paymentChallenge ? [spec.paymentChallenge] : []));
  const inputs = specs.flatMap((spec) => (spec.body ? [{ name: inputName(spec), schema: spec.body }] : []));
  const paths: OpenApiDocument['paths'] = {};
  const sharedResponses = new Map<string, JsonSchema>();
  for (const spec of specs) {
    paths[spec.path] ??= {};
    if (paths[spec.path][spec.method.toLowerCase()]) throw new Error(`OpenAPI: ${spec.method} ${spec.path} is defined twice.`);
    paths[spec.path][spec.method.toLowerCase()] = operationOf(spec, sharedResponses);
  }
  return {
    openapi: '3.1.0',
    info: { title: profile.title, version: '1.0.0', description: profile.description },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: profile.serverUrl }],
    security: profile.security,
    tags: [...new Set(specs.map((spec) => spec.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: profile.securitySchemes,
      schemas: addTaskTypeUnions({
        ...componentSchemas([...outputs, ...challenges, { name: 'Problem', schema: problemSchema }], 'output'),
        ...componentSchemas(inputs, 'input'),
        ...profile.schemas?.(),
      }),
      parameters: profile.parameters ?? {},
      headers: headerComponents,
      responses: Object.fromEntries([...sharedResponses].sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

let cached: OpenApiDocument | undefined;
export function getOpenApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
