import 'server-only';

// LNURL answers in its own shape whatever happens (style E4); wallets ignore HTTP status codes.
const headers = {
  'Cache-Control': 'no-store',
  'Access-Control-Allow-Origin': '*',
  'Content-Type': 'application/json',
} as const;

export function lnurlOk(body: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ status: 'OK', ...body }), { headers });
}

export function lnurlError(reason: string): Response {
  return new Response(JSON.stringify({ status: 'ERROR', reason }), { headers });
}
