// What every simulated-wallet request shares: resolving what was scanned, the origin allowlist, and a bounded,
// redirect-free JSON fetch (LNURL replies are small; anything else is a hostile or broken service).
import { decodeLnurl, isAllowedLnurlUrl, LnurlError } from '../lnurl/codec';

const MAX_REPLY_BYTES = 64 * 1024;

/** What the simulator needs of `fetch`; the global one fits. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The URL behind `LNURL1...`, a LUD-17 scheme, an https URL, or the LUD-01 `?lightning=` fallback; null if none. */
export function resolveScannedUrl(input: string): URL | null {
  const text = input.trim();
  try {
    const direct = /^https?:\/\//i.test(text) ? new URL(text) : null;
    // LUD-01 fallback: https://host/...?lightning=LNURL1... carries the real LNURL in a parameter.
    const fallback = direct?.searchParams.get('lightning');
    const url = new URL(direct && !fallback ? direct.href : decodeLnurl(fallback ?? text));
    return isAllowedLnurlUrl(url) ? url : null;
  } catch (error) {
    if (error instanceof LnurlError || error instanceof TypeError) return null;
    throw error;
  }
}

export function isOriginAllowed(url: URL, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.some((origin) => URL.canParse(origin) && new URL(origin).origin === url.origin);
}

/** GETs JSON with a timeout and a size cap, never following redirects. */
export async function fetchJson(
  fetchImpl: FetchLike,
  url: string,
  timeoutMs: number,
): Promise<{ ok: true; body: unknown } | { ok: false; reason: string }> {
  let text: string | null;
  try {
    // redirect "error": following a redirect would let an allowed origin bounce us to any other host.
    const response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // LNURL ignores HTTP status codes: an ERROR reply may come with any status, so read the body regardless.
    text = await readCapped(response, MAX_REPLY_BYTES);
  } catch (error) {
    const isTimeout = error instanceof Error && error.name === 'TimeoutError';
    return { ok: false, reason: isTimeout ? 'the service did not answer in time' : 'could not reach the service' };
  }
  if (text === null) return { ok: false, reason: 'the service sent an oversized reply' };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'the service sent an invalid reply' };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}
