import { createRequire } from "node:module";

import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { linkingKeyFor, signK1 } from "../wallet-sim/keys";
import {
  buildLoginUrl,
  createAuthK1,
  lnurlAuthCallbackSchema,
  verifyAuthSignature,
} from "./auth";
import vectorsJson from "./__fixtures__/lnurl_test_vectors.json";

const hex = z.string().regex(/^[0-9a-f]+$/);
const VECTOR = z
  .object({ "LUD-04": z.object({ k1: hex, key: hex, sig_der: hex }) })
  .parse(vectorsJson)["LUD-04"];
const valid = { k1: VECTOR.k1, sig: VECTOR.sig_der, key: VECTOR.key };
const N = secp256k1.Point.Fn.ORDER;

// lnurl-node's signature helpers, deep-imported (its root loads express). They need `secp256k1` (5.0.0, nested
// under lnurl): with install scripts off nothing is compiled, but it ships prebuilt N-API binaries (linux-x64
// glibc/musl, darwin, win32) that load on Node 20, and it falls back to `elliptic` elsewhere. If neither loads,
// only the cross-checks below are skipped, not the rest of this file.
const lnurlNode = loadLnurlNodeAuth();

function loadLnurlNodeAuth() {
  try {
    const require = createRequire(import.meta.url);
    const verify: unknown = require("lnurl/lib/verifyAuthorizationSignature");
    const create: unknown = require("lnurl/lib/createAuthorizationSignature");
    if (typeof verify !== "function" || typeof create !== "function") return null;
    return {
      verify: (sig: string, k1: string, key: string) => z.boolean().parse(verify(sig, k1, key)),
      create: (k1: string, privateKeyHex: string) =>
        bytesToHex(z.instanceof(Uint8Array).parse(create(k1, privateKeyHex))),
    };
  } catch {
    return null;
  }
}

function flipHexByte(value: string, byteIndex: number): string {
  const at = byteIndex * 2;
  const flipped = (parseInt(value.slice(at, at + 2), 16) ^ 0x01).toString(16).padStart(2, "0");
  return value.slice(0, at) + flipped + value.slice(at + 2);
}

function toHighS(sigHex: string): string {
  const { r, s } = secp256k1.Signature.fromBytes(hexToBytes(sigHex), "der");
  return new secp256k1.Signature(r, N - s).toHex("der");
}

describe("verifyAuthSignature", () => {
  it("accepts the LUD-04 spec vector", () => {
    expect(verifyAuthSignature(valid)).toBe(true);
  });

  it("accepts uppercase hex, as wallets may send it", () => {
    const upper = { k1: valid.k1.toUpperCase(), sig: valid.sig.toUpperCase(), key: valid.key.toUpperCase() };
    expect(verifyAuthSignature(upper)).toBe(true);
  });

  it.each([0, 5, 10, 40, 70])("refuses the vector with byte %i of sig flipped", (byte) => {
    expect(verifyAuthSignature({ ...valid, sig: flipHexByte(valid.sig, byte) })).toBe(false);
  });

  it.each([0, 15, 31])("refuses the vector with byte %i of k1 flipped", (byte) => {
    expect(verifyAuthSignature({ ...valid, k1: flipHexByte(valid.k1, byte) })).toBe(false);
  });

  it.each([0, 1, 16, 32])("refuses the vector with byte %i of key flipped", (byte) => {
    expect(verifyAuthSignature({ ...valid, key: flipHexByte(valid.key, byte) })).toBe(false);
  });

  it("refuses the high-S twin of a valid signature", () => {
    const highS = toHighS(valid.sig);
    expect(highS).not.toBe(valid.sig);
    expect(verifyAuthSignature({ ...valid, sig: highS })).toBe(false);
  });

  it("refuses a k1 longer than 32 bytes, which noble alone would truncate and accept", () => {
    const longK1 = valid.k1 + "00";
    const [sig, message, key] = [valid.sig, longK1, valid.key].map(hexToBytes);
    expect(secp256k1.verify(sig, message, key, { prehash: false, format: "der" })).toBe(true);
    expect(verifyAuthSignature({ ...valid, k1: longK1 })).toBe(false);
  });

  it("refuses the uncompressed form of the right key", () => {
    const uncompressed = secp256k1.Point.fromHex(valid.key).toHex(false);
    expect(uncompressed).toHaveLength(130);
    expect(verifyAuthSignature({ ...valid, key: uncompressed })).toBe(false);
  });

  it.each([
    ["empty sig", { sig: "" }],
    ["non-hex sig", { sig: "zz" + valid.sig.slice(2) }],
    ["odd-length sig", { sig: valid.sig.slice(0, -1) }],
    ["trailing bytes after DER", { sig: valid.sig + "00" }],
    ["compact (non-DER) sig", { sig: valid.sig.slice(8, 72) + valid.sig.slice(76) }],
    ["oversized sig", { sig: "30".repeat(200) }],
    ["short k1", { k1: valid.k1.slice(2) }],
    ["non-hex k1", { k1: "g" + valid.k1.slice(1) }],
    ["key with a bad prefix", { key: "05" + valid.key.slice(2) }],
    ["key not on the curve", { key: "02" + "ff".repeat(32) }],
    ["empty key", { key: "" }],
  ])("refuses a %s without throwing", (_name, override) => {
    expect(() => verifyAuthSignature({ ...valid, ...override })).not.toThrow();
    expect(verifyAuthSignature({ ...valid, ...override })).toBe(false);
  });

  it("accepts a signature made by the wallet simulator's keys", () => {
    const { privateKey, publicKeyHex } = linkingKeyFor("11".repeat(32), "boltwork.example");
    const k1 = createAuthK1();
    expect(verifyAuthSignature({ k1, sig: signK1(privateKey, k1), key: publicKeyHex })).toBe(true);
    expect(verifyAuthSignature({ k1: createAuthK1(), sig: signK1(privateKey, k1), key: publicKeyHex })).toBe(false);
  });
});

