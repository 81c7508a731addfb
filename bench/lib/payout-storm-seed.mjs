// Seeds the payout storm: one funded project, an admin, and `count` workers with one PENDING judgment each (a
// submitted assignment on its own item), written with createMany: this is set-up, not measured.
import { randomBytes, randomUUID } from 'node:crypto';

const CHUNK = 500;

async function createManyChunked(model, rows) {
  for (let start = 0; start < rows.length; start += CHUNK) await model.createMany({ data: rows.slice(start, start + CHUNK) });
}

/**
 * @returns {Promise<{ adminId: string, projectId: string, teamId: string, judgments: { id: string, workerId: string }[] }>}
 */
export async function seedPayoutStorm(db, { count, rewardMsats, feeBps }) {
  const team = await db.team.create({ data: { name: 'Bench', slug: `bench-${randomUUID()}` } });
  const admin = await db.user.create({ data: { roles: ['ADMIN'] } });
  const project = await db.project.create({
    data: { teamId: team.id, title: 'Payout storm', taskType: 'WRITING', typeConfig: {}, rewardMsats, feeBps, status: 'ACTIVE' },
  });

  const users = [];
  const workers = [];
  const items = [];
  const assignments = [];
  const judgments = [];
  for (let index = 0; index < count; index += 1) {
    const userId = randomUUID();
    const workerId = randomUUID();
    const itemId = randomUUID();
    const assignmentId = randomUUID();
    const judgmentId = randomUUID();
    users.push({ id: userId, roles: ['WORKER'] });
    workers.push({ id: workerId, userId, linkingKey: `02${randomBytes(32).toString('hex')}`, displayName: `W${index}` });
    items.push({ id: itemId, projectId: project.id, externalId: `storm-${index}`, payload: {}, judgmentsNeeded: 1, openSlots: 0, judgmentsDone: 1 });
    assignments.push({ id: assignmentId, itemId, projectId: project.id, workerId, leaseExpiresAt: new Date(), status: 'SUBMITTED' });
    judgments.push({ id: judgmentId, assignmentId, itemId, projectId: project.id, workerId, answer: { text: 'x' }, durationMs: 1000, rewardMsats });
  }
  await createManyChunked(db.user, users);
  await createManyChunked(db.workerProfile, workers);
  await createManyChunked(db.item, items);
  await createManyChunked(db.assignment, assignments);
  await createManyChunked(db.judgment, judgments);
  return { adminId: admin.id, projectId: project.id, teamId: team.id, judgments: judgments.map(({ id, workerId }) => ({ id, workerId })) };
}

/** Funds the project's escrow as a settled deposit would: LIGHTNING_IN -> PROJECT_ESCROW. */
export async function fundProject(db, { teamId, projectId, amountMsats }, { getOrCreateAccount, postTransfer }) {
  await db.$transaction(async (t) => {
    const from = await getOrCreateAccount(t, { kind: 'LIGHTNING_IN' });
    const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId, projectId });
    await postTransfer(t, { debitAccountId: from.id, creditAccountId: escrow.id, amountMsats, idempotencyKey: `bench-deposit:${projectId}`, reason: 'DEPOSIT' });
  });
}
