// Team uploads into a tree project on real PostgreSQL: seed prompt files start a tree per new prompt (bad lines
// reported by number, re-uploads and concurrent uploads idempotent, the first reply task open), model reply files add
// synthetic siblings (idempotent too), and the tree read shows every message with its author, review and tasks.
import { describe, expect, it } from 'vitest';
import { createSeededRandom, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { importModelReplyFile } from './model-reply-upload';
import { importSeedPrompts } from './seed-store';
import { createTreeProject, drainEvaluator, runTreeWorker } from './test-fixtures';
import { getTreeDetail } from './tree-detail';

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

const seedFile = [
  '{"prompt": "How do volcanoes form?", "externalId": "seed-1"}',
  '{"prompt": ""}',
  '{"prompt": "Why is the sky blue?"}',
  'not json',
  '{"prompt": "How do volcanoes form?"}',
].join('\n');

describe('seed prompt uploads', () => {
  it('starts a tree per good line with its reply task open, reports bad lines, and seeds nothing twice', async () => {
    const { projectId } = await createTreeProject({ promptSource: 'team' });
    const first = await importSeedPrompts(projectId, bytes(seedFile), 'jsonl');
    expect(first).toEqual({
      lines: 5, created: 2, skipped: 1, errorCount: 2,
      errors: [{ line: 2, reason: 'prompt: empty' }, { line: 4, reason: expect.stringMatching(/^invalid JSON/) }],
    });
    const trees = await db.conversationTree.findMany({ where: { projectId }, select: { id: true, externalId: true, origin: true, state: true }, orderBy: { id: 'asc' } });
    // Seeds of one upload share a timestamp, so their ids (uuid v7) are in no particular order.
    expect(trees.map((tree) => [tree.externalId, tree.origin, tree.state]).sort()).toEqual([['seed-1', 'TEAM', 'GROWING'], [null, 'TEAM', 'GROWING']].sort());
    const replyTasks = await db.item.findMany({ where: { projectId, treeTaskKind: 'REPLY', status: 'OPEN' }, select: { treeId: true, judgmentsNeeded: true } });
    expect(replyTasks.map((task) => task.treeId).sort()).toEqual(trees.map((tree) => tree.id).sort());
    expect(replyTasks.every((task) => task.judgmentsNeeded === 3)).toBe(true);

    // The same file again, and a CSV naming the same prompts differently cased, at the same time: nothing new.
    const csv = 'prompt,externalId\nwhy is the sky blue,\nA new one,seed-1\nHow do tides work?,seed-9\n';
    const [again, fromCsv] = await Promise.all([importSeedPrompts(projectId, bytes(seedFile), 'jsonl'), importSeedPrompts(projectId, bytes(csv), 'csv')]);
    expect(again).toMatchObject({ created: 0, skipped: 3, errorCount: 2 });
    expect(fromCsv).toEqual({ lines: 3, created: 1, skipped: 2, errorCount: 0, errors: [] });
    expect(await db.conversationTree.count({ where: { projectId } })).toBe(3);
  });

  it('refuses a CSV without a prompt column, a project that grows no trees, and a closed one', async () => {
    const { projectId } = await createTreeProject();
    await expect(importSeedPrompts(projectId, bytes('text\nHello\n'), 'csv')).rejects.toThrow(/no "prompt" column/);
    const closed = await createTreeProject({}, { status: 'DONE' });
    await expect(importSeedPrompts(closed.projectId, bytes('{"prompt":"Hi"}\n'), 'jsonl')).rejects.toThrow(/closed/);
    const plain = await createTestProject();
    await expect(importSeedPrompts(plain, bytes('{"prompt":"Hi"}\n'), 'jsonl')).rejects.toThrow(/not a conversation-tree project/);
  });
});

describe('model reply uploads', () => {
  it('adds synthetic siblings by tree id or externalId, reports bad lines, and adds nothing twice', async () => {
    const { projectId } = await createTreeProject({ promptSource: 'team' });
    await importSeedPrompts(projectId, bytes('{"prompt": "Write a haiku about rain.", "externalId": "rain"}\n'), 'jsonl');
    const tree = await db.conversationTree.findFirstOrThrow({ where: { projectId }, select: { id: true } });
    const file = [
      JSON.stringify({ treeExternalId: 'rain', parentMessageId: 'prompt', modelName: 'chip-20b', text: 'Soft rain on the roof' }),
      JSON.stringify({ treeId: tree.id, parentMessageId: 'prompt', modelName: 'other-7b', text: 'Grey clouds, wet pavement' }),
      JSON.stringify({ treeExternalId: 'snow', parentMessageId: 'prompt', modelName: 'm', text: 'x' }),
      JSON.stringify({ treeId: tree.id, parentMessageId: 'no-such-message', modelName: 'm', text: 'x' }),
      JSON.stringify({ treeId: tree.id, parentMessageId: 'prompt', modelName: 'third', text: 'soft rain on the roof.' }),
      JSON.stringify({ treeId: tree.id, parentMessageId: 'prompt', modelName: 'm' }),
    ].join('\n');
    const first = await importModelReplyFile(projectId, bytes(file));
    expect(first).toEqual({
      lines: 6, added: 2, skipped: 0, errorCount: 4,
      errors: [
        { line: 3, reason: 'no tree with externalId "snow" in this project' },
        { line: 4, reason: 'no message "no-such-message" in this tree' },
        { line: 5, reason: expect.stringMatching(/already says the same thing/) },
        { line: 6, reason: expect.stringMatching(/^text: /) },
      ],
    });
    const again = await importModelReplyFile(projectId, bytes(file));
    expect(again).toMatchObject({ added: 0, skipped: 2, errorCount: 4 });
    const synthetic = await db.treeMessage.findMany({ where: { treeId: tree.id, isSynthetic: true }, select: { modelName: true, siblingSlot: true }, orderBy: { siblingSlot: 'asc' } });
    expect(synthetic).toEqual([{ modelName: 'chip-20b', siblingSlot: 1000 }, { modelName: 'other-7b', siblingSlot: 1001 }]);
  });
});

describe('the team’s tree read', () => {
  it('shows every message with author, review, rank, pruning and open tasks; other teams see nothing', async () => {
    const { projectId } = await createTreeProject({ promptSource: 'team', goalTreeSize: 4, maxDepth: 1, reviewsPerMessage: 1, rankingsPerGroup: 1 });
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
    const actor = { kind: 'USER' as const, teamId: project.teamId, userId: '00000000-0000-7000-8000-000000000000', apiKeyId: null };
    await importSeedPrompts(projectId, bytes('{"prompt": "Name a prime number.", "externalId": "primes"}\n'), 'jsonl');
    const { id: treeId } = await db.conversationTree.findFirstOrThrow({ where: { projectId }, select: { id: true } });

    const seeded = await getTreeDetail(actor, projectId, treeId);
    expect(seeded).toMatchObject({ externalId: 'primes', state: 'GROWING', origin: 'TEAM', openTasks: [] });
    expect(seeded.messages).toHaveLength(1);
    expect(seeded.messages[0]).toMatchObject({ role: 'PROMPTER', depth: 0, author: { kind: 'TEAM' }, reviewState: 'ACCEPTED', deletedAt: null });
    expect(seeded.messages[0].openTasks).toEqual([expect.objectContaining({ kind: 'REPLY', judgmentsNeeded: 3, judgmentsDone: 0, openSlots: 3 })]);
    await importModelReplyFile(projectId, bytes(`${JSON.stringify({ treeId, parentMessageId: 'prompt', modelName: 'chip-20b', text: 'Seven.' })}\n`));

    const workers = await createTestWorkers(6);
    await Promise.all(workers.map((w, i) => runTreeWorker(w, projectId, createSeededRandom(i + 7))));
    await drainEvaluator();
    const grown = await getTreeDetail(actor, projectId, treeId);
    expect(grown).toMatchObject({ state: 'READY', stateReason: 'goal of 4 messages reached' });
    const replies = grown.messages.filter((m) => m.depth === 1);
    expect(replies).toHaveLength(4);
    expect(replies.filter((m) => m.author.kind === 'MODEL')).toEqual([expect.objectContaining({ author: { kind: 'MODEL', modelName: 'chip-20b' }, text: 'Seven.' })]);
    for (const reply of replies.filter((m) => m.author.kind === 'WORKER')) {
      expect(reply.author).toEqual({ kind: 'WORKER', code: expect.stringMatching(/^[0-9A-F]{6}$/) });
      expect(reply).toMatchObject({ reviewState: 'ACCEPTED', reviewCount: 1, labels: { quality: { value: expect.any(Number), count: 1 } } });
    }
    expect(replies.map((m) => m.rank).sort()).toEqual([0, 1, 2, 3]);
    expect(grown.messages.every((m) => m.openTasks.length === 0)).toBe(true);

    // A pruned message stays in the read, with its reason.
    const pruned = replies.find((m) => m.author.kind === 'WORKER')!;
    await db.treeMessage.update({ where: { id: pruned.id }, data: { deletedAt: new Date(), deletedReason: 'failed review: 1 of 1 reviewers called it spam' } });
    const after = await getTreeDetail(actor, projectId, treeId);
    expect(after.messages.find((m) => m.id === pruned.id)).toMatchObject({ deletedReason: 'failed review: 1 of 1 reviewers called it spam', deletedAt: expect.any(Date) });

    await expect(getTreeDetail({ ...actor, teamId: '00000000-0000-7000-8000-000000000001' }, projectId, treeId)).rejects.toThrow(/not found/i);
    const other = await createTreeProject({}, { teamId: project.teamId });
    await expect(getTreeDetail(actor, other.projectId, treeId)).rejects.toThrow(/not found/i);
  });
});
