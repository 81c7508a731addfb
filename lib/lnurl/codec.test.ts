import { createRequire } from "node:module";

import { describe, expect, it } from "vitest";
import { z } from "zod";

import { decodeLnurl, encodeLnurl, LnurlError } from "./codec";
import vectorsJson from "./__fixtures__/lnurl_test_vectors.json";

const vectors = z
  .object({ "LUD-01": z.object({ bech32: z.string(), decoded_url: z.string() }) })
  .parse(vectorsJson);
const { bech32: VECTOR_LNURL, decoded_url: VECTOR_URL } = vectors["LUD-01"];

// lnurl-node's own codec, an independent implementation to compare with (deep imports: the root loads express).
const require = createRequire(import.meta.url);
const lnurlEncode = loadStringFunction("lnurl/lib/encode");
const lnurlDecode = loadStringFunction("lnurl/lib/decode");

function loadStringFunction(id: string): (value: string) => string {
  const loaded: unknown = require(id);
  if (typeof loaded !== "function") throw new Error(`${id} is not a function`);
  return (value) => z.string().parse(loaded(value));
}

function expectLnurlError(run: () => unknown): void {
  expect(run).toThrow(LnurlError);
}

describe("LUD-01 spec vector", () => {
  it("decodes to the spec's URL, from upper and lower case", () => {
    expect(decodeLnurl(VECTOR_LNURL)).toBe(VECTOR_URL);
    expect(decodeLnurl(VECTOR_LNURL.toLowerCase())).toBe(VECTOR_URL);
  });

  it("encodes the spec's URL to exactly the spec's uppercase LNURL", () => {
    expect(encodeLnurl(VECTOR_URL)).toBe(VECTOR_LNURL);
  });

  it("accepts a lightning: prefix in either case", () => {
    expect(decodeLnurl(`lightning:${VECTOR_LNURL}`)).toBe(VECTOR_URL);
    expect(decodeLnurl(`LIGHTNING:${VECTOR_LNURL}`)).toBe(VECTOR_URL);
    expect(decodeLnurl(`lightning:${VECTOR_LNURL.toLowerCase()}`)).toBe(VECTOR_URL);
  });
});

describe("agreement with lnurl-node", () => {
  const urls = [
    "https://boltwork.example/api/lnurl/withdraw?k1=" + "ab".repeat(32),
    "http://localhost:3000/api/lnurl/auth?tag=login&k1=" + "01".repeat(32) + "&action=login",
    "https://xn--bcher-kva.example/ü?q=ä",
  ];
  it.each(urls)("encodes and decodes %s the same way", (url) => {
    expect(encodeLnurl(url)).toBe(lnurlEncode(url).toUpperCase());
    expect(decodeLnurl(lnurlEncode(url))).toBe(url);
    expect(lnurlDecode(encodeLnurl(url))).toBe(url);
  });
});

it("round-trips a URL far beyond bech32's usual 90-char limit", () => {
  const url = `https://boltwork.example/api/lnurl/withdraw?k1=${"f".repeat(64)}&note=${"x".repeat(400)}`;
  const lnurl = encodeLnurl(url);
  expect(lnurl.length).toBeGreaterThan(700);
  expect(lnurl).toMatch(/^LNURL1[02-9ACDEFGHJKLMNPQRSTUVWXYZ]+$/);
  expect(decodeLnurl(lnurl)).toBe(url);
});

describe("LUD-17 schemes", () => {
  it.each([
    ["lnurlw://domain.com/path", "https://domain.com/path"],
    ["lnurlp://examplennnnnnnn.onion/path", "http://examplennnnnnnn.onion/path"],
    ["keyauth://Boltwork.Example/auth?tag=login&k1=00", "https://boltwork.example/auth?tag=login&k1=00"],
    ["KEYAUTH://localhost:3000/api/lnurl/auth", "http://localhost:3000/api/lnurl/auth"],
    ["lnurlc://127.0.0.1:8080/c", "http://127.0.0.1:8080/c"],
    ["lightning:lnurlw://domain.com/w", "https://domain.com/w"],
  ])("maps %s to %s", (input, expected) => {
    expect(decodeLnurl(input)).toBe(expected);
  });
});

describe("garbage is refused with LnurlError", () => {
  const mixedCase = VECTOR_LNURL.slice(0, 20) + VECTOR_LNURL.slice(20).toLowerCase();
  const flipped = VECTOR_LNURL.slice(0, 30) + (VECTOR_LNURL[30] === "Q" ? "P" : "Q") + VECTOR_LNURL.slice(31);
  it.each([
    ["empty", ""],
    ["plain words", "hello world"],
    ["mixed case", mixedCase],
    ["a flipped character", flipped],
    ["a bech32 address of another kind", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
    ["a character outside the bech32 set", VECTOR_LNURL.replace("DP68", "DP6B")],
    ["a truncated LNURL", VECTOR_LNURL.slice(0, 40)],
    ["an overlong string", `LNURL1${"Q".repeat(5000)}`],
    ["an unknown scheme", "lnurlx://domain.com/path"],
    ["a LUD-17 URL without a host", "lnurlw:///path"],
  ])("%s", (_name, input) => {
    expectLnurlError(() => decodeLnurl(input));
  });

  it("a valid bech32 string that is not a URL", () => {
    expectLnurlError(() => decodeLnurl(lnurlEncode("not a url")));
  });

  it("an http URL to a public host, decoded or encoded", () => {
    expectLnurlError(() => decodeLnurl(lnurlEncode("http://boltwork.example/api")));
    expectLnurlError(() => encodeLnurl("http://boltwork.example/api"));
  });

  it("a URL with credentials or a non-web scheme", () => {
    expectLnurlError(() => encodeLnurl("https://user:pw@boltwork.example/"));
    expectLnurlError(() => encodeLnurl("javascript:alert(1)"));
    expectLnurlError(() => decodeLnurl(lnurlEncode("file:///etc/passwd")));
  });

  it("carries a machine-readable code", () => {
    try {
      decodeLnurl("nope");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LnurlError);
      expect(error instanceof LnurlError && error.code).toBe("INVALID_LNURL");
    }
  });
});
