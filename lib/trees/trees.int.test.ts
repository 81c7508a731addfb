// Conversation trees on real PostgreSQL: a tree grows from a worker's prompt through the ordinary task loop (claim,
// submit, quality evaluator, ledger) to its configured shape; bad answers and answers overtaken by the tree are
// refused with nothing stored; many workers grow many trees at once and every tree still matches its shape.
import { describe, expect, it } from 'vitest';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { skipAssignment } from '@/lib/assignment/skip';
import { submitJudgment } from '@/lib/assignment/submit';
import { createSeededRandom, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { createTree } from './engine';
import { getTreeTaskView, listProjectTrees } from './read';
import { flagTreeMessage } from './flags';
import { shownOrderOf } from './shown-order';
import { checkTreeShapes, createTreeProject, drainEvaluator, releaseLease, runTreeWorker } from './test-fixtures';

async function claimKind(workerId: string, projectId: string) {
  const claim = await claimNextAssignment(workerId, projectId);
  if (claim.kind !== 'assigned') return null;
  const assignment = await db.assignment.findUniqueOrThrow({
    where: { id: claim.assignment.assignmentId },
    select: { id: true, item: { select: { treeTaskKind: true, treeMessageId: true, payload: true } } },
  });
  return { assignmentId: assignment.id, kind: assignment.item.treeTaskKind!, messageId: assignment.item.treeMessageId, payload: assignment.item.payload as { tree: { candidates?: { id: string }[] } } };
}

/** Workers from the pool do tasks of the wanted kind until `count` are done; other tasks they get are given back. */
async function doTasks(workers: string[], projectId: string, kind: string, answer: (task: NonNullable<Awaited<ReturnType<typeof claimKind>>>) => unknown, count: number) {
  let done = 0;
  for (let round = 0; round < 5 && done < count; round++) {
    for (const workerId of workers) {
      if (done >= count) break;
      const task = await claimKind(workerId, projectId);
      if (!task) continue;
      if (task.kind !== kind) {
        await releaseLease(task.assignmentId);
        continue;
      }
      await submitJudgment(workerId, { assignmentId: task.assignmentId, answer: answer(task) });
      done += 1;
    }
  }
  return done;
}

/** The first task of the wanted kind the worker is handed (others are given back). */
async function claimOfKind(workerId: string, projectId: string, kind: string) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const task = await claimKind(workerId, projectId);
    if (!task || task.kind === kind) return task;
    await releaseLease(task.assignmentId);
  }
  return null;
}

const review = { spam: false, labels: { quality: 0.9 }, redFlag: false };

