// Each fraud pattern built on real PostgreSQL next to a clean control group that must stay unflagged.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestItems, createTestProject } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { mulberry32 } from '@/test/random';
import { scanFraudSignals } from './signals';

afterAll(() => stopBoss());

const random = mulberry32(42);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
let created = 0;

/** A worker; by default created 25 minutes apart from every other so no signup window holds two. */
async function worker(options: { signupIp?: string; lightningAddress?: string; createdAt?: Date } = {}) {
  const n = ++created;
  const user = await db.user.create({ data: { roles: ['WORKER'] } });
  const profile = await db.workerProfile.create({
    data: {
      userId: user.id,
      linkingKey: `02${randomUUID().replaceAll('-', '')}`,
      displayName: `W${n}`,
      signupIp: options.signupIp ?? `192.0.2.${n}`,
      lightningAddress: options.lightningAddress ?? `w${n}@wallet.test`,
      createdAt: options.createdAt ?? minutesAgo(60 * 24 + n * 25),
    },
  });
  return { workerId: profile.id, userId: user.id };
}

async function withdraw(workerId: string, destination: string, status: 'PAID' | 'SENDING' | 'FAILED' = 'PAID') {
  const hash = randomUUID().replaceAll('-', '').repeat(2);
  await db.withdrawal.create({
    data: { workerId, kind: 'LNURL_WITHDRAW', bolt11: `lnbcrt${hash}`, paymentHash: hash, destination, amountMsats: 50_000n, feeLimitMsats: 1_000n, status, preimage: status === 'PAID' ? hash : null },
  });
}

async function signIn(userId: string, ip: string, userAgent: string, at: Date) {
  await db.session.create({
    data: { userId, tokenHash: randomUUID(), method: 'LNURL_AUTH', ip, userAgent, createdAt: at, expiresAt: new Date(Date.now() + 86_400_000) },
  });
}

let projectId = '';
let items: string[] = [];
/** `count` judgments, newest last, with durations and gaps (seconds) from the given generators. */
async function judge(workerId: string, count: number, duration: () => number, gap: () => number) {
  let at = Date.now() - 3_600_000;
  const assignments = await db.assignment.createManyAndReturn({
    data: items.slice(0, count).map((itemId) => ({ itemId, projectId, workerId, status: 'SUBMITTED' as const, leaseExpiresAt: new Date() })),
    select: { id: true, itemId: true },
  });
  await db.judgment.createMany({
    data: assignments.map((a) => {
      at += gap() * 1000;
      return { assignmentId: a.id, itemId: a.itemId, projectId, workerId, answer: { choice: 'A' }, durationMs: Math.round(duration()), rewardMsats: 1000n, createdAt: new Date(at) };
    }),
  });
}
const human = () => 4_000 + random() * 30_000;
const humanGap = () => 20 + random() * 100;

async function flagsOf(workerId: string) {
  const flags = await db.workerFlag.findMany({ where: { workerId }, orderBy: { kind: 'asc' } });
  return Object.fromEntries(flags.map((f) => [f.kind, f]));
}

const control: string[] = [];
beforeAll(async () => {
  projectId = await createTestProject();
  items = await createTestItems(projectId, 30);
  // Honest workers: own IPs, own addresses, own nodes, human timing; two share a node (below the threshold).
  for (let i = 0; i < 8; i++) {
    const { workerId, userId } = await worker();
    control.push(workerId);
    await withdraw(workerId, i < 2 ? 'node-shared-by-two' : `node-${i}`);
    await signIn(userId, `198.51.100.${i}`, 'Mozilla/5.0 (iPhone)', minutesAgo(30 + i));
    await judge(workerId, 25, human, humanGap);
  }
  // A carrier NAT: 4 workers on one IP with different phones, under the IP threshold (5).
  for (let i = 0; i < 4; i++) {
    const { workerId, userId } = await worker();
    control.push(workerId);
    await signIn(userId, '203.0.113.200', `Phone ${i}`, minutesAgo(10 + i));
  }
});

