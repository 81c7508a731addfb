import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { buildLoginUrl, createAuthK1, lnurlAuthCallbackSchema, verifyAuthSignature } from "../lnurl/auth";
import { encodeLnurl } from "../lnurl/codec";
import { deriveBip32PrivateKey, deriveLinkingPath, linkingKeyFor } from "./keys";
import { loginWithLnurl, type FetchLike, type LoginWithLnurlOptions } from "./lnurl-auth";

const SEED = "00".repeat(31) + "01";
const OTHER_SEED = "42".repeat(32);

/** A minimal LNURL-auth service: issued k1s are accepted once, with a valid signature. */
class FakeAuthService {
  readonly openK1s = new Set<string>();
  readonly loggedInKeys: string[] = [];
  requests = 0;
  private server: Server = createServer((request, response) => {
    this.requests += 1;
    const url = new URL(request.url ?? "/", "http://service.invalid");
    if (url.pathname === "/hang") return; // never answers: the wallet must time out
    const reply = this.handle(url);
    response.writeHead(url.pathname === "/teapot" ? 418 : 200, { "content-type": "application/json" });
    response.end(typeof reply === "string" ? reply : JSON.stringify(reply));
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const address: AddressInfo | string | null = this.server.address();
    if (!address || typeof address === "string") throw new Error("server has no port");
    this.port = address.port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  issueLnurl(host = "127.0.0.1", path = "/api/lnurl/auth"): string {
    const k1 = createAuthK1();
    this.openK1s.add(k1);
    return encodeLnurl(buildLoginUrl(`http://${host}:${this.port}${path}`, k1, "login"));
  }

  private handle(url: URL): object | string {
    if (url.pathname === "/always-error") return { status: "ERROR", reason: "account suspended" };
    if (url.pathname === "/not-json") return "<html>oops</html>";
    if (url.pathname === "/teapot") return { status: "ERROR", reason: "I'm a teapot" };
    const query = lnurlAuthCallbackSchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return { status: "ERROR", reason: "bad query" };
    const { k1, sig, key } = query.data;
    if (!this.openK1s.has(k1)) return { status: "ERROR", reason: "unknown or used k1" };
    if (!verifyAuthSignature({ k1, sig, key })) return { status: "ERROR", reason: "bad signature" };
    this.openK1s.delete(k1);
    this.loggedInKeys.push(key);
    return { status: "OK" };
  }
}

const service = new FakeAuthService();
// Only 127.0.0.1 listens; `localhost` is sent there too (Node may resolve it to ::1 first), but the wallet still
// sees, and derives its key for, the host name "localhost".
const fetchViaLoopback: FetchLike = (url, init) => fetch(url.replace("//localhost:", "//127.0.0.1:"), init);

const login = (lnurl: string, options: Partial<LoginWithLnurlOptions> = {}) =>
  loginWithLnurl({ lnurl, seedHex: SEED, ...options });
const loginViaLocalhost = (seedHex: string) =>
  login(service.issueLnurl("localhost"), { seedHex, fetchImpl: fetchViaLoopback });

beforeAll(() => service.start());
afterAll(() => service.stop());
beforeEach(() => {
  service.requests = 0;
});

describe("loginWithLnurl against a real HTTP service", () => {
  it("logs in with the key LUD-05 gives this seed for this host", async () => {
    const result = await login(service.issueLnurl());
    const expectedKey = linkingKeyFor(SEED, "127.0.0.1").publicKeyHex;
    expect(result).toEqual({ ok: true, key: expectedKey });
    expect(service.loggedInKeys.at(-1)).toBe(expectedKey);
  });

  it("accepts lightning:, lowercase and the raw keyauth:// and http URL forms", async () => {
    const lnurl = service.issueLnurl();
    expect((await login(`lightning:${lnurl.toLowerCase()}`)).ok).toBe(true);
    const url = new URL(buildLoginUrl(`http://127.0.0.1:${service.port}/a`, createAuthK1()));
    service.openK1s.add(url.searchParams.get("k1") ?? "");
    expect((await login(url.href.replace("http://", "keyauth://"))).ok).toBe(true);
    const direct = service.issueLnurl();
    const fallback = `http://127.0.0.1:${service.port}/landing?lightning=${direct}`;
    expect((await login(fallback)).ok).toBe(true);
  });

  it("is refused by the service when the same k1 is replayed", async () => {
    const lnurl = service.issueLnurl();
    expect((await login(lnurl)).ok).toBe(true);
    expect(await login(lnurl)).toEqual({ ok: false, reason: "unknown or used k1" });
    expect(await login(lnurl, { seedHex: OTHER_SEED })).toEqual({ ok: false, reason: "unknown or used k1" });
  });

  it("keeps one identity per seed and host, and a different one on another host", async () => {
    const first = await loginViaLocalhost(SEED);
    const again = await loginViaLocalhost(SEED);
    const otherHost = await login(service.issueLnurl("127.0.0.1"));
    const otherSeed = await loginViaLocalhost(OTHER_SEED);
    if (!first.ok || !again.ok || !otherHost.ok || !otherSeed.ok) throw new Error("a login failed");
    expect(again.key).toBe(first.key);
    expect(otherHost.key).not.toBe(first.key);
    expect(otherSeed.key).not.toBe(first.key);
    expect(first.key).toBe(linkingKeyFor(SEED, "localhost").publicKeyHex);
  });

  it("refuses a foreign origin before making any request", async () => {
    const lnurl = service.issueLnurl();
    const refused = await login(lnurl, { allowedOrigins: ["https://boltwork.example"] });
    expect(refused).toEqual({ ok: false, reason: `refusing to contact http://127.0.0.1:${service.port}` });
    expect(service.requests).toBe(0);
    const allowed = await login(lnurl, { allowedOrigins: [`http://127.0.0.1:${service.port}/`] });
    expect(allowed.ok).toBe(true);
  });

  it("surfaces the service's ERROR reason, whatever the HTTP status", async () => {
    const suspended = await login(service.issueLnurl("127.0.0.1", "/always-error"));
    expect(suspended).toEqual({ ok: false, reason: "account suspended" });
    const teapot = await login(service.issueLnurl("127.0.0.1", "/teapot"));
    expect(teapot).toEqual({ ok: false, reason: "I'm a teapot" });
  });

  it("reports a reply that is not LNURL JSON", async () => {
    const result = await login(service.issueLnurl("127.0.0.1", "/not-json"));
    expect(result).toEqual({ ok: false, reason: "the service sent an invalid reply" });
  });

  it("gives up on a service that does not answer", async () => {
    const result = await login(service.issueLnurl("127.0.0.1", "/hang"), { timeoutMs: 150 });
    expect(result).toEqual({ ok: false, reason: "the service did not answer in time" });
  });

  it("refuses a link that is not a login link, or has no proper k1, without calling it", async () => {
    const base = `http://127.0.0.1:${service.port}/api/lnurl/withdraw`;
    const withdraw = encodeLnurl(`${base}?tag=withdrawRequest&k1=${createAuthK1()}`);
    const notLogin = { ok: false, reason: "not an LNURL-auth (tag=login) link" };
    const invalid = { ok: false, reason: "not a valid LNURL" };
    expect(await login(withdraw)).toEqual(notLogin);
    expect(await login(encodeLnurl(`${base}?k1=${createAuthK1()}`))).toEqual(notLogin);
    const shortK1 = encodeLnurl(`${base}?tag=login&k1=abcd`);
    expect(await login(shortK1)).toEqual({ ok: false, reason: "k1 is not 32 bytes of hex" });
    expect(await login("LNURL1GARBAGE")).toEqual(invalid);
    expect(await login("http://boltwork.example/?tag=login")).toEqual(invalid);
    expect(service.requests).toBe(0);
  });
});

describe("LUD-05 linking keys", () => {
  it("reproduces the LUD-05 test vector's path for site.com", () => {
    const hashingKey = hexToBytes("7d417a6a5e9a6a4a879aeaba11a11838764c8fa2b959c242d43dea682b3e409b");
    expect(deriveLinkingPath(hashingKey, "site.com")).toEqual([1588488367, 2659270754, 38110259, 4136336762]);
    expect(deriveLinkingPath(hashingKey, "site.com.")).toEqual([1588488367, 2659270754, 38110259, 4136336762]);
  });

  // Expected keys are the private keys inside the BIP-32 spec's test-vector xprv strings for these chains.
  const H = 0x80000000;
  it.each([
    ["000102030405060708090a0b0c0d0e0f", [], "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"],
    [
      "000102030405060708090a0b0c0d0e0f",
      [H, 1, H + 2, 2, 1000000000],
      "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8",
    ],
    [
      "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542",
      [0, H + 2147483647, 1, H + 2147483646, 2],
      "bb7d39bdb83ecf58f2fd82b6d918341cbef428661ef01ab97c28a4842125ac23",
    ],
  ])("derives BIP-32 test vector seed %s along %j", (seed, path, expected) => {
    expect(bytesToHex(deriveBip32PrivateKey(hexToBytes(seed), path))).toBe(expected);
  });

  it("ignores a trailing dot and refuses a malformed seed", () => {
    expect(linkingKeyFor(SEED, "site.com.").publicKeyHex).toBe(linkingKeyFor(SEED, "site.com").publicKeyHex);
    expect(() => linkingKeyFor("abc", "site.com")).toThrow(TypeError);
  });
});