describe('conversation trees', () => {
  it('grow from a worker-written prompt to the configured shape, each approved task paid once', async () => {
    const { projectId, config } = await createTreeProject();
    const { treeId } = await createTree(projectId);
    const workers = await createTestWorkers(10);
    const random = createSeededRandom(7);
    const results = await Promise.all(workers.map((w) => runTreeWorker(w, projectId, random)));
    expect(results.flatMap((r) => r.refusals)).toEqual([]);
    await drainEvaluator();
    const report = await checkTreeShapes(projectId, config, { messages: 12, maxDepth: 3 });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ trees: 1, states: { READY: 1 }, messages: 12 });
    // 1 prompt + 11 replies, 3 reviews each, 4 groups ranked 3 times.
    expect(report.judgments).toBe(12 + 36 + 12);
    const tree = await db.conversationTree.findUniqueOrThrow({ where: { id: treeId }, select: { state: true, stateReason: true, origin: true } });
    expect(tree).toEqual({ state: 'READY', stateReason: 'goal of 12 messages reached', origin: 'WORKER' });
    const { teamId } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { teamId: true } });
    const actor = { kind: 'USER' as const, teamId, userId: workers[0], apiKeyId: null };
    expect(await listProjectTrees(actor, projectId)).toEqual([
      expect.objectContaining({ id: treeId, state: 'READY', stateReason: 'goal of 12 messages reached', liveMessages: 12, prunedMessages: 0, pendingReviews: 0, maxDepth: 3, openTasks: 0 }),
    ]);
    await expect(listProjectTrees({ ...actor, teamId: workers[1] }, projectId)).rejects.toThrow(/not found/i);
    // The author of each message was barred from its review, never leased it.
    const barred = await db.assignment.count({ where: { projectId, status: 'BARRED' } });
    expect(barred).toBe(12 + 11);
  }, 60_000);

  it('refuses bad replies and answers overtaken by the tree, storing nothing', async () => {
    const { projectId } = await createTreeProject({ maxTextLength: 50, reviewsPerMessage: 1, repliesPerMessage: 3 });
    await createTree(projectId, { prompt: { text: 'What is the capital of France?' } });
    const [a, b, c, d, e] = await createTestWorkers(5);
    const first = await claimOfKind(a, projectId, 'REPLY');
    expect(first?.kind).toBe('REPLY');
    const stored = () => db.judgment.count({ where: { projectId } });

    await expect(submitJudgment(a, { assignmentId: first!.assignmentId, answer: { text: '   ' } })).rejects.toThrow(/empty/);
    await expect(submitJudgment(a, { assignmentId: first!.assignmentId, answer: { text: 'x'.repeat(51) } })).rejects.toThrow(/too long: 51 characters, at most 50/);
    await expect(submitJudgment(a, { assignmentId: first!.assignmentId, answer: { order: [] } })).rejects.toThrow(/expected shape/);
    expect(await stored()).toBe(0);
    await submitJudgment(a, { assignmentId: first!.assignmentId, answer: { text: 'Paris.' } });

    const second = await claimOfKind(b, projectId, 'REPLY');
    expect(second?.kind).toBe('REPLY');
    await expect(submitJudgment(b, { assignmentId: second!.assignmentId, answer: { text: '  paris ' } })).rejects.toThrow(/already says the same thing/);
    expect(await stored()).toBe(1);
    expect(await db.treeMessage.count({ where: { parentId: first!.messageId } })).toBe(1);
    expect((await db.assignment.findUniqueOrThrow({ where: { id: second!.assignmentId } })).status).toBe('ACTIVE');

    // The prompt is removed (red flags) while c holds a reply task for it: the reply is refused, nothing stored.
    const promptId = (await db.treeMessage.findFirstOrThrow({ where: { parentId: null, tree: { projectId } } })).id;
    // Flags come from workers who worked on the conversation.
    await claimKind(c, projectId);
    await claimKind(d, projectId);
    for (const w of [a, b, c, d]) await flagTreeMessage(w, promptId, 'abusive');
    const before = await stored();
    await expect(submitJudgment(b, { assignmentId: second!.assignmentId, answer: { text: 'Lyon, surely.' } })).rejects.toThrow(/finished since this task was handed out|removed/);
    expect(await stored()).toBe(before);
    const tree = await db.conversationTree.findFirstOrThrow({ where: { projectId }, select: { state: true, stateReason: true } });
    expect(tree.state).toBe('ABORTED');
    expect(tree.stateReason).toMatch(/red-flagged by 4 workers/);
    expect(await claimNextAssignment(e, projectId)).toMatchObject({ kind: 'none' });
  });

  it('refuses a ranking of a sibling group that changed, and self-ranking', async () => {
    const { projectId } = await createTreeProject({ reviewsPerMessage: 1, repliesPerMessage: 3, rankingsPerGroup: 2 });
    await createTree(projectId, { prompt: { text: 'Name a colour.' } });
    const workers = await createTestWorkers(30);
    const texts = ['Red', 'Green', 'Blue'];
    expect(await doTasks(workers.slice(0, 3), projectId, 'REPLY', () => ({ text: texts.shift() }), 3)).toBe(3);
    expect(await doTasks(workers.slice(3, 9), projectId, 'REVIEW', () => review, 3)).toBe(3);
    const ranker = await claimOfKind(workers[9], projectId, 'RANK');
    expect(ranker?.kind).toBe('RANK');
    const candidates = ranker!.payload.tree.candidates!.map((c) => c.id);
    expect(candidates).toHaveLength(3);
    const view = await getTreeTaskView(workers[9], ranker!.assignmentId);
    expect(view).toMatchObject({ kind: 'RANK', conversation: [{ role: 'user', content: 'Name a colour.' }], replyAs: null });
    expect([...view.candidates.map((c) => c.id)].sort()).toEqual([...candidates].sort());
    // In the order the phone shows and the submit records (Assignment.shownOrder).
    expect(view.candidates.map((c) => candidates.indexOf(c.id))).toEqual(shownOrderOf(candidates, ranker!.assignmentId));
    // An author can't be handed the ranking of their own group: the claim bars them.
    const authorClaim = await claimKind(workers[0], projectId);
    expect(authorClaim).toBeNull();

    await expect(submitJudgment(workers[9], { assignmentId: ranker!.assignmentId, answer: { order: candidates.slice(0, 2) } })).rejects.toThrow(/replies to rank changed/);
    // One reply is removed while the ranking is on screen: the group changed.
    const removed = candidates[1];
    for (const w of workers.slice(0, 4)) await flagTreeMessage(w, removed, 'abusive');
    const pruned = await db.treeMessage.findUniqueOrThrow({ where: { id: removed }, select: { deletedAt: true, deletedReason: true } });
    expect(pruned.deletedReason).toBe('red-flagged by 4 workers');
    await expect(submitJudgment(workers[9], { assignmentId: ranker!.assignmentId, answer: { order: candidates } })).rejects.toThrow(/replies to rank changed since this task was handed out/);
    expect(await db.judgment.count({ where: { assignmentId: ranker!.assignmentId } })).toBe(0);
    // The freed slot reopened: a new reply completes the group again, and a fresh ranking round opens.
    expect(await doTasks(workers.slice(10, 20), projectId, 'REPLY', () => ({ text: 'Yellow' }), 1)).toBe(1);
    expect(await doTasks(workers.slice(20), projectId, 'REVIEW', () => review, 1)).toBe(1);
    const items = await db.item.findMany({ where: { projectId, treeTaskKind: 'RANK' }, select: { treeRound: true, status: true }, orderBy: { treeRound: 'asc' } });
    expect(items).toEqual([
      { treeRound: 0, status: 'CANCELLED' },
      { treeRound: 1, status: 'OPEN' },
    ]);
  });

  it('halts a tree once enough workers skip replying', async () => {
    const { projectId } = await createTreeProject({ haltAfterSkips: 3 });
    const { treeId } = await createTree(projectId, { prompt: { text: 'Tell me a joke.' } });
    for (const workerId of await createTestWorkers(3)) {
      const task = await claimKind(workerId, projectId);
      await skipAssignment(workerId, { assignmentId: task!.assignmentId, reason: 'too_hard' });
    }
    const tree = await db.conversationTree.findUniqueOrThrow({ where: { id: treeId } });
    expect(tree).toMatchObject({ state: 'HALTED', skipCount: 3 });
    expect(await db.item.count({ where: { treeId, status: 'OPEN' } })).toBe(0);
  });

  it('keeps its hand-written indexes, which refuse a second live reply in one slot', async () => {
    const rows = await db.$queryRaw<{ indexname: string }[]>`
      SELECT indexname FROM pg_indexes WHERE indexname IN ('TreeMessage_live_sibling_slot_key', 'TreeMessage_one_root_key', 'Item_tree_prompt_task_key')
      ORDER BY indexname`;
    expect(rows.map((r) => r.indexname)).toEqual(['Item_tree_prompt_task_key', 'TreeMessage_live_sibling_slot_key', 'TreeMessage_one_root_key']);
    const { projectId } = await createTreeProject();
    const { treeId } = await createTree(projectId, { prompt: { text: 'Hello?' } });
    const root = await db.treeMessage.findFirstOrThrow({ where: { treeId } });
    const reply = { treeId, parentId: root.id, role: 'ASSISTANT' as const, depth: 1, siblingSlot: 0, text: 'Hi', textKey: 'hi' };
    await db.treeMessage.create({ data: reply });
    await expect(db.treeMessage.create({ data: { ...reply, text: 'Hey', textKey: 'hey' } })).rejects.toThrow();
  });

  it('grow many trees with many workers at once, every tree to its exact shape', async () => {
    const TREES = 8;
    const WORKERS = 24;
    const { projectId, config } = await createTreeProject();
    for (let i = 0; i < TREES; i++) await createTree(projectId);
    const workers = await createTestWorkers(WORKERS);
    let evaluating = true;
    const evaluator = (async () => {
      while (evaluating) {
        await drainEvaluator();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const results = await Promise.all(workers.map((w, index) => runTreeWorker(w, projectId, createSeededRandom(index + 1), { deadline: Date.now() + 100_000 })));
    evaluating = false;
    await evaluator;
    await drainEvaluator();
    const report = await checkTreeShapes(projectId, config, { messages: 12, maxDepth: 3 });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ trees: TREES, states: { READY: TREES }, messages: 12 * TREES, judgments: 60 * TREES });
    expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(60 * TREES);
  }, 120_000);
});
