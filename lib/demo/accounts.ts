import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { DEMO_WALLET_SEED } from '@/lib/wallet-sim/demo-wallet';
import { linkingKeyFor } from '@/lib/wallet-sim/keys';
import { findOrCreateWorkerByLinkingKey } from '@/lib/workers/profiles';
import { createSession, type SessionMeta } from '@/lib/auth/sessions';

// Public on purpose: these only exist in demo mode, and the start script prints them.
export const demoStaff = {
  REQUESTER: { email: 'team@demo.boltwork.dev', password: 'demo-team-password', name: 'Ada Okafor' },
  ADMIN: { email: 'admin@demo.boltwork.dev', password: 'demo-admin-password', name: 'Sam Rivera' },
} as const;
export { DEMO_WALLET_SEED };
export const DEMO_TEAM = { name: 'Demo ML Team', slug: 'demo-ml-team' } as const;
/** The demo team's API key, so the curl walkthrough in docs/api.md runs as is. Demo data only. */
export const DEMO_TEAM_API_KEY = 'bw_live_demo-team-key-for-the-curl-walkthrough';


export function isDemoMode(): boolean {
  return getEnv().isDemoMode;
}

export function assertDemoMode(): void {
  if (!isDemoMode()) throw new AppError('FORBIDDEN', 'This is only available in demo mode.');
}

export function demoWalletOrigin(): string {
  return new URL(getEnv().publicUrl).origin;
}

/** The demo worker's linking key for this deployment's host (LUD-05 keys are per domain). */
export function demoWorkerLinkingKey(): string {
  return linkingKeyFor(DEMO_WALLET_SEED, new URL(getEnv().publicUrl).hostname).publicKeyHex;
}

export type DemoRole = 'WORKER' | 'REQUESTER' | 'ADMIN';

/** Dev sign-in: a session for the demo user of a role, without a wallet or password. Demo mode only. */
export async function signInAsDemoUser(role: DemoRole, meta: SessionMeta): Promise<{ token: string; expiresAt: Date }> {
  assertDemoMode();
  const userId =
    role === 'WORKER'
      ? (await findOrCreateWorkerByLinkingKey(demoWorkerLinkingKey(), meta)).userId
      : (await db.user.findUnique({ where: { email: demoStaff[role].email }, select: { id: true } }))?.id;
  if (!userId) throw new AppError('NOT_FOUND', 'The demo data has not been seeded.');
  return createSession(userId, 'DEV', meta);
}
