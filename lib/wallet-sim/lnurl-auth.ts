// A phone wallet's side of LNURL-auth (LUD-04), over real HTTP. Used by tests, the demo, and by the app itself
// (then with `allowedOrigins`, so that a user-supplied LNURL cannot make the server call arbitrary hosts).
import { z } from "zod";

import { fetchJson, isOriginAllowed, resolveScannedUrl, type FetchLike } from "./http";
import { linkingKeyFor, signK1 } from "./keys";

const DEFAULT_TIMEOUT_MS = 10_000;

const serviceReplySchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("OK") }),
  z.object({ status: z.literal("ERROR"), reason: z.string().max(1000).catch("no reason given") }),
]);

export type { FetchLike };

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
  const url = resolveScannedUrl(lnurl);
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

  const reply = await fetchJson(fetchImpl, callback, timeoutMs);
  if (!reply.ok) return reply;
  const body = serviceReplySchema.safeParse(reply.body);
  if (!body.success) return { ok: false, reason: "the service sent an invalid reply" };
  return body.data.status === "OK" ? { ok: true, key: publicKeyHex } : { ok: false, reason: body.data.reason };
}
