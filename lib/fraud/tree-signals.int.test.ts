// Fraud signals of conversation-tree work on real PostgreSQL: a planted review ring and a second account reviewing
// its owner's messages, among honest reviewers (two of them behind one carrier NAT) who must stay unflagged.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { stopBoss } from '@/lib/jobs/boss';
import { createTree } from '@/lib/trees/engine';
import { createTreeProject } from '@/lib/trees/test-fixtures';
import { runFraudDetector, scanFraudSignals } from './signals';

afterAll(() => stopBoss());

const random = createSeededRandom(18);

async function worker(name: string) {
  const user = await db.user.create({ data: { roles: ['WORKER'] } });
  const profile = await db.workerProfile.create({ data: { userId: user.id, linkingKey: `02${randomUUID().replaceAll('-', '')}`, displayName: name } });
  return { workerId: profile.id, userId: user.id };
}

async function signIn(userId: string, ip: string, userAgent: string) {
  await db.session.create({ data: { userId, tokenHash: randomUUID(), method: 'LNURL_AUTH', ip, userAgent, expiresAt: new Date(Date.now() + 86_400_000) } });
}

type Message = { id: string; authorId: string; reviewItemId: string };

/** Replies by the author under the tree's prompt, each with its review task (as the engine would open it). */
async function writeMessages(projectId: string, treeId: string, rootId: string, authorId: string, count: number, slot: { next: number }): Promise<Message[]> {
  const messages: Message[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const text = `Reply ${slot.next} by ${authorId}`;
    await db.$executeRaw`
      INSERT INTO "TreeMessage" (id, "treeId", "parentId", role, depth, "siblingSlot", text, "textKey", lang, "authorWorkerId")
      VALUES (${id}::uuid, ${treeId}::uuid, ${rootId}::uuid, 'ASSISTANT', 1, ${slot.next++}::int, ${text}, ${text.toLowerCase()}, 'en', ${authorId}::uuid)`;
    const item = await db.item.create({
      data: { projectId, externalId: `review:${id}`, payload: {}, judgmentsNeeded: 99, openSlots: 99, treeId, treeMessageId: id, treeTaskKind: 'REVIEW', treeRound: 0 },
      select: { id: true },
    });
    messages.push({ id, authorId, reviewItemId: item.id });
  }
  return messages;
}

/** A review, by default at a person's pace: 4 to 34 s, at a random time of the last day. */
async function review(projectId: string, reviewerId: string, message: Message, spam: boolean, timing = { durationMs: 4_000 + random() * 30_000, createdAt: new Date(Date.now() - random() * 20 * 3_600_000) }) {
  const assignment = await db.assignment.create({
    data: { itemId: message.reviewItemId, projectId, workerId: reviewerId, status: 'SUBMITTED', leaseExpiresAt: new Date() },
    select: { id: true },
  });
  await db.judgment.create({
    data: { assignmentId: assignment.id, itemId: message.reviewItemId, projectId, workerId: reviewerId, answer: { spam, labels: {}, redFlag: false }, durationMs: Math.round(timing.durationMs), createdAt: timing.createdAt, rewardMsats: 1_000n },
  });
}

