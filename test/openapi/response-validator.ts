// Checks a live response against the OpenAPI document it claims to follow, with a standard JSON Schema 2020-12
// validator (Ajv): the status must be documented for the operation, required headers present, the API's own
// headers documented where sent, the content type listed and a JSON body valid against its schema; and a JSON
// request the server accepted must fit the documented request body (the document is not stricter). Integration
// tests run every response of the team and agent APIs through this, so a document that lies fails the suite.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
export type OpenApiLike = { paths: Record<string, Record<string, unknown>>; components: Json };
export type LiveResponse = {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body?: unknown;
  /** The JSON the request sent: when the server accepted it, the document must accept it too. */
  requestJson?: unknown;
};

/** Headers our handlers set on purpose: sending one that the document does not declare is drift too. */
const apiHeaders = [
  'x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'location', 'www-authenticate', 'idempotent-replayed', 'content-disposition',
];

const escapePart = (part: string) => encodeURIComponent(part.replaceAll('~', '~0').replaceAll('/', '~1'));
const pointer = (...parts: string[]) => `#/${parts.map(escapePart).join('/')}`;
const isJsonType = (type: string) => type === 'application/json' || type.endsWith('+json');

export function createResponseValidator(document: OpenApiLike, id: string) {
  // Not strict: OpenAPI adds keywords (discriminator) that JSON Schema validators ignore.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, id);
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (at: string) => {
    let validate = compiled.get(at);
    if (!validate) compiled.set(at, (validate = ajv.compile({ $ref: `${id}${at}` })));
    return validate;
  };
  const resolve = (at: string): { at: string; value: Json } => {
    const value = at.slice(2).split('/').map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document) as Json;
    // Our documents' $refs are plain component names, already in this escaped form.
    return typeof value?.$ref === 'string' ? resolve(value.$ref) : { at, value };
  };
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

  function checkValue(at: string, value: unknown, what: string): string[] {
    const validate = validatorAt(at);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 5).map((error) => `${what}${error.instancePath} ${error.message} (${error.schemaPath})`);
  }

  function checkHeaders(responseAt: string, declared: Json, headers: Headers): string[] {
    const problems: string[] = [];
    const names = new Set(Object.keys(declared).map((name) => name.toLowerCase()));
    for (const name of Object.keys(declared)) {
      const header = resolve(`${responseAt}/headers/${escapePart(name)}`);
      const value = headers.get(name);
      if (value === null) {
        if (header.value.required) problems.push(`header ${name} is required but missing`);
        continue;
      }
      const schema = header.value.schema as Json | undefined;
      const typed = schema?.type === 'integer' || schema?.type === 'number' ? Number(value) : value;
      problems.push(...checkValue(`${header.at}/schema`, typed, `header ${name}`));
    }
    for (const name of apiHeaders) if (headers.has(name) && !names.has(name)) problems.push(`header ${name} is sent but not documented`);
    return problems;
  }

  /** Every way the response differs from the document; empty when it conforms. */
  return function validateResponse(response: LiveResponse): string[] {
    const method = response.method.toLowerCase();
    const match = templates.find(({ template, pattern }) => pattern.test(response.path) && document.paths[template][method]);
    if (!match) return [`${response.method} ${response.path} is not in the document`];
    const operationAt = pointer('paths', match.template, method);
    const responses = resolve(`${operationAt}/responses`).value;
    const key = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((candidate) => candidate in responses);
    const where = `${response.method} ${match.template} → ${response.status}`;
    if (!key) return [`${where}: status not documented (documented: ${Object.keys(responses).join(', ')})`];
    const { at, value: declared } = resolve(`${operationAt}/responses/${escapePart(key)}`);
    const problems = checkHeaders(at, (declared.headers ?? {}) as Json, response.headers);
    const type = response.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
    const content = (declared.content ?? {}) as Json;
    if (type && !(type in content)) problems.push(`content type ${type} not documented (documented: ${Object.keys(content).join(', ') || 'none'})`);
    else if (!type && Object.keys(content).length > 0 && response.status !== 204) problems.push('no content type, but the document describes a body');
    else if (type && isJsonType(type) && response.body !== undefined) problems.push(...checkValue(`${at}/content/${escapePart(type)}/schema`, response.body, 'body'));
    const requestBody = resolve(`${operationAt}/requestBody`);
    if (response.requestJson !== undefined && response.status < 300 && (requestBody.value?.content as Json | undefined)?.['application/json']) {
      problems.push(...checkValue(`${requestBody.at}/content/application~1json/schema`, response.requestJson, 'accepted request body'));
    }
    return problems.map((problem) => (problem.startsWith(where) ? problem : `${where}: ${problem}`));
  };
}
