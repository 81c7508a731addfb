import 'server-only';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isPrivateAddress } from '@/lib/webhooks/target-guard';

// Outgoing requests to hosts that teams and workers choose (webhooks, Lightning Addresses, agents' refund targets)
// must not reach our own network. Checking the host name is not enough: `127.0.0.1.nip.io` or `localtest.me` are
// public names that resolve to loopback. This lookup is the one the socket itself uses, so the address checked is
// the address connected to, and a name that resolves to a public IP when checked and a private one when
// connecting (DNS rebinding) is still refused.

/** The error code a refused target fails with (the connection is never opened). */
export const PRIVATE_TARGET_CODE = 'EPRIVATETARGET';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `net.connect` lookup that resolves like the system does and refuses private, loopback and reserved addresses. */
export function lookupPublicOnly(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused || addresses.length === 0) {
      const denial: NodeJS.ErrnoException = new Error(`${hostname} resolves to a private or loopback address.`);
      denial.code = PRIVATE_TARGET_CODE;
      return callback(denial, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** Whether an error (or its cause) is a refusal by lookupPublicOnly. */
export function isPrivateTargetError(error: unknown): boolean {
  for (let current = error as { code?: string; cause?: unknown } | undefined, depth = 0; current && depth < 4; current = current.cause as typeof current, depth++) {
    if (current.code === PRIVATE_TARGET_CODE) return true;
  }
  return false;
}
