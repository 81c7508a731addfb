// Pseudonymous worker ids and the deterministic train/validation split. Pure (node:crypto only).
import { createHash } from 'node:crypto';

/** First 16 hex of sha256(team salt + worker id): stable within a team, unlinkable across teams. */
export function toPseudonymousWorkerId(salt: string, workerId: string): string {
  return createHash('sha256').update(salt + workerId).digest('hex').slice(0, 16);
}

/** Memoizes pseudonyms: a project has few workers and many judgments. Cleared when big so memory stays bounded. */
export function createPseudonymizer(salt: string): (workerId: string) => string {
  const cache = new Map<string, string>();
  return (workerId) => {
    let id = cache.get(workerId);
    if (id === undefined) {
      if (cache.size > 50_000) cache.clear();
      id = toPseudonymousWorkerId(salt, workerId);
      cache.set(workerId, id);
    }
    return id;
  };
}

/**
 * Which part an item lands in: a uniform number from sha256(seed + ":" + external id) compared with the ratio, so
 * the same item always lands in the same part for a seed, and every row of an item goes with it.
 */
export function assignSplitPart(seed: string, externalId: string, validationRatio: number): 'train' | 'validation' {
  const hash = createHash('sha256').update(`${seed}:${externalId}`).digest();
  return hash.readUInt32BE(0) / 2 ** 32 < validationRatio ? 'validation' : 'train';
}
