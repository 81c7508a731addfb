import { describe, expect, it } from 'vitest';
import { defaultTreeConfig, parseTreeConfig, type TreeConfig } from './config';
import {
  addReviewToLabels,
  collectSubtree,
  decideRedFlags,
  decideReview,
  firstFreeSlot,
  mergeRankings,
  planTree,
  type SnapshotMessage,
  type SnapshotTask,
  type TreeSnapshot,
} from './lifecycle';

const message = (id: string, parentId: string | null, depth: number, extra: Partial<SnapshotMessage> = {}): SnapshotMessage => ({
  id,
  parentId,
  depth,
  siblingSlot: 0,
  reviewState: 'ACCEPTED',
  isDeleted: false,
  rank: null,
  ...extra,
});

const task = (kind: SnapshotTask['kind'], messageId: string | null, extra: Partial<SnapshotTask> = {}): SnapshotTask => ({
  kind,
  messageId,
  round: 0,
  status: 'OPEN',
  judgmentsNeeded: 3,
  judgmentsDone: 0,
  ...extra,
});

const snapshot = (messages: SnapshotMessage[], tasks: SnapshotTask[] = [], extra: Partial<TreeSnapshot> = {}): TreeSnapshot => ({
  state: 'GROWING',
  stateReason: null,
  skipCount: 0,
  messages,
  tasks,
  ...extra,
});

describe('tree config', () => {
  it("defaults to OpenAssistant's tree manager settings", () => {
    expect(defaultTreeConfig).toMatchObject({
      maxDepth: 3,
      repliesPerMessage: 3,
      goalTreeSize: 12,
      reviewsPerMessage: 3,
      acceptanceThreshold: 0.6,
      rankingsPerGroup: 3,
      haltAfterSkips: 25,
      redFlagsToDelete: 4,
      lonelyChildThreshold: 2,
    });
    expect(defaultTreeConfig.rewardsMsats.REPLY).toBe(5_000n);
  });

  it('refuses contradictory settings with the field named', () => {
    expect(() => parseTreeConfig({ minTextLength: 50, maxTextLength: 10 })).toThrow(/minTextLength/);
    expect(() => parseTreeConfig({ reviewLabels: ['spam'] })).toThrow(/reviewLabels/);
    expect(() => parseTreeConfig({ rewardsMsats: { REPLY: '-1' } })).toThrow();
    expect(parseTreeConfig({ rewardsMsats: { RANK: '7000' } }).rewardsMsats.RANK).toBe(7_000n);
  });
});

