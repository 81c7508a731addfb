// One operation of the OpenAPI document as readable HTML, with an example curl. Server component, no library.
import { ScrollPre, ScrollRegion } from '@/components/ui/scroll-region';
type Json = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Json };

const asRecord = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const refName = (value: unknown) => String(asRecord(value).$ref ?? '').split('/').pop() ?? '';

const methodColors: Record<string, string> = {
  get: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200',
  post: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
  patch: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200',
  delete: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
};

/** A short type label for a parameter: `integer 1–500 (default 50)`, `"a" | "b"`, `string (uuid)`. */
export function describeSchema(schema: Json = {}): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const parts = [String(schema.type ?? (schema.anyOf ? 'string' : 'any'))];
  if (schema.format) parts.push(`(${String(schema.format)})`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? ''}–${schema.maximum ?? ''}`);
  if (schema.default !== undefined) parts.push(`(default ${JSON.stringify(schema.default)})`);
  return parts.join(' ');
}

/**
 * A body skeleton: the required fields, through `allOf`, the first of `anyOf` and, for a union by `taskType`, its first variant (with the
 * variant's own `taskType` value), so the skeleton is one a reader can fill in.
 */
function sampleBody(schema: Json, schemas: Json): Json {
  const resolved = schema.$ref ? asRecord(schemas[refName(schema)]) : schema;
  if (Array.isArray(resolved.oneOf) && resolved.oneOf.length > 0) return sampleBody(asRecord(resolved.oneOf[0]), schemas);
  const parts = Array.isArray(resolved.allOf) ? resolved.allOf.map((part) => sampleBody(asRecord(part), schemas)) : [];
  const properties = asRecord(resolved.properties);
  const required = Array.isArray(resolved.required) ? resolved.required.map(String) : [];
  // Alternatives of what is required (a plain project or a conversation tree): the first one.
  const alternative = Array.isArray(resolved.anyOf) && resolved.anyOf.length > 0 ? [sampleBody(asRecord(resolved.anyOf[0]), schemas)] : [];
  return Object.assign({}, ...parts, Object.fromEntries(required.map((name) => [name, asRecord(properties[name]).const ?? '…'])), ...alternative);
}

export function exampleCurl(baseUrl: string, method: string, path: string, operation: Json, parameters: Parameter[], schemas: Json): string {
  const url = `${baseUrl}/api/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => `$${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`)}`;
  const lines = [`curl -X ${method.toUpperCase()} "${url}"`];
  if (operation.security === undefined) lines.push(`  -H "Authorization: Bearer $BOLTWORK_KEY"`);
  if (parameters.some((p) => p.name === 'Idempotency-Key') || operation['x-idempotent']) lines.push(`  -H "Idempotency-Key: $(uuidgen)"`);
  const content = asRecord(asRecord(operation.requestBody).content);
  if (content['application/json']) {
    const sample = sampleBody(asRecord(asRecord(content['application/json']).schema), schemas);
    lines.push(`  -H "Content-Type: application/json"`, `  -d '${JSON.stringify(sample)}'`);
  } else if (Object.keys(content).length) {
    lines.push(`  -H "Content-Type: ${Object.keys(content)[0]}"`, `  --data-binary @items.jsonl`);
  }
  return lines.join(' \\\n');
}

export function ApiOperation(props: { baseUrl: string; method: string; path: string; operation: Json; schemas: Json; parameters: Json }) {
  const { method, path, operation, schemas } = props;
  const parameters = (Array.isArray(operation.parameters) ? operation.parameters : []).map((p) => {
    const param = asRecord(p);
    return (param.$ref ? asRecord(props.parameters[refName(param)]) : param) as Parameter;
  });
  const bodyContent = asRecord(asRecord(operation.requestBody).content);
  const bodySchemaName = refName(asRecord(bodyContent['application/json']).schema);
  const responses = Object.entries(asRecord(operation.responses));
  return (
    <article id={String(operation.operationId)} className="scroll-mt-20 space-y-3 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
      <header className="space-y-1">
        <p className="flex flex-wrap items-center gap-2 font-mono text-sm">
          <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${methodColors[method] ?? ''}`}>{method}</span>
          <span className="break-all">/api/v1{path}</span>
        </p>
        <h3 className="font-semibold">{String(operation.summary ?? '')}</h3>
        {typeof operation.description === 'string' && <p className="text-sm text-zinc-600 dark:text-zinc-400">{operation.description}</p>}
        {operation.security !== undefined && <p className="text-xs text-zinc-500">No API key needed.</p>}
      </header>
      {parameters.length > 0 && (
        <ScrollRegion label={`Parameters of ${String(operation.summary ?? operation.operationId)}`} className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-zinc-500">
              <tr><th className="py-1 pr-3 font-medium">Parameter</th><th className="py-1 pr-3 font-medium">In</th><th className="py-1 pr-3 font-medium">Type</th><th className="py-1 font-medium">Description</th></tr>
            </thead>
            <tbody>
              {parameters.map((p) => (
                <tr key={`${p.in}:${p.name}`} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                  <td className="py-1 pr-3 font-mono text-xs">{p.name}{p.required ? ' *' : ''}</td>
                  <td className="py-1 pr-3 text-xs">{p.in}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{describeSchema(p.schema)}</td>
                  <td className="py-1 text-xs text-zinc-600 dark:text-zinc-400">{p.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {bodySchemaName && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">Request body: {bodySchemaName} (JSON Schema)</summary>
          <ScrollPre label={`Request body schema of ${String(operation.summary ?? operation.operationId)}`} className="mt-2 max-h-96 overflow-auto rounded-lg bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{JSON.stringify(schemas[bodySchemaName], null, 2)}</ScrollPre>
        </details>
      )}
      <ul className="space-y-1 text-sm">
        {responses.map(([status, response]) => {
          const content = asRecord(asRecord(response).content);
          const schemaName = refName(asRecord(content['application/json']).schema);
          return (
            <li key={status} className="flex gap-2">
              <span className={`font-mono text-xs font-bold ${status.startsWith('2') ? 'text-emerald-700' : 'text-zinc-500'}`}>{status}</span>
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                {String(asRecord(response).description ?? '')}
                {schemaName && <> → <a href={`#schema-${schemaName}`} className="underline">{schemaName}</a></>}
              </span>
            </li>
          );
        })}
      </ul>
      <ScrollPre label={`Example request for ${String(operation.summary ?? operation.operationId)}`} className="overflow-x-auto rounded-lg bg-zinc-900 p-3 text-xs text-zinc-100">{exampleCurl(props.baseUrl, method, path, operation, parameters, schemas)}</ScrollPre>
    </article>
  );
}
