import 'server-only';
import type { Db } from '@/lib/db';
import type { LedgerAccountKind } from '@/lib/generated/prisma/enums';

export type AccountSpec =
  | { kind: 'HOT_WALLET' | 'LIGHTNING_IN' }
  /** Every payout credits both: sharded like fee income, so concurrent payouts don't queue on one row. */
  | { kind: 'LIGHTNING_OUT' | 'ROUTING_FEES'; shard?: number }
  /** Every approval credits fee income: spread over shards so approvals in different projects don't queue on one row. */
  | { kind: 'FEE_INCOME'; shard?: number }
  | { kind: 'TEAM_ESCROW'; teamId: string }
  | { kind: 'PROJECT_ESCROW'; teamId: string; projectId: string }
  /** What a finished agent job owes its agent until the refund is paid (lib/agents/refunds.ts). */
  | { kind: 'AGENT_REFUND'; teamId: string; projectId: string }
  | { kind: 'WORKER_AVAILABLE' | 'WORKER_RESERVED'; workerId: string };

/** Only contra accounts for sats crossing the Lightning boundary may go negative (CHECK in the migration). */
export const CONTRA_ACCOUNT_KINDS: readonly LedgerAccountKind[] = ['LIGHTNING_IN', 'LIGHTNING_OUT'];

export function accountKey(spec: AccountSpec): string {
  switch (spec.kind) {
    case 'TEAM_ESCROW':
      return `team:${spec.teamId}:escrow`;
    case 'PROJECT_ESCROW':
      return `project:${spec.projectId}:escrow`;
    case 'AGENT_REFUND':
      return `project:${spec.projectId}:agent-refund`;
    case 'WORKER_AVAILABLE':
      return `worker:${spec.workerId}:available`;
    case 'WORKER_RESERVED':
      return `worker:${spec.workerId}:reserved`;
    case 'FEE_INCOME':
      return spec.shard ? `platform:fee-income:${spec.shard}` : 'platform:fee-income';
    case 'LIGHTNING_OUT':
    case 'ROUTING_FEES': {
      const key = `platform:${spec.kind.toLowerCase().replaceAll('_', '-')}`;
      return spec.shard ? `${key}:${spec.shard}` : key;
    }
    default:
      return `platform:${spec.kind.toLowerCase().replaceAll('_', '-')}`;
  }
}

/** Fee income is split over this many accounts (see AccountSpec); its balance is the sum over kind FEE_INCOME. */
export const FEE_INCOME_SHARDS = 16;

/**
 * Finds or creates the account; safe under concurrency because the key is unique and inserts skip duplicates.
 * The account almost always exists already, so that is one read; creating it costs two more round trips.
 */
export async function getOrCreateAccount(tx: Db, spec: AccountSpec): Promise<{ id: string; key: string }> {
  const key = accountKey(spec);
  const existing = await tx.ledgerAccount.findUnique({ where: { key }, select: { id: true, key: true } });
  if (existing) return existing;
  await tx.ledgerAccount.createMany({ data: [accountRow(spec)], skipDuplicates: true });
  return tx.ledgerAccount.findUniqueOrThrow({ where: { key }, select: { id: true, key: true } });
}

/** The row that creates the account named by `spec`. */
export function accountRow(spec: AccountSpec) {
  return {
    key: accountKey(spec),
    kind: spec.kind,
    teamId: 'teamId' in spec ? spec.teamId : null,
    projectId: 'projectId' in spec ? spec.projectId : null,
    workerId: 'workerId' in spec ? spec.workerId : null,
  };
}

export async function getAccountBalance(tx: Db, spec: AccountSpec): Promise<bigint> {
  const account = await tx.ledgerAccount.findUnique({ where: { key: accountKey(spec) }, select: { balanceMsats: true } });
  return account?.balanceMsats ?? 0n;
}

/** Sum of every account's balance: zero whenever the ledger is consistent. */
export async function getLedgerSum(tx: Db): Promise<bigint> {
  const result = await tx.ledgerAccount.aggregate({ _sum: { balanceMsats: true } });
  return result._sum.balanceMsats ?? 0n;
}