describe.skipIf(!lnurlNode)("agreement with lnurl-node's verify/createAuthorizationSignature", () => {
  const lnurl = lnurlNode ?? { verify: () => false, create: () => "" };
  const { privateKey, publicKeyHex } = linkingKeyFor("22".repeat(32), "localhost");
  const k1 = "5d".repeat(32);

  it("both accept the spec vector", () => {
    expect(lnurl.verify(valid.sig, valid.k1, valid.key)).toBe(true);
  });

  it("both refuse the high-S twin", () => {
    expect(lnurl.verify(toHighS(valid.sig), valid.k1, valid.key)).toBe(false);
  });

  it("lnurl-node accepts our simulator's signature", () => {
    expect(lnurl.verify(signK1(privateKey, k1), k1, publicKeyHex)).toBe(true);
  });

  it("we accept lnurl-node's signature, and both sign identically (RFC 6979, low-S)", () => {
    const theirs = lnurl.create(k1, bytesToHex(privateKey));
    expect(verifyAuthSignature({ k1, sig: theirs, key: publicKeyHex })).toBe(true);
    expect(theirs).toBe(signK1(privateKey, k1));
  });
});

describe("createAuthK1 and buildLoginUrl", () => {
  it("creates distinct 32-byte hex challenges", () => {
    const [a, b] = [createAuthK1(), createAuthK1()];
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  it("builds a login URL that keeps the base URL's own query", () => {
    const url = new URL(buildLoginUrl("https://boltwork.example/api/lnurl/auth?v=1", valid.k1.toUpperCase(), "login"));
    expect(url.origin + url.pathname).toBe("https://boltwork.example/api/lnurl/auth");
    expect(Object.fromEntries(url.searchParams)).toEqual({ v: "1", tag: "login", k1: valid.k1, action: "login" });
    expect(new URL(buildLoginUrl("https://boltwork.example/a", valid.k1)).searchParams.has("action")).toBe(false);
  });

  it("refuses a malformed k1", () => {
    expect(() => buildLoginUrl("https://boltwork.example/a", "abc")).toThrow(TypeError);
  });
});

describe("lnurlAuthCallbackSchema", () => {
  const query = { tag: "login", k1: valid.k1, sig: valid.sig, key: valid.key, action: "register" };

  it("parses a wallet's callback query and lowercases hex", () => {
    const upper = { ...query, k1: query.k1.toUpperCase(), key: query.key.toUpperCase(), extra: "ignored" };
    expect(lnurlAuthCallbackSchema.parse(upper)).toEqual(query);
    const { action: _action, ...withoutAction } = query;
    expect(lnurlAuthCallbackSchema.parse(withoutAction)).toEqual(withoutAction);
  });

  it.each([
    ["wrong tag", { tag: "withdrawRequest" }],
    ["short k1", { k1: "ab" }],
    ["uncompressed key", { key: "04" + "ab".repeat(64) }],
    ["oversized sig", { sig: "ab".repeat(73) }],
    ["non-hex sig", { sig: "xyz" }],
    ["unknown action", { action: "pay" }],
  ])("refuses a %s", (_name, override) => {
    expect(lnurlAuthCallbackSchema.safeParse({ ...query, ...override }).success).toBe(false);
  });
});
