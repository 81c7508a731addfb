import 'server-only';
import { containsNul, NUL_MESSAGE } from '@/lib/http/nul';
import { ApiError } from './problem';

/** JSON request bodies larger than this answer 413. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** Reads the body as UTF-8 text, stopping as soon as it passes `maxBytes` (the declared length is not trusted). */
export async function readTextWithLimit(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<string> {
  const tooLarge = () => new ApiError('PAYLOAD_TOO_LARGE', `JSON bodies are limited to ${maxBytes} bytes.`);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError('MALFORMED_JSON', 'The body is not valid UTF-8.');
  }
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('MALFORMED_JSON', 'The body is not valid JSON.');
  }
  if (containsNul(value)) throw new ApiError('VALIDATION_FAILED', `The body's ${NUL_MESSAGE}.`);
  return value;
}

/** JSON text of a response: bigint (never sats, which the API sends as numbers) becomes a decimal string. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, inner) => (typeof inner === 'bigint' ? inner.toString() : inner));
}
