// A phone wallet's side of LNURL-auth (LUD-04), over real HTTP. Used by tests, the demo, and by the app itself
// (then with `allowedOrigins`, so that a user-supplied LNURL cannot make the server call arbitrary hosts).
import { z } from "zod";

import { decodeLnurl, isAllowedLnurlUrl, LnurlError } from "../lnurl/codec";
import { linkingKeyFor, signK1 } from "./keys";

const DEFAULT_TIMEOUT_MS = 10_000;
// A login reply is a few dozen bytes; refuse to buffer a large body from a hostile or broken service.
const MAX_REPLY_BYTES = 64 * 1024;

const serviceReplySchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("OK") }),
  z.object({ status: z.literal("ERROR"), reason: z.string().max(1000).catch("no reason given") }),
]);

/** What the simulator needs of `fetch`; the global one fits. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type LoginWithLnurlResult = { ok: true; key: string } | { ok: false; reason: string };

export type LoginWithLnurlOptions = {
  /** `LNURL1...` (optionally `lightning:`), `keyauth://...`, or the https login URL itself. */
  lnurl: string;
  /** The wallet seed, hex (see linkingKeyFor). A malformed seed is the caller's bug and throws. */
  seedHex: string;
  fetchImpl?: FetchLike;
  /** When given, only these origins (e.g. "https://boltwork.example") are ever contacted. */
  allowedOrigins?: readonly string[];
  timeoutMs?: number;
};

/** Logs in like a phone wallet: decode, check, derive the per-domain key, sign k1, GET the callback. */
export async function loginWithLnurl({
  lnurl,
  seedHex,
  fetchImpl = fetch,
  allowedOrigins,
  timeoutMs = DEFAULT_TIMEOUT_MS,
}: LoginWithLnurlOptions): Promise<LoginWithLnurlResult> {
  const url = resolveLoginUrl(lnurl);
  if (!url) return { ok: false, reason: "not a valid LNURL" };
  if (allowedOrigins && !isOriginAllowed(url, allowedOrigins)) {
    return { ok: false, reason: `refusing to contact ${url.origin}` };
  }
  if (url.searchParams.get("tag") !== "login") return { ok: false, reason: "not an LNURL-auth (tag=login) link" };
  const k1 = url.searchParams.get("k1") ?? "";
  if (!/^[0-9a-f]{64}$/i.test(k1)) return { ok: false, reason: "k1 is not 32 bytes of hex" };

  // LUD-05: the key depends on the full domain name only, not on scheme, port or path.
  const { privateKey, publicKeyHex } = linkingKeyFor(seedHex, url.hostname.replace(/\.$/, ""));
  const sig = signK1(privateKey, k1);
  url.hash = "";
  // LUD-04 appends to the existing query rather than rebuilding it, so the service sees its own params as sent.
  const callback = `${url.href}&sig=${sig}&key=${publicKeyHex}`;

  const reply = await fetchReply(fetchImpl, callback, timeoutMs);
  if (!reply.ok) return reply;
  return reply.body.status === "OK"
    ? { ok: true, key: publicKeyHex }
    : { ok: false, reason: reply.body.reason };
}

function resolveLoginUrl(input: string): URL | null {
  const text = input.trim();
  try {
    const direct = /^https?:\/\//i.test(text) ? new URL(text) : null;
    // LUD-01 fallback: https://host/...?lightning=LNURL1... carries the real LNURL in a parameter.
    const fallback = direct?.searchParams.get("lightning");
    const url = new URL(direct && !fallback ? direct.href : decodeLnurl(fallback ?? text));
    return isAllowedLnurlUrl(url) ? url : null;
  } catch (error) {
    if (error instanceof LnurlError || error instanceof TypeError) return null;
    throw error;
  }
}

function isOriginAllowed(url: URL, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.some((origin) => URL.canParse(origin) && new URL(origin).origin === url.origin);
}

async function fetchReply(
  fetchImpl: FetchLike,
  callback: string,
  timeoutMs: number,
): Promise<{ ok: true; body: z.infer<typeof serviceReplySchema> } | { ok: false; reason: string }> {
  let text: string | null;
  try {
    // redirect "error": following a redirect would let an allowed origin bounce us to any other host.
    const response = await fetchImpl(callback, {
      headers: { accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    // LNURL ignores HTTP status codes: an ERROR reply may come with any status, so read the body regardless.
    text = await readCapped(response, MAX_REPLY_BYTES);
  } catch (error) {
    const isTimeout = error instanceof Error && error.name === "TimeoutError";
    return { ok: false, reason: isTimeout ? "the service did not answer in time" : "could not reach the service" };
  }
  if (text === null) return { ok: false, reason: "the service sent an oversized reply" };
  const body = serviceReplySchema.safeParse(parseJson(text));
  return body.success ? { ok: true, body: body.data } : { ok: false, reason: "the service sent an invalid reply" };
}

async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
