// Webhook URLs are chosen by teams, and the worker POSTs to them from inside our network: without this guard a
// webhook could reach the database, the Lightning node or a cloud metadata endpoint (SSRF).
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 96], // "::" and "::1", and IPv4-compatible addresses (deprecated): [::127.0.0.1] is written [::7f00:1]
  ['64:ff9b::', 96], // NAT64 may embed a private IPv4
  ['100::', 64],
  ['2001::', 32], // Teredo: an IPv4 address inside
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4: an IPv4 address inside (2002:7f00:1:: is 127.0.0.1's)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(prefix, bits, 'ipv6');
}

/** True for loopback, private, link-local, multicast and reserved addresses, IPv4-mapped IPv6 included. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true; // not an IP at all: refuse rather than guess
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  // ::ffff:7f00:1 is 127.0.0.1 written in hex.
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (mappedHex) {
    const high = parseInt(mappedHex[1], 16);
    const low = parseInt(mappedHex[2], 16);
    return blocked.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
  }
  return blocked.check(address, 'ipv6');
}

/** Why a URL may not be a webhook target before any DNS is asked, or null. Only http(s), no credentials in it. */
export function checkWebhookUrl(raw: string, options: { allowPrivate: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The URL is not valid.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http:// and https:// URLs can receive webhooks.';
  if (url.username || url.password) return 'Put credentials in your receiver, not in the URL.';
  if (options.allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'Private and loopback addresses cannot receive webhooks.';
  if (isIP(host) && isPrivateAddress(host)) return 'Private and loopback addresses cannot receive webhooks.';
  return null;
}
