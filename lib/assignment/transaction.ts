import 'server-only';

/**
 * Interactive transactions of the worker loop. Hundreds of phones share the app's small pool (10 connections), so a
 * burst queues for a connection: wait longer than Prisma's 2 s default before giving up, but keep each short.
 */
export const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;
