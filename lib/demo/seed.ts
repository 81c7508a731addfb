// Demo data, seeded once into a demo-mode database: staff sign-ins, a team, the demo worker, and
// projects filled with real OpenAssistant prompts and human-ranked answers (Apache-2.0, see demo-data/oasst).
import 'server-only';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { db, type Tx } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';
import { DEMO_TEAM, demoStaff, demoWorkerLinkingKey } from '@/lib/demo/accounts';
import { findOrCreateWorkerByLinkingKey } from '@/lib/workers/profiles';
import { satsToMsats } from '@/lib/ledger/money';

const SEEDED_FLAG = 'demo.seededAt';

const pairSchema = z.object({
  message_tree_id: z.string(),
  parent_id: z.string(),
  context: z.array(z.object({ role: z.string(), text: z.string() })),
  chosen: z.string(),
  rejected: z.string(),
});

function readPairs(limit: number) {
  const file = new URL('../../prisma/demo-data/oasst/oasst_en_100_ranked_pairs_first500.jsonl', import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, limit)
    .map((line) => pairSchema.parse(JSON.parse(line)));
}

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
  return { teamId: team.id, requesterId: users.REQUESTER };
}

async function seedProjects(tx: Tx, teamId: string, requesterId: string) {
  const pairs = readPairs(60);
  const judgmentsPerItem = 3;
  await tx.project.create({
    data: {
      teamId,
      createdById: requesterId,
      title: 'Which answer is more helpful?',
      instructions:
        '## Compare two assistant answers\n\nRead the user\'s message, then both answers. Pick the one that is **more helpful, honest and harmless**.\n\n- Prefer answers that are correct and complete.\n- Penalize made-up facts.\n- Pick *tie* only when they are truly equal.',
      taskType: 'PAIRWISE',
      typeConfig: { criteria: ['helpful', 'honest', 'harmless'], allowTie: true, askStrength: true, askRationale: false },
      rewardMsats: satsToMsats(21),
      judgmentsPerItem,
      maxJudgmentsPerItem: 5,
      estimatedSeconds: 45,
      minSeconds: 5,
      goldRatio: 0,
      status: 'ACTIVE',
      license: 'Apache-2.0 (OpenAssistant oasst1)',
      items: {
        create: pairs.map((pair, index) => ({
          externalId: `oasst-pair-${index + 1}`,
          payload: {
            conversation: pair.context.map((turn) => ({ role: turn.role === 'prompter' ? 'user' : 'assistant', content: turn.text })),
            responses: [pair.chosen, pair.rejected],
          },
          judgmentsNeeded: judgmentsPerItem,
          openSlots: judgmentsPerItem,
        })),
      },
    },
  });
  await tx.project.create({
    data: {
      teamId,
      createdById: requesterId,
      title: 'Is this answer safe to show?',
      instructions: 'Label each assistant answer as **safe**, **needs caution** or **unsafe**.',
      taskType: 'CLASSIFICATION',
      typeConfig: { labels: ['safe', 'needs caution', 'unsafe'], allowUnsure: true, allowFlag: true },
      rewardMsats: satsToMsats(5),
      judgmentsPerItem: 3,
      maxJudgmentsPerItem: 3,
      estimatedSeconds: 15,
      status: 'DRAFT',
    },
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
