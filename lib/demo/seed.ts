// Demo data, seeded once into a demo-mode database: staff sign-ins, a team, the demo worker, and
// projects filled with real OpenAssistant prompts and human-ranked answers (Apache-2.0, see demo-data/oasst).
import 'server-only';
import { db, Prisma, type Tx } from '@/lib/db';
import { parseGoldAnswer, parsePayload, parseTypeConfig } from '@/lib/tasks';
import { parseTreeConfig, toStoredTreeConfig } from '@/lib/trees/config';
import { createTreeIn } from '@/lib/trees/engine';
import { buildDemoProjects, buildDemoTreeProject } from './projects';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { hashPassword } from '@/lib/auth/password';
import { hashApiKey } from '@/lib/api/keys';
import { DEMO_TEAM, DEMO_TEAM_API_KEY, demoStaff, demoWorkerLinkingKey } from '@/lib/demo/accounts';
import { findOrCreateWorkerByLinkingKey } from '@/lib/workers/profiles';

const SEEDED_FLAG = 'demo.seededAt';

async function seedStaff(tx: Tx, passwordHashes: Record<'REQUESTER' | 'ADMIN', string>) {
  const users: Record<string, string> = {};
  for (const role of ['REQUESTER', 'ADMIN'] as const) {
    const { email, name } = demoStaff[role];
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name, roles: [role], passwordHash: passwordHashes[role] },
      update: {},
      select: { id: true },
    });
    users[role] = user.id;
  }
  const team = await tx.team.upsert({ where: { slug: DEMO_TEAM.slug }, create: DEMO_TEAM, update: {}, select: { id: true } });
  await tx.teamMember.upsert({
    where: { teamId_userId: { teamId: team.id, userId: users.REQUESTER } },
    create: { teamId: team.id, userId: users.REQUESTER, role: 'OWNER' },
    update: {},
  });
  const keyHash = hashApiKey(DEMO_TEAM_API_KEY);
  await tx.apiKey.upsert({
    where: { keyHash },
    create: { teamId: team.id, name: 'Demo key (docs/api.md)', prefix: DEMO_TEAM_API_KEY.slice(0, 12), keyHash, createdById: users.REQUESTER },
    update: {},
  });
  return { teamId: team.id, requesterId: users.REQUESTER };
}

async function seedProjects(tx: Tx, teamId: string, requesterId: string) {
  for (const project of buildDemoProjects()) {
    const { items, typeConfig, ...fields } = project;
    // Demo data goes through the same schemas as an upload would.
    const config = parseTypeConfig(project.taskType, typeConfig);
    const created = await tx.project.create({
      data: {
        ...fields,
        teamId,
        createdById: requesterId,
        typeConfig: config as Prisma.InputJsonValue,
        maxJudgmentsPerItem: Math.max(project.judgmentsPerItem, 5),
        status: 'ACTIVE',
        license: 'Apache-2.0 (OpenAssistant oasst1)',
        items: {
          create: items.map((item) => ({
            externalId: item.externalId,
            payload: parsePayload(project.taskType, item.payload) as Prisma.InputJsonValue,
            isGold: item.goldAnswer !== undefined,
            goldAnswer:
              item.goldAnswer === undefined
                ? undefined
                : (parseGoldAnswer(project.taskType, config, item.payload, item.goldAnswer) as Prisma.InputJsonValue),
            judgmentsNeeded: project.judgmentsPerItem,
            openSlots: project.judgmentsPerItem,
          })),
        },
      },
      select: { id: true },
    });
    await fundDemoProject(tx, teamId, created.id, project.rewardMsats * BigInt(items.length * project.judgmentsPerItem));
  }
  await seedTreeProject(tx, teamId, requesterId);
}

/** The conversation-tree project: its trees grow from the team's seed prompts and from prompts workers write. */
async function seedTreeProject(tx: Tx, teamId: string, requesterId: string) {
  const { treeConfig, seedPrompts, workerPromptTrees, typeConfig, ...fields } = buildDemoTreeProject();
  const config = parseTreeConfig(treeConfig);
  const created = await tx.project.create({
    data: {
      ...fields,
      teamId,
      createdById: requesterId,
      taskType: 'WRITING',
      typeConfig: parseTypeConfig('WRITING', typeConfig) as Prisma.InputJsonValue,
      treeConfig: toStoredTreeConfig(config) as Prisma.InputJsonValue,
      judgmentsPerItem: 1,
      goldRatio: 0,
      // Tree answers are all different texts: agreement and straight-lining say nothing about them yet (docs/trees.md).
      qualityRules: { straightLining: { window: 500, maxSameShare: 1 } },
      status: 'ACTIVE',
      license: 'Apache-2.0 (OpenAssistant oasst1 prompts)',
    },
    select: { id: true },
  });
  for (const text of seedPrompts) await createTreeIn(tx, created.id, { prompt: { text } });
  for (let i = 0; i < workerPromptTrees; i++) await createTreeIn(tx, created.id, {});
  // Enough for every task of each tree at the largest per-kind reward, with room for trees the team adds later.
  const tasksPerTree = BigInt(config.goalTreeSize * (1 + config.reviewsPerMessage + config.rankingsPerGroup));
  await fundDemoProject(tx, teamId, created.id, fields.rewardMsats * tasksPerTree * BigInt(seedPrompts.length + workerPromptTrees + 20));
}

/** Demo projects start funded, as if the team had paid a Lightning invoice for every judgment they need. */
async function fundDemoProject(tx: Tx, teamId: string, projectId: string, amountMsats: bigint) {
  const lightningIn = await getOrCreateAccount(tx, { kind: 'LIGHTNING_IN' });
  const escrow = await getOrCreateAccount(tx, { kind: 'PROJECT_ESCROW', teamId, projectId });
  await postTransfer(tx, {
    debitAccountId: lightningIn.id,
    creditAccountId: escrow.id,
    amountMsats,
    idempotencyKey: `demo-funding:${projectId}`,
    reason: 'DEPOSIT',
    memo: 'Demo funding',
  });
}

export async function seedDemoData(): Promise<boolean> {
  const passwordHashes = {
    REQUESTER: await hashPassword(demoStaff.REQUESTER.password),
    ADMIN: await hashPassword(demoStaff.ADMIN.password),
  };
  // One transaction: a crash mid-seed leaves nothing half-made, and the flag makes it run once.
  return db.$transaction(
    async (tx) => {
      const seeded = await tx.platformSetting.findUnique({ where: { key: SEEDED_FLAG } });
      if (seeded) return false;
      const { teamId, requesterId } = await seedStaff(tx, passwordHashes);
      await findOrCreateWorkerByLinkingKey(demoWorkerLinkingKey(), {}, tx);
      await seedProjects(tx, teamId, requesterId);
      await tx.platformSetting.create({ data: { key: SEEDED_FLAG, value: new Date().toISOString() } });
      return true;
    },
    { timeout: 60_000 },
  );
}
