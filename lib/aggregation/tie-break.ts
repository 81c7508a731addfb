/**
 * Reproducible tie-breaking that does not depend on label order or spelling order. Pure and isomorphic.
 *
 * Why not "smallest label wins": on a project with many ties that skews the dataset toward whichever class sorts
 * first. A seeded hash of (item, label) is a fair draw per item that every run repeats, and it is the same whatever
 * order the labels or votes arrive in.
 */

/** Default seed, so two exports of the same data agree unless a seed is asked for. */
export const DEFAULT_TIE_SEED = 'boltwork';

/** cyrb53: a fast 53-bit string hash (public domain, bryc). Not cryptographic; a uniform-enough draw per key. */
export function hashString53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The draw for one (item, label): lower wins a tie. Separators keep ("ab","c") and ("a","bc") apart. */
export function tieRank(seed: string, item: string, label: string): number {
  return hashString53(`${seed}\u0000${item}\u0000${label}`);
}

/** Picks one of `tied` (non-empty) by the seeded draw; the result is independent of the order of `tied`. */
export function pickTied(tied: readonly string[], item: string, seed: string = DEFAULT_TIE_SEED): string {
  let best = tied[0];
  let bestRank = tieRank(seed, item, best);
  for (let n = 1; n < tied.length; n++) {
    const rank = tieRank(seed, item, tied[n]);
    // Equal hashes (vanishingly rare) fall back to code-unit order so the choice stays a function of the set.
    if (rank < bestRank || (rank === bestRank && tied[n] < best)) {
      best = tied[n];
      bestRank = rank;
    }
  }
  return best;
}

/**
 * Relative tolerance under which two posteriors count as tied: summing the same terms in another order moves the
 * last bits, and such a difference must not decide a label.
 */
export const POSTERIOR_TIE_EPSILON = 1e-9;

/** Index of the largest value; values within POSTERIOR_TIE_EPSILON of it are tied and go to the seeded draw. */
export function argmaxWithTies(values: ArrayLike<number>, labels: readonly string[], item: string, seed: string = DEFAULT_TIE_SEED): number {
  let max = -Infinity;
  for (let k = 0; k < values.length; k++) if (values[k] > max) max = values[k];
  const tied: string[] = [];
  for (let k = 0; k < values.length; k++) if (max - values[k] <= POSTERIOR_TIE_EPSILON * Math.max(1, Math.abs(max))) tied.push(labels[k]);
  const chosen = tied.length === 1 ? tied[0] : pickTied(tied, item, seed);
  return labels.indexOf(chosen);
}