/** `count` messages by others, picked at random without repeats. */
function pick(messages: Message[], reviewerId: string, count: number): Message[] {
  const pool = messages.filter((m) => m.authorId !== reviewerId);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

const flagKinds = async (workerId: string) => (await db.workerFlag.findMany({ where: { workerId }, select: { kind: true } })).map((f) => f.kind).sort();

describe('tree fraud signals', () => {
  it('flag a planted review ring and a same-device second account, and no honest reviewer', async () => {
    const { projectId } = await createTreeProject({ promptSource: 'team' });
    const { treeId } = await createTree(projectId, { prompt: { text: 'Tell me about volcanoes.' } });
    const root = await db.treeMessage.findFirstOrThrow({ where: { treeId, depth: 0 }, select: { id: true } });

    const honest = await Promise.all(Array.from({ length: 10 }, (_, i) => worker(`honest ${i}`)));
    const ring = await Promise.all([worker('ring a'), worker('ring b'), worker('ring c')]);
    const [owner, alt, bot] = await Promise.all([worker('owner'), worker('second account'), worker('bot')]);
    // Honest: own networks, except two phones behind one carrier NAT (same IP, different devices).
    for (const [i, w] of honest.entries()) await signIn(w.userId, i < 2 ? '203.0.113.50' : `198.51.100.${i}`, i < 2 ? `Phone ${i}` : 'Mozilla/5.0 (Android)');
    for (const [i, w] of ring.entries()) await signIn(w.userId, `192.0.2.${i}`, 'Mozilla/5.0 (iPhone)');
    // One person, two accounts, one phone.
    for (const w of [owner, alt]) await signIn(w.userId, '198.51.100.77', 'Mozilla/5.0 (Pixel 7)');

    const slot = { next: 0 };
    const messages: Message[] = [];
    for (const w of [...honest, ...ring, owner, alt]) messages.push(...(await writeMessages(projectId, treeId, root.id, w.workerId, 8, slot)));

    // Honest reviewers spread over whatever the task loop hands them, and call a tenth of it spam.
    for (const w of honest) for (const m of pick(messages, w.workerId, 30)) await review(projectId, w.workerId, m, random() < 0.1);
    // The ring reviews each other's every message, always accepting, plus a few others to look busy.
    for (const w of ring) {
      for (const m of messages.filter((x) => x.authorId !== w.workerId && ring.some((r) => r.workerId === x.authorId))) await review(projectId, w.workerId, m, false);
      for (const m of pick(messages.filter((x) => honest.some((h) => h.workerId === x.authorId)), w.workerId, 4)) await review(projectId, w.workerId, m, random() < 0.1);
    }
    // The owner reviews like anyone, plus three messages of their second account (the second account reviews no one).
    for (const m of pick(messages.filter((x) => honest.some((h) => h.workerId === x.authorId)), owner.workerId, 20)) await review(projectId, owner.workerId, m, random() < 0.1);
    for (const m of messages.filter((x) => x.authorId === alt.workerId).slice(0, 3)) await review(projectId, owner.workerId, m, false);

    // A script reviewing honest messages at a steady beat: tree judgments feed the timing detector like any others.
    for (const [i, m] of pick(messages, bot.workerId, 25).entries()) {
      await review(projectId, bot.workerId, m, false, { durationMs: 6_000, createdAt: new Date(Date.now() - 3_600_000 + i * 30_000) });
    }

    await scanFraudSignals();

    for (const w of ring) {
      const flag = await db.workerFlag.findUniqueOrThrow({ where: { workerId_kind: { workerId: w.workerId, kind: 'REVIEW_RING' } } });
      const others = ring.filter((r) => r !== w).map((r) => r.workerId).sort();
      expect(flag).toMatchObject({ status: 'OPEN', score: expect.closeTo(0.7, 5) });
      expect(flag.details).toMatchObject({ members: others, memberCount: 3, interactions: 32, strength: 3 });
    }
    const device = await db.workerFlag.findUniqueOrThrow({ where: { workerId_kind: { workerId: owner.workerId, kind: 'TREE_SHARED_DEVICE' } } });
    expect(device.details).toMatchObject({ members: [alt.workerId], interactions: 3, ip: '198.51.100.77', sameDevice: true });
    expect(await flagKinds(owner.workerId)).toEqual(['TREE_SHARED_DEVICE']);
    // The second account reviewed nobody; the honest ones, NAT included, did nothing suspicious.
    expect(await flagKinds(alt.workerId)).toEqual([]);
    for (const w of honest) expect(await flagKinds(w.workerId)).toEqual([]);
    expect(await flagKinds(bot.workerId)).toEqual(['SCRIPTED_TIMING']);

    // A rescan finds the same three, and only them.
    expect(await runFraudDetector('REVIEW_RING')).toBe(3);
  });
});
