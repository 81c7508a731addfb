import { MAX_JSON_BODY_BYTES } from '@/lib/api/body';
import { IDEMPOTENCY_TTL_HOURS } from '@/lib/api/idempotency';
import { API_RATE_LIMIT } from '@/lib/api/keys';
import { DEFAULT_MAX_UPLOAD_BYTES as MAX_UPLOAD_BYTES } from '@/lib/batches/schemas';

const MiB = (bytes: number) => `${bytes / 1024 / 1024} MiB`;

/** The few rules every API caller needs, from the same constants the server enforces (full text: docs/api.md). */
export function ApiConcepts() {
  const rules = [
    ['Authentication', 'Send `Authorization: Bearer bw_live_…`. Missing, unknown, revoked or expired keys get 401.'],
    ['Errors', 'Every error is RFC 9457 `application/problem+json`: `{type, title, status, code, detail, requestId, errors?}`. Validation errors (422) list each field in `errors`.'],
    ['Idempotency', `Send \`Idempotency-Key\` on POSTs: a retry with the same key and body replays the first answer (\`Idempotent-Replayed: true\`) for ${IDEMPOTENCY_TTL_HOURS} h; the same key with another body is 422; while the first is still running, 409.`],
    ['Limits', `${API_RATE_LIMIT.limit} requests per minute per key (429 with Retry-After). JSON bodies up to ${MiB(MAX_JSON_BODY_BYTES)}; uploads up to ${MiB(MAX_UPLOAD_BYTES)}, streamed.`],
    ['Pagination', 'Lists answer `{data, nextCursor}`; pass `cursor=<nextCursor>` until it is null. `limit` caps the page size.'],
    ['Money', 'Amounts are whole sats. Funding invoices are BOLT11; poll the invoice until it is PAID.'],
  ];
  return (
    <dl className="grid gap-3 sm:grid-cols-2">
      {rules.map(([term, text]) => (
        <div key={term} className="rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
          <dt className="font-semibold">{term}</dt>
          <dd className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{text}</dd>
        </div>
      ))}
    </dl>
  );
}
