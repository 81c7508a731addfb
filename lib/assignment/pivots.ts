import 'server-only';
import { db } from '@/lib/db';

// Random starting points for the claim scan, uniform over a project's open items (see item-picker.ts for why).
// Item ids are UUIDv7, so they cluster by import time: a pivot drawn uniformly between the smallest and largest id
// would mostly land in the gaps between batches and pile every worker onto the first item after each gap. Instead
// each process keeps, per project, 65 quantiles of the open items' ids (refreshed every 30 s, one query at a time)
// and draws a pivot uniformly inside a random quantile range: every range holds ~1/64 of the open items.
// The refresh sorts the project's open item ids (~10 ms for 20k items; expect ~1 s for a million, every 30 s per
// app process): if projects grow that large, a random rank column with its own index would make it free.

const QUANTILE_COUNT = 64;
const REFRESH_MS = 30_000;
const EMPTY_REFRESH_MS = 3_000;
const MAX_PROJECTS = 500;

type Bounds = { ids: bigint[]; maxOpenSlots: number };
type Entry = { bounds: Bounds; refreshedAt: number; refreshing?: Promise<Bounds> };
const cache = new Map<string, Entry>();

const fractions = Array.from({ length: QUANTILE_COUNT + 1 }, (_, i) => i / QUANTILE_COUNT);

async function loadBounds(projectId: string): Promise<Bounds> {
  const rows = await db.$queryRaw<{ bounds: string[] | null; maxOpenSlots: number | null }[]>`
    SELECT (percentile_disc(${fractions}::float8[]) WITHIN GROUP (ORDER BY id))::text[] AS bounds, max("openSlots")::int AS "maxOpenSlots"
    FROM "Item"
    WHERE "projectId" = ${projectId}::uuid AND status = 'OPEN' AND "isGold" = false AND "openSlots" > 0`;
  const ids = rows[0]?.bounds ?? [];
  return {
    ids: [...new Set(ids)].map(uuidToBigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    maxOpenSlots: rows[0]?.maxOpenSlots ?? 0,
  };
}

async function getBounds(projectId: string): Promise<Bounds> {
  const now = Date.now();
  const entry = cache.get(projectId);
  if (entry) {
    const maxAge = entry.bounds.ids.length === 0 ? EMPTY_REFRESH_MS : REFRESH_MS;
    if (now - entry.refreshedAt < maxAge) return entry.bounds;
    // Stale: one caller refreshes; the others keep using the old bounds meanwhile (a pivot is only a hint).
    const refreshing = (entry.refreshing ??= refresh(projectId, entry));
    return entry.bounds.ids.length > 0 ? entry.bounds : refreshing;
  }
  const fresh: Entry = { bounds: { ids: [], maxOpenSlots: 0 }, refreshedAt: 0 };
  if (cache.size >= MAX_PROJECTS) cache.delete(cache.keys().next().value!);
  cache.set(projectId, fresh);
  return (fresh.refreshing = refresh(projectId, fresh));
}

async function refresh(projectId: string, entry: Entry): Promise<Bounds> {
  try {
    entry.bounds = await loadBounds(projectId);
    entry.refreshedAt = Date.now();
    return entry.bounds;
  } catch (error) {
    // Callers that already hold bounds don't await this refresh: keep the old pivots rather than reject unheard.
    if (entry.bounds.ids.length > 0) return entry.bounds;
    throw error;
  } finally {
    entry.refreshing = undefined;
  }
}

/**
 * Where a claim starts looking: a random id among the open items (null when the project has none, or none known
 * yet), and how many open-slot groups its window should scan (the most open slots an open item had at the last
 * refresh; an item raised above it since is still found once the window runs dry, by the full scan).
 */
export async function pickScanStart(projectId: string, random: () => number): Promise<{ pivot: string | null; groups: number }> {
  const { ids, maxOpenSlots } = await getBounds(projectId);
  return { pivot: pickFrom(ids, random), groups: Math.max(1, maxOpenSlots) };
}

/** A random id to start the scan from, or null when the project has no open items (or none known yet). */
export async function pickScanPivot(projectId: string, random: () => number): Promise<string | null> {
  return pickFrom((await getBounds(projectId)).ids, random);
}

function pickFrom(bounds: bigint[], random: () => number): string | null {
  if (bounds.length === 0) return null;
  if (bounds.length === 1) return bigIntToUuid(bounds[0]);
  const range = Math.min(Math.floor(random() * (bounds.length - 1)), bounds.length - 2);
  const low = bounds[range];
  const high = bounds[range + 1];
  const offset = ((high - low) * BigInt(Math.floor(random() * 2 ** 32))) >> 32n;
  return bigIntToUuid(low + offset);
}

function uuidToBigInt(uuid: string): bigint {
  return BigInt(`0x${uuid.replaceAll('-', '')}`);
}

function bigIntToUuid(value: bigint): string {
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
