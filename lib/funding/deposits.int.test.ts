import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The session layer needs a Next request; these tests call the member-checked reads with a user id directly.
vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { getEnv } = await import('@/lib/env');
const { DEV_SIM_NODE_SEED, SimLightningBackend, getLightningBackend } = await import('@/lib/lightning');
const { getAccountBalance, getLedgerSum } = await import('@/lib/ledger/accounts');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { createDeposit, settleDeposit, watchPendingDeposits } = await import('./deposits');
const { getDepositForMember, getProjectFundingForMember } = await import('./queries');
const { stopBoss } = await import('@/lib/jobs/boss');

afterAll(async () => {
  await stopBoss();
});

const seed = () => randomBytes(32).toString('hex');
const payer = createWalletNode(seed());

async function teamWithProject() {
  const user = await db.user.create({ data: { roles: ['REQUESTER'], email: `r-${seed().slice(0, 10)}@example.test` } });
  const team = await db.team.create({ data: { name: 'T', slug: `t-${seed().slice(0, 12)}`, members: { create: { userId: user.id, role: 'OWNER' } } } });
  const project = await db.project.create({
    data: { teamId: team.id, title: 'Rank answers', taskType: 'WRITING', typeConfig: {}, rewardMsats: 10_000n, feeBps: 500, status: 'ACTIVE' },
  });
  return { userId: user.id, teamId: team.id, projectId: project.id };
}

async function newDeposit(amountMsats = 5_000_000n, key?: string) {
  const ctx = await teamWithProject();
  const deposit = await createDeposit({ teamId: ctx.teamId, projectId: ctx.projectId, amountMsats, createdById: ctx.userId, idempotencyKey: key });
  return { ...ctx, deposit };
}

async function pay(deposit: { bolt11: string; paymentHash: string; amountMsats: bigint }) {
  const outcome = await payer.payInvoice({ ...deposit, feeLimitMsats: 100_000n, timeoutSeconds: 10 });
  expect(outcome.status).toBe('PAID');
}

const escrowOf = (teamId: string, projectId: string) => getAccountBalance(db, { kind: 'PROJECT_ESCROW', teamId, projectId });
const transfersOf = (depositId: string) => db.ledgerTransfer.count({ where: { depositId } });

