import 'server-only';
import { Agent, request } from 'undici';
import { isPrivateTargetError, lookupPublicOnly } from '@/lib/http/public-only';

export const WEBHOOK_TIMEOUT_MS = 10_000;

const agentOptions = { headersTimeout: WEBHOOK_TIMEOUT_MS, bodyTimeout: WEBHOOK_TIMEOUT_MS, connections: 16 };
const publicOnlyAgent = new Agent({ ...agentOptions, connect: { timeout: WEBHOOK_TIMEOUT_MS, lookup: lookupPublicOnly } });
const anyTargetAgent = new Agent({ ...agentOptions, connect: { timeout: WEBHOOK_TIMEOUT_MS } });

export type PostResult = { ok: true; status: number } | { ok: false; status: number | null; error: string; isTargetRefused: boolean };

/** POSTs `body` once. Never follows redirects (a 3xx is a failure) and gives up after WEBHOOK_TIMEOUT_MS. */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<PostResult> {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  try {
    const response = await request(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Boltwork-Webhooks/1', ...headers },
      dispatcher: options.allowPrivate ? anyTargetAgent : publicOnlyAgent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is not ours to keep; read at most a little so the connection can be reused.
    await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, status: response.statusCode };
    return { ok: false, status: response.statusCode, error: `HTTP ${response.statusCode}`, isTargetRefused: false };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as { cause?: NodeJS.ErrnoException }).cause?.code;
    if (isPrivateTargetError(error)) return { ok: false, status: null, error: (error as Error).message, isTargetRefused: true };
    const reason = (error as Error).name === 'TimeoutError' ? `No answer within ${timeoutMs / 1000} s` : `${code ?? 'Network error'}: ${(error as Error).message}`;
    return { ok: false, status: null, error: reason.slice(0, 500), isTargetRefused: false };
  }
}
