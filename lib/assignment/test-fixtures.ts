// Test data for integration tests of the worker loop: teams, workers, projects and items written straight to the
// database. Shared by lib/assignment's tests and others (quality, exports...).
import 'server-only';
import { randomUUID } from 'node:crypto';
import { mulberry32 } from '@/test/random';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { db, type Prisma } from '@/lib/db';
import type { WorkerStatus } from '@/lib/generated/prisma/enums';
import { defaultTypeConfig } from '@/lib/tasks';

/** A seeded PRNG in [0, 1): repeatable "random" answers and shown orders. */
export const createSeededRandom = mulberry32;

/** A version-4-shaped UUID drawn from a seeded random source. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export async function createTestTeam(): Promise<string> {
  const team = await db.team.create({ data: { name: 'Test team', slug: `team-${randomUUID()}` }, select: { id: true } });
  return team.id;
}

/** One worker (a user with a worker profile); returns the WorkerProfile id, which the engine calls workerId. */
export async function createTestWorker(options: { status?: WorkerStatus } = {}): Promise<string> {
  const [workerId] = await createTestWorkers(1, options);
  return workerId;
}

/** Many workers in two statements. */
export async function createTestWorkers(count: number, options: { status?: WorkerStatus } = {}): Promise<string[]> {
  const userIds = Array.from({ length: count }, () => randomUUID());
  await db.user.createMany({ data: userIds.map((id) => ({ id, roles: ['WORKER'] })) });
  const profiles = await db.workerProfile.createManyAndReturn({
    data: userIds.map((userId, index) => ({
      userId,
      linkingKey: `02${userId.replaceAll('-', '')}`,
      displayName: `Worker ${index + 1}`,
      status: options.status ?? 'ACTIVE',
    })),
    select: { id: true, userId: true },
  });
  const byUser = new Map(profiles.map((profile) => [profile.userId, profile.id]));
  return userIds.map((userId) => byUser.get(userId)!);
}

/**
 * An ACTIVE PAIRWISE project (default config, 1 sat per judgment, 3 judgments per item) unless overridden; a team
 * is made for it when `teamId` is not given. Returns the project id.
 */
export async function createTestProject(overrides: Partial<Prisma.ProjectUncheckedCreateInput> = {}): Promise<string> {
  const taskType = overrides.taskType ?? 'PAIRWISE';
  const project = await db.project.create({
    data: {
      title: 'Which answer is better?',
      instructions: 'Pick the **more helpful** answer.',
      typeConfig: defaultTypeConfig[taskType] as Prisma.InputJsonValue,
      rewardMsats: 1_000n,
      judgmentsPerItem: 3,
      maxJudgmentsPerItem: 3,
      status: 'ACTIVE',
      ...overrides,
      teamId: overrides.teamId ?? (await createTestTeam()),
      taskType,
    },
    select: { id: true, teamId: true },
  });
  // Projects hand out only work their escrow can pay for: fixtures start generously funded.
  await db.$transaction(async (t) => {
    const from = await getOrCreateAccount(t, { kind: 'LIGHTNING_IN' });
    const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: project.teamId, projectId: project.id });
    await postTransfer(t, { debitAccountId: from.id, creditAccountId: escrow.id, amountMsats: 10_000_000_000n, idempotencyKey: `fixture-funding:${project.id}`, reason: 'DEPOSIT' });
  });
  return project.id;
}

/** A valid PAIRWISE payload; canonical 'A' is the better answer, which makes gold answers easy to reason about. */
export function pairwisePayload(index: number): Prisma.InputJsonValue {
  return {
    prompt: `Question ${index}: how many legs does a spider have?`,
    responses: [`Eight (${index}).`, `Six (${index}).`],
  };
}

/**
 * Items for a project, in one statement. Regular items get `judgmentsNeeded` (default 3) open slots; gold items
 * need a `goldAnswer` and hold no slots (the engine ignores their openSlots). Returns the ids in creation order.
 */
export async function createTestItems(
  projectId: string,
  count: number,
  options: {
    judgmentsNeeded?: number;
    isGold?: boolean;
    goldAnswer?: Prisma.InputJsonValue;
    payload?: (index: number) => Prisma.InputJsonValue;
    externalIdPrefix?: string;
    /** Fixed item ids (e.g. seeded, so a simulation picks the same items every run). */
    id?: (index: number) => string;
  } = {},
): Promise<string[]> {
  const needed = options.judgmentsNeeded ?? (options.isGold ? 1 : 3);
  const prefix = options.externalIdPrefix ?? (options.isGold ? `gold-${randomUUID()}` : `item-${randomUUID()}`);
  const items = await db.item.createManyAndReturn({
    data: Array.from({ length: count }, (_, index) => ({
      ...(options.id ? { id: options.id(index) } : {}),
      projectId,
      externalId: `${prefix}-${index}`,
      payload: (options.payload ?? pairwisePayload)(index),
      isGold: options.isGold ?? false,
      goldAnswer: options.goldAnswer,
      judgmentsNeeded: needed,
      openSlots: needed,
    })),
    select: { id: true, externalId: true },
  });
  const order = new Map(items.map((item) => [item.externalId, item.id]));
  return Array.from({ length: count }, (_, index) => order.get(`${prefix}-${index}`)!);
}

/** A valid answer to a default-config PAIRWISE task, in shown terms. */
export function randomPairwiseAnswer(random: () => number): { choice: 'A' | 'B' | 'tie' | 'both_bad' } {
  const choices = ['A', 'B', 'tie', 'both_bad'] as const;
  return { choice: choices[Math.floor(random() * choices.length)] };
}

/** The shown-terms choice that means canonical 'A' for an assignment (its stored shownOrder). */
export async function getShownChoiceFor(assignmentId: string, canonical: 'A' | 'B'): Promise<'A' | 'B'> {
  const { shownOrder } = await db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { shownOrder: true } });
  const order = Array.isArray(shownOrder) ? (shownOrder as number[]) : [0, 1];
  const canonicalIndex = canonical === 'A' ? 0 : 1;
  return order[0] === canonicalIndex ? 'A' : 'B';
}

/** Moves the fixture's generous funding out, leaving `msats` in the project's escrow. */
export async function leaveInEscrow(projectId: string, msats: bigint) {
  await db.$transaction(async (t) => {
    const project = await t.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
    const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: project.teamId, projectId });
    const out = await getOrCreateAccount(t, { kind: 'LIGHTNING_OUT' });
    const { balanceMsats } = await t.ledgerAccount.findUniqueOrThrow({ where: { id: escrow.id } });
    await postTransfer(t, { debitAccountId: escrow.id, creditAccountId: out.id, amountMsats: balanceMsats - msats, idempotencyKey: `drain:${projectId}`, reason: 'ESCROW_RELEASE' });
  });
}
