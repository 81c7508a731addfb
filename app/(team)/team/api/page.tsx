import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiConcepts } from '@/components/team/api-concepts';
import { ApiKeyCreateForm } from '@/components/team/api-key-create-form';
import { ReadOnlyNotice } from '@/components/team/read-only-notice';
import { revokeApiKeyAction } from '@/lib/api/actions';
import { getApiKeysPage } from '@/lib/api/queries';
import { requirePageRole } from '@/lib/auth/viewer';
import { canChangeTeamWork } from '@/lib/teams/roles';
import { ScrollRegion } from '@/components/ui/scroll-region';

export const metadata: Metadata = { title: 'API keys' };

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

export default async function ApiKeysPage() {
  await requirePageRole('REQUESTER', '/team/api');
  const { keys, role } = await getApiKeysPage();
  const canChange = canChangeTeamWork(role);
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <Link href="/team" className="text-sm text-zinc-500 underline">
          ← All projects
        </Link>
        <h1 className="text-2xl font-bold">API</h1>
        <p className="text-sm text-zinc-500">
          Automate projects, uploads, funding and exports. Read the <Link href="/team/api/reference" className="underline">API reference</Link> or
          fetch the <a href="/api/v1/openapi.json" className="underline">OpenAPI document</a>.
        </p>
      </div>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Create a key</h2>
        {canChange ? <ApiKeyCreateForm /> : <ReadOnlyNotice what="create or revoke API keys" />}
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Keys</h2>
        {keys.length === 0 ? (
          <p className="text-sm text-zinc-500">No keys yet.</p>
        ) : (
          <ScrollRegion label="API keys" className="overflow-x-auto rounded-2xl border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-left text-sm">
              <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900">
                <tr>
                  <th className="px-4 py-2 font-medium">Name</th>
                  <th className="px-4 py-2 font-medium">Key</th>
                  <th className="px-4 py-2 font-medium">Created</th>
                  <th className="px-4 py-2 font-medium">Last used</th>
                  <th className="px-4 py-2 font-medium">Status</th>
                  <th className="px-4 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => {
                  const isExpired = key.expiresAt !== null && key.expiresAt <= new Date();
                  const status = key.revokedAt ? 'Revoked' : isExpired ? 'Expired' : key.scopes.length === 1 ? `Active (${key.scopes[0]} only)` : 'Active';
                  return (
                    <tr key={key.id} className="border-t border-zinc-200 dark:border-zinc-800" data-testid="api-key-row">
                      <td className="px-4 py-2 font-medium">{key.name}</td>
                      <td className="px-4 py-2 font-mono text-xs">{key.prefix}…</td>
                      <td className="px-4 py-2 whitespace-nowrap">
                        {when(key.createdAt)}
                        {key.createdBy && <span className="block text-xs text-zinc-500">by {key.createdBy}</span>}
                      </td>
                      <td className="px-4 py-2 whitespace-nowrap">{when(key.lastUsedAt)}</td>
                      <td className="px-4 py-2">{status}</td>
                      <td className="px-4 py-2 text-right">
                        {!key.revokedAt && canChange && (
                          <form action={revokeApiKeyAction}>
                            <input type="hidden" name="apiKeyId" value={key.id} />
                            <button type="submit" className="rounded-lg border border-red-300 px-3 py-1 text-xs font-semibold text-red-700">
                              Revoke
                            </button>
                          </form>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">How the API works</h2>
        <ApiConcepts />
      </section>
    </div>
  );
}
