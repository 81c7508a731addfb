// Rate-limit buckets for tests: fill one to its limit instead of sending hundreds of requests.
import { db } from '@/lib/db';

export async function fillBucket(key: string, count: number, windowSeconds = 60): Promise<void> {
  const expiresAt = new Date(Date.now() + windowSeconds * 1000);
  await db.rateLimitBucket.upsert({
    where: { key },
    create: { key, windowStart: new Date(), count, expiresAt },
    update: { windowStart: new Date(), count, expiresAt },
  });
}

export async function bucketCount(key: string): Promise<number | null> {
  return (await db.rateLimitBucket.findUnique({ where: { key }, select: { count: true } }))?.count ?? null;
}
