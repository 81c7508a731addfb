import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiConcepts } from '@/components/team/api-concepts';
import { ApiOperation } from '@/components/team/api-operation';
import { getOpenApiDocument } from '@/lib/api/openapi';
import { requirePageRole } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { ScrollPre } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'API reference' };

/** The API reference, rendered on the server from the same OpenAPI document /api/v1/openapi.json serves. */
export default async function ApiReferencePage() {
  await requirePageRole('REQUESTER', '/team/api/reference');
  const doc = getOpenApiDocument();
  const baseUrl = getEnv().publicUrl;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  const tags = doc.tags.map((tag) => tag.name);
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <Link href="/team/api" className="text-sm text-zinc-500 underline">
          ← API keys
        </Link>
        <h1 className="text-2xl font-bold">API reference</h1>
        <p className="text-sm text-zinc-500">
          Base URL <code>{baseUrl}/api/v1</code>. Machine-readable: <a href="/api/v1/openapi.json" className="underline">openapi.json</a> (OpenAPI {doc.openapi}).
        </p>
        <nav className="flex flex-wrap gap-2 pt-2 text-sm">
          {tags.map((tag) => (
            <a key={tag} href={`#tag-${tag}`} className="rounded-full border border-zinc-300 px-3 py-1 dark:border-zinc-700">{tag}</a>
          ))}
        </nav>
      </div>
      <ApiConcepts />
      {tags.map((tag) => (
        <section key={tag} id={`tag-${tag}`} className="scroll-mt-20 space-y-3">
          <h2 className="text-xl font-semibold">{tag}</h2>
          {operations
            .filter(({ operation }) => Array.isArray(operation.tags) && operation.tags.includes(tag))
            .map(({ path, method, operation }) => (
              <ApiOperation key={`${method} ${path}`} baseUrl={baseUrl} method={method} path={path} operation={operation} schemas={doc.components.schemas} parameters={doc.components.parameters} />
            ))}
        </section>
      ))}
      <section className="space-y-3">
        <h2 className="text-xl font-semibold">Schemas</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <details key={name} id={`schema-${name}`} className="scroll-mt-20 rounded-2xl border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <summary className="cursor-pointer font-mono font-medium">{name}</summary>
            <ScrollPre label={`Schema ${name}`} className="mt-2 max-h-96 overflow-auto rounded-lg bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{JSON.stringify(schema, null, 2)}</ScrollPre>
          </details>
        ))}
      </section>
    </div>
  );
}