describe('planTree', () => {
  it('asks a worker for the prompt when the tree has none, once', () => {
    expect(planTree(snapshot([]), defaultTreeConfig)).toMatchObject({ openPromptTask: true, state: 'GROWING' });
    expect(planTree(snapshot([], [task('WRITE_PROMPT', null, { judgmentsNeeded: 1 })]), defaultTreeConfig).openPromptTask).toBe(false);
    expect(planTree(snapshot([]), { ...defaultTreeConfig, promptSource: 'team' }).openPromptTask).toBe(false);
  });

  it('waits for the prompt to pass review, then opens its reply group', () => {
    expect(planTree(snapshot([message('p', null, 0, { reviewState: 'PENDING' })]), defaultTreeConfig).openReplyGroups).toEqual([]);
    const plan = planTree(snapshot([message('p', null, 0)]), defaultTreeConfig);
    expect(plan.openReplyGroups).toEqual([{ parentId: 'p', slots: 3 }]);
    expect(plan.state).toBe('GROWING');
  });

  it('aborts a tree whose prompt failed review', () => {
    const plan = planTree(snapshot([message('p', null, 0, { reviewState: 'REJECTED', isDeleted: true })]), defaultTreeConfig);
    expect(plan.state).toBe('ABORTED');
  });

  it('halts a tree once enough workers skipped replying', () => {
    const plan = planTree(snapshot([message('p', null, 0)], [], { skipCount: 25 }), defaultTreeConfig);
    expect(plan).toMatchObject({ state: 'HALTED', openReplyGroups: [] });
    expect(plan.reason).toMatch(/25 workers skipped/);
  });

  it('ranks a group once all its replies passed review, and not before', () => {
    const replies = ['a', 'b', 'c'].map((id, slot) => message(id, 'p', 1, { siblingSlot: slot }));
    const done = task('REPLY', 'p', { status: 'DONE', judgmentsDone: 3 });
    const pending = [...replies.slice(0, 2), { ...replies[2], reviewState: 'PENDING' as const }];
    expect(planTree(snapshot([message('p', null, 0), ...pending], [done]), defaultTreeConfig).openRankings).toEqual([]);
    const plan = planTree(snapshot([message('p', null, 0), ...replies], [done]), defaultTreeConfig);
    expect(plan.openRankings).toEqual([{ parentId: 'p', round: 0, candidateIds: ['a', 'b', 'c'] }]);
    expect(plan.state).toBe('RANKING');
  });

  it('opens a fresh ranking round when the group changed under the last one', () => {
    const replies = ['a', 'b'].map((id, slot) => message(id, 'p', 1, { siblingSlot: slot }));
    const tasks = [task('REPLY', 'p', { status: 'DONE' }), task('RANK', 'p', { status: 'CANCELLED' })];
    expect(planTree(snapshot([message('p', null, 0), ...replies], tasks), defaultTreeConfig).openRankings).toEqual([
      { parentId: 'p', round: 1, candidateIds: ['a', 'b'] },
    ]);
  });

  it('ranks a group again when a reply was replaced after its ranking', () => {
    const replies = [message('a', 'p', 1, { rank: 0 }), message('c', 'p', 1, { siblingSlot: 2 }), message('b', 'p', 1, { rank: 2, siblingSlot: 1 })];
    const tasks = [task('REPLY', 'p', { status: 'DONE' }), task('RANK', 'p', { status: 'DONE' })];
    expect(planTree(snapshot([message('p', null, 0), ...replies], tasks), defaultTreeConfig).openRankings).toEqual([
      { parentId: 'p', round: 1, candidateIds: ['a', 'b', 'c'] },
    ]);
  });

  it('counts model replies in the ranking but not in the reply slots or the size goal, and never extends them', () => {
    const messages = [message('p', null, 0), message('m', 'p', 1, { isSynthetic: true, siblingSlot: 1000 })];
    const plan = planTree(snapshot(messages), { ...defaultTreeConfig, goalTreeSize: 4 });
    expect(plan.openReplyGroups).toEqual([{ parentId: 'p', slots: 3 }]);
    const ranked = [message('p', null, 0), message('a', 'p', 1, { rank: 1 }), message('m', 'p', 1, { isSynthetic: true, siblingSlot: 1000, rank: 0 })];
    const next = planTree(snapshot(ranked, [task('REPLY', 'p', { status: 'DONE' })]), { ...defaultTreeConfig, repliesPerMessage: 1 });
    expect(next.openReplyGroups).toEqual([{ parentId: 'a', slots: 1 }]);
  });

  it('grows the best-ranked reply first and never past the goal size', () => {
    const replies = [message('a', 'p', 1, { rank: 2 }), message('b', 'p', 1, { rank: 0, siblingSlot: 1 }), message('c', 'p', 1, { rank: 1, siblingSlot: 2 })];
    const plan = planTree(snapshot([message('p', null, 0), ...replies], [task('REPLY', 'p', { status: 'DONE' })]), defaultTreeConfig);
    expect(plan.openReplyGroups).toEqual([{ parentId: 'b', slots: 3 }]);
    const wide = planTree(snapshot([message('p', null, 0), ...replies], [task('REPLY', 'p', { status: 'DONE' })]), { ...defaultTreeConfig, parallelReplyGroups: 5, goalTreeSize: 9 });
    expect(wide.openReplyGroups).toEqual([
      { parentId: 'b', slots: 3 },
      { parentId: 'c', slots: 2 },
    ]);
  });

  it('prefers parents with fewer live replies than the lonely-child threshold', () => {
    const messages = [
      message('p', null, 0),
      message('a', 'p', 1, { rank: 0 }),
      message('b', 'p', 1, { rank: 1, siblingSlot: 1 }),
      message('a1', 'a', 2, { rank: 1 }),
      message('a2', 'a', 2, { siblingSlot: 1, rank: 0 }),
      message('b1', 'b', 2),
    ];
    const config = { ...defaultTreeConfig, parallelReplyGroups: 1, goalTreeSize: 50 };
    // b has 1 reply (lonely): its group is completed first, though a and a2 rank higher.
    const plan = planTree(snapshot(messages, [task('REPLY', 'p', { status: 'DONE' })]), config);
    expect(plan.openReplyGroups[0]).toEqual({ parentId: 'b', slots: 2 });
  });

  it('never extends a message at the depth limit, and calls the tree ready when nothing is left', () => {
    const messages = [message('p', null, 0), message('a', 'p', 1), message('aa', 'a', 2), message('aaa', 'aa', 3)];
    const tasks = [task('REPLY', 'p', { status: 'DONE' }), task('REPLY', 'a', { status: 'DONE' }), task('REPLY', 'aa', { status: 'DONE' })];
    const plan = planTree(snapshot(messages, tasks), defaultTreeConfig);
    expect(plan.openReplyGroups).toEqual([]);
    expect(plan).toMatchObject({ state: 'READY', reason: 'no branch left to grow' });
  });

  it('answers only the last turn of a seeded conversation (replyFromDepth), and ranks only when asked (rankReplies)', () => {
    // user, assistant, user: a seeded branch of only children; only the last turn (depth 2) gets replies.
    const seeded = [message('u0', null, 0), message('a1', 'u0', 1), message('u2', 'a1', 2)];
    const config = { ...defaultTreeConfig, maxDepth: 3, replyFromDepth: 2, repliesPerMessage: 2, goalTreeSize: 5 };
    expect(planTree(snapshot(seeded), config).openReplyGroups).toEqual([{ parentId: 'u2', slots: 2 }]);
    expect(planTree(snapshot(seeded), { ...config, replyFromDepth: 0 }).openReplyGroups.map((g) => g.parentId)).not.toEqual(['u2']);
    const replied = [...seeded, message('r0', 'u2', 3), message('r1', 'u2', 3, { siblingSlot: 1 })];
    const tasks = [task('REPLY', 'u2', { status: 'DONE', judgmentsNeeded: 2, judgmentsDone: 2 })];
    expect(planTree(snapshot(replied, tasks), config)).toMatchObject({ openRankings: [{ parentId: 'u2', round: 0, candidateIds: ['r0', 'r1'] }], state: 'RANKING' });
    expect(planTree(snapshot(replied, tasks), { ...config, rankReplies: false })).toMatchObject({ openRankings: [], state: 'READY', reason: 'goal of 5 messages reached' });
  });

  it('leaves finished trees alone', () => {
    for (const state of ['READY', 'ABORTED', 'HALTED'] as const) {
      expect(planTree(snapshot([message('p', null, 0)], [], { state }), defaultTreeConfig)).toMatchObject({ state, openReplyGroups: [], openPromptTask: false });
    }
  });

  // The whole lifecycle against a simulated crowd: every task done as soon as it opens, replies accepted, rankings
  // in sibling order. The default settings grow 12 messages down to depth 3, one group at a time.
  it('grows a tree of the configured shape', () => {
    const shape = simulate(defaultTreeConfig);
    expect(shape.messages).toBe(12);
    expect(shape.maxDepth).toBe(3);
    expect(shape.state).toBe('READY');
    expect(Math.max(...shape.groupSizes)).toBeLessThanOrEqual(3);
    expect(shape.groupSizes).toEqual([3, 3, 3, 2]);
    const wide = simulate({ ...defaultTreeConfig, goalTreeSize: 40, parallelReplyGroups: 10, maxDepth: 2 });
    expect(wide).toMatchObject({ messages: 13, maxDepth: 2, state: 'READY' });
  });
});

