import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

export function createToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets (session tokens, k1s, API keys) are stored only as their sha256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