const expectControlClean = async () => expect(await db.workerFlag.count({ where: { workerId: { in: control } } })).toBe(0);

describe('scanFraudSignals', () => {
  it('flags workers paid to one node, with the cluster, and leaves a cleared flag cleared until the cluster grows', async () => {
    const ring = [await worker(), await worker(), await worker()];
    for (const w of ring) await withdraw(w.workerId, 'node-ring', w === ring[2] ? 'SENDING' : 'PAID');
    const failedOnly = await worker();
    await withdraw(failedOnly.workerId, 'node-ring', 'FAILED');

    await scanFraudSignals();
    const flag = (await flagsOf(ring[0].workerId)).SHARED_PAYOUT_NODE;
    expect(flag).toMatchObject({ status: 'OPEN', score: 0.6 });
    expect(flag.details).toMatchObject({ destination: 'node-ring', memberCount: 3 });
    expect((flag.details as { members: string[] }).members.sort()).toEqual(ring.map((w) => w.workerId).sort());
    expect(await flagsOf(failedOnly.workerId)).toEqual({});
    await expectControlClean();

    // An admin clears them: a rescan with the same cluster leaves them cleared.
    const admin = await db.user.create({ data: { roles: ['ADMIN'] } });
    await db.workerFlag.updateMany({ where: { kind: 'SHARED_PAYOUT_NODE' }, data: { status: 'CLEARED', resolvedAt: new Date(), resolvedById: admin.id } });
    await scanFraudSignals();
    expect((await flagsOf(ring[0].workerId)).SHARED_PAYOUT_NODE).toMatchObject({ status: 'CLEARED', resolvedById: admin.id });

    // A fourth account joins the ring: clearly stronger, so the flags reopen.
    const fourth = await worker();
    await withdraw(fourth.workerId, 'node-ring');
    await scanFraudSignals();
    const reopened = (await flagsOf(ring[0].workerId)).SHARED_PAYOUT_NODE;
    expect(reopened).toMatchObject({ status: 'OPEN', resolvedAt: null, resolvedById: null, score: 0.7 });
    expect(reopened.details).toMatchObject({ memberCount: 4 });
    expect((await flagsOf(fourth.workerId)).SHARED_PAYOUT_NODE.status).toBe('OPEN');
  });

  it('flags workers sharing a Lightning Address, case-insensitively', async () => {
    const a = await worker({ lightningAddress: 'Farm@Wallet.test' });
    const b = await worker({ lightningAddress: ' farm@wallet.TEST' });
    await scanFraudSignals();
    for (const w of [a, b]) {
      const flag = (await flagsOf(w.workerId)).SHARED_LIGHTNING_ADDRESS;
      expect(flag).toMatchObject({ status: 'OPEN', score: 0.5, details: { address: 'farm@wallet.test', memberCount: 2 } });
    }
    await expectControlClean();
    // A flag an admin acted on (worker paused) keeps following the signal without going back to OPEN.
    await db.workerFlag.updateMany({ where: { workerId: a.workerId }, data: { status: 'ACTIONED', resolvedAt: new Date() } });
    await worker({ lightningAddress: 'FARM@wallet.test' });
    const total = await db.workerFlag.count();
    await scanFraudSignals();
    expect((await flagsOf(a.workerId)).SHARED_LIGHTNING_ADDRESS).toMatchObject({ status: 'ACTIONED', score: 0.7, details: { memberCount: 3 } });
    expect(await db.workerFlag.count()).toBe(total + 1); // idempotent: only the newcomer's flag is new
  });

  it('flags sign-in bursts from one IP, and more strongly from one device', async () => {
    const ipFarm = await Promise.all(Array.from({ length: 6 }, () => worker()));
    for (const [i, w] of ipFarm.entries()) await signIn(w.userId, '203.0.113.7', `Android ${i}`, minutesAgo(40 - i * 5));
    const device = [await worker(), await worker(), await worker()];
    for (const [i, w] of device.entries()) await signIn(w.userId, '203.0.113.9', 'Bot/1.0', minutesAgo(20 - i));
    // The same three accounts spread over a day from one device stay under the window.
    const slow = [await worker(), await worker(), await worker()];
    for (const [i, w] of slow.entries()) await signIn(w.userId, '203.0.113.10', 'Bot/1.0', minutesAgo(120 + i * 300));

    await scanFraudSignals();
    const ipFlag = (await flagsOf(ipFarm[0].workerId)).IP_BURST;
    expect(ipFlag).toMatchObject({ score: 0.55, details: { ip: '203.0.113.7', sameDevice: false, memberCount: 6 } });
    const deviceFlag = (await flagsOf(device[2].workerId)).IP_BURST;
    expect(deviceFlag).toMatchObject({ score: 0.6, details: { ip: '203.0.113.9', userAgent: 'Bot/1.0', sameDevice: true, memberCount: 3 } });
    for (const w of slow) expect(await flagsOf(w.workerId)).toEqual({});
    await expectControlClean();
  });

  it('flags profiles created together from one signup IP', async () => {
    const burst = await Promise.all([0, 2, 4, 6].map((m) => worker({ signupIp: '198.18.0.1', createdAt: minutesAgo(30 + m) })));
    const spread = await Promise.all([0, 60, 120].map((m) => worker({ signupIp: '198.18.0.2', createdAt: minutesAgo(30 + m) })));
    await scanFraudSignals();
    for (const w of burst) {
      expect((await flagsOf(w.workerId)).SIGNUP_BURST).toMatchObject({ score: 0.6, details: { signupIp: '198.18.0.1', memberCount: 4 } });
    }
    for (const w of spread) expect(await flagsOf(w.workerId)).toEqual({});
    await expectControlClean();
  });

  it("never clusters on the server's own address (demo wallets, a proxy left out of the trusted hops)", async () => {
    const local = await Promise.all(
      ['127.0.0.1', '127.0.0.1', '::1', '::1', '::ffff:127.0.0.1', '127.0.0.1'].map((ip, m) => worker({ signupIp: ip, createdAt: minutesAgo(30 + m) })),
    );
    for (const w of local) await signIn(w.userId, '127.0.0.1', 'Same/1.0', minutesAgo(10));
    await scanFraudSignals();
    for (const w of local) expect(await flagsOf(w.workerId)).toEqual({});
    await expectControlClean();
  });

  it('flags scripted timing: steady durations or a metronome between submits', async () => {
    const steady = await worker();
    await judge(steady.workerId, 25, () => 3_000 + random() * 40, humanGap);
    const metronome = await worker();
    await judge(metronome.workerId, 25, human, () => 15 + random() * 0.2);
    const fewSteady = await worker(); // too few judgments to judge
    await judge(fewSteady.workerId, 10, () => 3_000, () => 15);

    await scanFraudSignals();
    const steadyFlag = (await flagsOf(steady.workerId)).SCRIPTED_TIMING;
    expect(steadyFlag.score).toBeGreaterThan(0.9);
    expect(steadyFlag.details).toMatchObject({ judgments: 25 });
    expect((steadyFlag.details as { cvDuration: number }).cvDuration).toBeLessThan(0.01);
    const metronomeFlag = (await flagsOf(metronome.workerId)).SCRIPTED_TIMING;
    expect(metronomeFlag.score).toBeGreaterThan(0.9);
    expect((metronomeFlag.details as { cvGap: number }).cvGap).toBeLessThan(0.01);
    expect(await flagsOf(fewSteady.workerId)).toEqual({});
    await expectControlClean();
  });

  it('flags a platform-wide signup burst weakly, sparing the control group', async () => {
    const wave = await Promise.all(Array.from({ length: 22 }, (_, i) => worker({ createdAt: minutesAgo(5 + i * 0.1) })));
    await scanFraudSignals();
    for (const w of wave) expect((await flagsOf(w.workerId)).SIGNUP_BURST).toMatchObject({ score: 0.3, details: { signupIp: null } });
    await expectControlClean();
  });
});