function simulate(config: TreeConfig) {
  let messages: SnapshotMessage[] = [message('root', null, 0)];
  let tasks: SnapshotTask[] = [];
  let state: TreeSnapshot['state'] = 'GROWING';
  let counter = 0;
  for (let round = 0; round < 100 && state !== 'READY'; round++) {
    const plan = planTree(snapshot(messages, tasks, { state }), config);
    state = plan.state;
    for (const group of plan.openReplyGroups) {
      const parent = messages.find((m) => m.id === group.parentId)!;
      tasks.push(task('REPLY', group.parentId, { status: 'DONE', judgmentsNeeded: group.slots, judgmentsDone: group.slots }));
      for (let slot = 0; slot < group.slots; slot++) messages.push(message(`m${counter++}`, parent.id, parent.depth + 1, { siblingSlot: slot }));
    }
    for (const ranking of plan.openRankings) {
      tasks.push(task('RANK', ranking.parentId, { status: 'DONE', round: ranking.round }));
      const ranks = mergeRankings(ranking.candidateIds, [ranking.candidateIds]);
      messages = messages.map((m) => (ranks.has(m.id) ? { ...m, rank: ranks.get(m.id)! } : m));
    }
    tasks = tasks.map((t) => ({ ...t }));
  }
  const groups = new Map<string, number>();
  for (const m of messages) if (m.parentId) groups.set(m.parentId, (groups.get(m.parentId) ?? 0) + 1);
  return { messages: messages.length, maxDepth: Math.max(...messages.map((m) => m.depth)), state, groupSizes: [...groups.values()] };
}

