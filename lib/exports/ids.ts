// Pseudonymous worker ids and the deterministic train/validation split. Pure (node:crypto only).
import { createHash } from 'node:crypto';

/** First 16 hex of sha256(team salt + worker id): stable within a team, unlinkable across teams. */
export function toPseudonymousWorkerId(salt: string, workerId: string): string {
  return createHash('sha256').update(salt + workerId).digest('hex').slice(0, 16);
}

/** Remembers `fn`'s answers; cleared when big so memory stays bounded. */
export function memoizeBounded<T>(fn: (key: string) => T, maxSize = 50_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size > maxSize) cache.clear();
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** Memoizes pseudonyms: a project has few workers and many judgments. */
export function createPseudonymizer(salt: string): (workerId: string) => string {
  return memoizeBounded((workerId) => toPseudonymousWorkerId(salt, workerId));
}

/**
 * Which part an item lands in: a uniform number from sha256(seed + ":" + external id) compared with the ratio, so
 * the same item always lands in the same part for a seed, and every row of an item goes with it.
 */
export function assignSplitPart(seed: string, externalId: string, validationRatio: number): 'train' | 'validation' {
  const hash = createHash('sha256').update(`${seed}:${externalId}`).digest();
  return hash.readUInt32BE(0) / 2 ** 32 < validationRatio ? 'validation' : 'train';
}

/** assignSplitPart for one split, memoized: every judgment of an item asks again. */
export function createSplitAssigner(split: { seed: string; validationRatio: number }): (externalId: string) => 'train' | 'validation' {
  return memoizeBounded((externalId) => assignSplitPart(split.seed, externalId, split.validationRatio));
}