describe('createDeposit', () => {
  it('issues an invoice on the platform node and records a PENDING deposit', async () => {
    const { deposit } = await newDeposit(21_000_000n);
    expect(deposit.status).toBe('PENDING');
    expect(deposit.amountMsats).toBe(21_000_000n);
    expect(deposit.bolt11).toMatch(/^lnbcrt/);
    expect(deposit.backend).toBe('sim');
    const expiresInMs = deposit.expiresAt.getTime() - Date.now();
    expect(expiresInMs).toBeGreaterThan(3_500_000);
    expect(expiresInMs).toBeLessThanOrEqual(3_600_000);
    expect((await getLightningBackend().getInvoice(deposit.paymentHash)).status).toBe('PENDING');
  });

  it('returns the same deposit for the same idempotency key of the same team', async () => {
    const { teamId, projectId, userId, deposit } = await newDeposit(2_000_000n, 'click-1');
    const again = await createDeposit({ teamId, projectId, amountMsats: 2_000_000n, createdById: userId, idempotencyKey: 'click-1' });
    expect(again.id).toBe(deposit.id);
    expect(await db.deposit.count({ where: { teamId } })).toBe(1);
    // Another team may use the same key: keys are scoped by team.
    const other = await newDeposit(2_000_000n, 'click-1');
    expect(other.deposit.id).not.toBe(deposit.id);
    // Reusing a key for a different amount is refused.
    await expect(createDeposit({ teamId, projectId, amountMsats: 3_000_000n, createdById: userId, idempotencyKey: 'click-1' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('validates the amount and the project', async () => {
    const { teamId, projectId, userId } = await teamWithProject();
    const base = { teamId, projectId, createdById: userId };
    for (const amountMsats of [999_000n, 0n, -1_000_000n, 1_000_500n, 100_000_001_000n]) {
      await expect(createDeposit({ ...base, amountMsats })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(createDeposit({ ...base, amountMsats: 1_000_000n })).resolves.toMatchObject({ status: 'PENDING' });
    await expect(createDeposit({ ...base, amountMsats: 100_000_000_000n })).resolves.toMatchObject({ status: 'PENDING' });
    const other = await teamWithProject();
    await expect(createDeposit({ ...base, projectId: other.projectId, amountMsats: 1_000_000n })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('settleDeposit', () => {
  it('credits the project escrow once the invoice is paid, and the ledger sums to zero', async () => {
    const { teamId, projectId, deposit } = await newDeposit(5_000_000n);
    expect(await settleDeposit(deposit.id)).toEqual({ status: 'PENDING', credited: false });
    expect(await escrowOf(teamId, projectId)).toBe(0n);

    await pay(deposit);
    expect(await settleDeposit(deposit.id)).toEqual({ status: 'PAID', credited: true });
    expect(await escrowOf(teamId, projectId)).toBe(5_000_000n);
    const row = await db.deposit.findUniqueOrThrow({ where: { id: deposit.id } });
    expect(row.status).toBe('PAID');
    expect(row.paidAt).toBeInstanceOf(Date);
    const transfer = await db.ledgerTransfer.findFirstOrThrow({ where: { depositId: deposit.id } });
    expect(transfer).toMatchObject({ idempotencyKey: `deposit:${deposit.id}`, reason: 'DEPOSIT', amountMsats: 5_000_000n });
    expect(await getLedgerSum(db)).toBe(0n);

    // The notification arrives twice: nothing more moves.
    expect(await settleDeposit(deposit.id)).toEqual({ status: 'PAID', credited: false });
    expect(await transfersOf(deposit.id)).toBe(1);
    expect(await escrowOf(teamId, projectId)).toBe(5_000_000n);
  });

  it('credits exactly once under 10 concurrent settles', async () => {
    const { teamId, projectId, deposit } = await newDeposit(7_000_000n);
    await pay(deposit);
    const results = await Promise.all(Array.from({ length: 10 }, () => settleDeposit(deposit.id)));
    expect(results.filter((r) => r.credited)).toHaveLength(1);
    expect(results.every((r) => r.status === 'PAID')).toBe(true);
    expect(await transfersOf(deposit.id)).toBe(1);
    expect(await escrowOf(teamId, projectId)).toBe(7_000_000n);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('marks a deposit EXPIRED when its invoice expired unpaid, and never credits it', async () => {
    const { teamId, projectId, deposit } = await newDeposit(1_000_000n);
    // The platform's own node, with its clock two hours ahead.
    const later = new SimLightningBackend({
      nodeSeedHex: getEnv().BOLTWORK_SIM_NODE_SEED ?? DEV_SIM_NODE_SEED,
      now: () => new Date(Date.now() + 2 * 3600_000),
    });
    expect(await settleDeposit(deposit.id, later)).toEqual({ status: 'EXPIRED', credited: false });
    expect(await settleDeposit(deposit.id)).toEqual({ status: 'EXPIRED', credited: false });
    expect(await escrowOf(teamId, projectId)).toBe(0n);
    expect(await transfersOf(deposit.id)).toBe(0);
  });
});

describe('watchPendingDeposits and reads', () => {
  it('settles every pending deposit that was paid', async () => {
    const a = await newDeposit(1_000_000n);
    const b = await newDeposit(2_000_000n);
    await pay(a.deposit);
    await pay(b.deposit);
    const result = await watchPendingDeposits();
    expect(result.paid).toBeGreaterThanOrEqual(2);
    expect(await escrowOf(a.teamId, a.projectId)).toBe(1_000_000n);
    expect(await escrowOf(b.teamId, b.projectId)).toBe(2_000_000n);
    expect((await watchPendingDeposits()).paid).toBe(0);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('shows a deposit only to members of its team, settling it on read', async () => {
    const { userId, deposit } = await newDeposit(3_000_000n);
    const outsider = await teamWithProject();
    expect(await getDepositForMember(outsider.userId, deposit.id)).toBeNull();
    expect(await getDepositForMember(userId, deposit.id)).toMatchObject({ status: 'PENDING', amountSats: '3000', escrowSats: '0' });
    await pay(deposit);
    expect(await getDepositForMember(userId, deposit.id)).toMatchObject({ status: 'PAID', amountMsats: '3000000', escrowSats: '3000' });
  });

  it('computes what a project still needs', async () => {
    const { userId, teamId, projectId } = await teamWithProject();
    await db.item.createMany({
      data: [
        { projectId, externalId: 'a', payload: {}, judgmentsNeeded: 3, openSlots: 3, judgmentsDone: 0 },
        { projectId, externalId: 'b', payload: {}, judgmentsNeeded: 3, openSlots: 0, judgmentsDone: 3, status: 'DONE' },
        { projectId, externalId: 'c', payload: {}, judgmentsNeeded: 3, openSlots: 1, judgmentsDone: 1 },
        { projectId, externalId: 'g', payload: {}, judgmentsNeeded: 3, openSlots: 3, isGold: true },
      ],
    });
    // 5 judgments to go at 10,000 msats + 5 % fee.
    const funding = await getProjectFundingForMember(userId, projectId);
    expect(funding).toMatchObject({ teamId, escrowMsats: 0n, remainingCostMsats: 52_500n, shortfallMsats: 52_500n });
    expect(await getProjectFundingForMember((await teamWithProject()).userId, projectId)).toBeNull();
  });
});