describe('reviews, flags and rankings', () => {
  it('accepts a message once its reviews are in and enough of them are not spam', () => {
    expect(decideReview({ reviewCount: 2, acceptVotes: 2 }, defaultTreeConfig)).toBe('PENDING');
    expect(decideReview({ reviewCount: 3, acceptVotes: 2 }, defaultTreeConfig)).toBe('ACCEPTED');
    expect(decideReview({ reviewCount: 3, acceptVotes: 1 }, defaultTreeConfig)).toBe('REJECTED');
    expect(decideReview({ reviewCount: 5, acceptVotes: 3 }, { reviewsPerMessage: 5, acceptanceThreshold: 0.6 })).toBe('ACCEPTED');
  });

  it("keeps oasst's labels aggregate as a running mean with counts", () => {
    let labels = addReviewToLabels(null, { spam: false, labels: { quality: 1 }, redFlag: false });
    labels = addReviewToLabels(labels, { spam: true, labels: { quality: 0.5, helpfulness: 0 }, redFlag: false });
    expect(labels).toEqual({ spam: { value: 0.5, count: 2 }, quality: { value: 0.75, count: 2 }, helpfulness: { value: 0, count: 1 } });
  });

  it('deletes a reply and aborts a tree for its prompt at the red-flag limit', () => {
    expect(decideRedFlags(3, false, defaultTreeConfig)).toBe('KEEP');
    expect(decideRedFlags(4, false, defaultTreeConfig)).toBe('DELETE');
    expect(decideRedFlags(4, true, defaultTreeConfig)).toBe('ABORT_TREE');
  });

  it('merges rankings by Borda count, ties in sibling order', () => {
    const ranks = mergeRankings(['a', 'b', 'c'], [['b', 'a', 'c'], ['b', 'c', 'a'], ['a', 'b', 'c']]);
    expect(Object.fromEntries(ranks)).toEqual({ b: 0, a: 1, c: 2 });
    expect(Object.fromEntries(mergeRankings(['a', 'b'], [['a', 'b'], ['b', 'a']]))).toEqual({ a: 0, b: 1 });
  });

  it('finds a subtree and the first free sibling slot', () => {
    const messages = [message('p', null, 0), message('a', 'p', 1), message('b', 'p', 1), message('a1', 'a', 2)];
    expect(collectSubtree(messages, 'a').sort()).toEqual(['a', 'a1']);
    expect(firstFreeSlot([0, 2])).toBe(1);
    expect(firstFreeSlot([])).toBe(0);
  });
});
