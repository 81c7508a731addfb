// The tree lifecycle as pure decisions (isomorphic, no I/O): given a snapshot of one tree, which tasks to open and
// which state the tree is in; given a message's reviews, flags or its siblings' rankings, what happens to it.
// lib/trees/engine.ts applies these under the tree's row lock. docs/trees.md draws the lifecycle.
import type { TreeConfig } from './config';

export type TreeStateName = 'GROWING' | 'RANKING' | 'READY' | 'ABORTED' | 'HALTED';
export type TreeTaskKindName = 'WRITE_PROMPT' | 'REPLY' | 'REVIEW' | 'RANK';

export type SnapshotMessage = {
  id: string;
  parentId: string | null;
  depth: number;
  siblingSlot: number;
  reviewState: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  isDeleted: boolean;
  /** A model's reply the team added: ranked with its group, never extended, never counted as a worker's reply. */
  isSynthetic?: boolean;
  rank: number | null;
};

export type SnapshotTask = {
  kind: TreeTaskKindName;
  messageId: string | null;
  round: number;
  status: 'OPEN' | 'DONE' | 'CANCELLED';
  judgmentsNeeded: number;
  judgmentsDone: number;
};

export type TreeSnapshot = {
  state: TreeStateName;
  stateReason: string | null;
  skipCount: number;
  messages: SnapshotMessage[];
  tasks: SnapshotTask[];
};

export type TreePlan = {
  openPromptTask: boolean;
  openReplyGroups: { parentId: string; slots: number }[];
  openRankings: { parentId: string; round: number; candidateIds: string[] }[];
  state: TreeStateName;
  reason: string | null;
};

const TERMINAL: readonly TreeStateName[] = ['ABORTED', 'HALTED', 'READY'];

export const isTerminalState = (state: TreeStateName): boolean => TERMINAL.includes(state);

/** Live replies of each message, in sibling order. */
export function groupLiveChildren(messages: readonly SnapshotMessage[]): Map<string, SnapshotMessage[]> {
  const groups = new Map<string, SnapshotMessage[]>();
  for (const message of messages) {
    if (message.isDeleted || message.parentId === null) continue;
    const group = groups.get(message.parentId) ?? [];
    group.push(message);
    groups.set(message.parentId, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.siblingSlot - b.siblingSlot || a.id.localeCompare(b.id));
  return groups;
}

/**
 * What to open next and the tree's state. The tree grows by reply groups: a live, accepted parent below maxDepth
 * gets a REPLY task with up to repliesPerMessage slots; once every reply of a group of two or more passed review,
 * a RANK task opens; once ranked, the group's members become parents in rank order. A tree never reserves more
 * than goalTreeSize live messages (live messages plus reply slots still open), and grows at most
 * parallelReplyGroups groups at a time (a group counts until it is ranked), so with the defaults it grows the
 * best-ranked branch to full depth before widening. Parents holding some, but fewer than lonelyChildThreshold, live
 * replies come first (seeds that arrive with a reply or two are completed before new branches start).
 */
export function planTree(snapshot: TreeSnapshot, config: TreeConfig): TreePlan {
  const plan: TreePlan = { openPromptTask: false, openReplyGroups: [], openRankings: [], state: snapshot.state, reason: snapshot.stateReason };
  if (isTerminalState(snapshot.state)) return plan;
  if (snapshot.skipCount >= config.haltAfterSkips) {
    return { ...plan, state: 'HALTED', reason: `halted: ${snapshot.skipCount} workers skipped replying` };
  }
  const root = snapshot.messages.find((m) => m.parentId === null);
  if (!root) {
    const hasPromptTask = snapshot.tasks.some((t) => t.kind === 'WRITE_PROMPT');
    return { ...plan, openPromptTask: !hasPromptTask && config.promptSource === 'workers', state: 'GROWING', reason: 'waiting for a prompt' };
  }
  if (root.isDeleted || root.reviewState === 'REJECTED') return { ...plan, state: 'ABORTED', reason: plan.reason ?? 'the prompt failed review' };

  const children = groupLiveChildren(snapshot.messages);
  const byId = new Map(snapshot.messages.map((m) => [m.id, m]));
  const replyTasks = new Map(snapshot.tasks.filter((t) => t.kind === 'REPLY' && t.messageId).map((t) => [t.messageId!, t]));
  const rankTasks = latestRankTasks(snapshot.tasks);
  const live = snapshot.messages.filter((m) => !m.isDeleted);

  // Groups still in progress: replies being written or reviewed, or waiting for their ranking.
  let activeGroups = 0;
  // The goal counts workers' messages; model replies come on top.
  const humanLive = live.filter((m) => !m.isSynthetic).length;
  let reserved = humanLive;
  for (const [parentId, task] of replyTasks) {
    const parent = byId.get(parentId);
    if (!parent || parent.isDeleted) continue;
    if (task.status === 'OPEN') reserved += Math.max(0, task.judgmentsNeeded - task.judgmentsDone);
  }
  for (const parent of live) {
    const task = replyTasks.get(parent.id);
    const group = children.get(parent.id) ?? [];
    if (task?.status === 'OPEN') {
      activeGroups += 1;
      continue;
    }
    if (group.length === 0) continue;
    if (group.some((m) => m.reviewState !== 'ACCEPTED')) {
      activeGroups += 1;
      continue;
    }
    if (config.rankReplies && group.length >= 2 && group.some((m) => m.rank === null)) {
      activeGroups += 1;
      const current = rankTasks.get(parent.id);
      // None yet, or the last round is over (cancelled because the group changed, or done before a reply was
      // replaced): a fresh round ranks the group as it is now.
      if (!current || current.status !== 'OPEN') {
        plan.openRankings.push({ parentId: parent.id, round: current ? current.round + 1 : 0, candidateIds: group.map((m) => m.id) });
      }
    }
  }

  // Workers' replies of a parent: what repliesPerMessage and the lonely-child rule count (model replies are extra).
  const humanReplies = (id: string): number => (children.get(id) ?? []).filter((m) => !m.isSynthetic).length;
  const isChosen = (m: SnapshotMessage): boolean => {
    if (m.parentId === null) return true;
    const siblings = children.get(m.parentId) ?? [];
    return siblings.length === 1 || m.rank !== null;
  };
  // A parent with some replies but fewer than the threshold ("lonely children") is completed before new branches.
  const lonely = (m: SnapshotMessage): number => {
    const count = humanReplies(m.id);
    return count > 0 && count < config.lonelyChildThreshold ? 1 : 0;
  };
  const candidates = live
    .filter((m) => !m.isSynthetic && m.reviewState === 'ACCEPTED' && m.depth >= config.replyFromDepth && m.depth < config.maxDepth && !replyTasks.has(m.id) && isChosen(m))
    .filter((m) => humanReplies(m.id) < config.repliesPerMessage)
    .sort((a, b) => {
      return lonely(b) - lonely(a) || (a.rank ?? 0) - (b.rank ?? 0) || b.depth - a.depth || a.siblingSlot - b.siblingSlot || a.id.localeCompare(b.id);
    });
  for (const parent of candidates) {
    if (activeGroups >= config.parallelReplyGroups) break;
    const room = config.goalTreeSize - reserved;
    const wanted = config.repliesPerMessage - humanReplies(parent.id);
    const slots = Math.min(room, wanted);
    if (slots <= 0) break;
    plan.openReplyGroups.push({ parentId: parent.id, slots });
    reserved += slots;
    activeGroups += 1;
  }

  const pendingReview = live.some((m) => m.reviewState === 'PENDING');
  const openWriting = snapshot.tasks.some((t) => t.status === 'OPEN' && (t.kind === 'REPLY' || t.kind === 'WRITE_PROMPT')) || plan.openReplyGroups.length > 0;
  const openRanking = snapshot.tasks.some((t) => t.status === 'OPEN' && t.kind === 'RANK') || plan.openRankings.length > 0;
  if (openWriting || pendingReview) return { ...plan, state: 'GROWING', reason: null };
  if (openRanking) return { ...plan, state: 'RANKING', reason: null };
  const reason = humanLive >= config.goalTreeSize ? `goal of ${config.goalTreeSize} messages reached` : 'no branch left to grow';
  return { ...plan, state: 'READY', reason };
}

/** The newest ranking round per parent. */
function latestRankTasks(tasks: readonly SnapshotTask[]): Map<string, SnapshotTask> {
  const latest = new Map<string, SnapshotTask>();
  for (const task of tasks) {
    if (task.kind !== 'RANK' || !task.messageId) continue;
    const seen = latest.get(task.messageId);
    if (!seen || task.round > seen.round) latest.set(task.messageId, task);
  }
  return latest;
}

export type ReviewAnswer = { spam: boolean; labels: Record<string, number>; redFlag: boolean };

/** A message's review outcome once reviewsPerMessage reviews are in: accepted when the share of "not spam" reaches the threshold. */
export function decideReview(counts: { reviewCount: number; acceptVotes: number }, config: Pick<TreeConfig, 'reviewsPerMessage' | 'acceptanceThreshold'>): 'PENDING' | 'ACCEPTED' | 'REJECTED' {
  if (counts.reviewCount < config.reviewsPerMessage) return 'PENDING';
  return counts.acceptVotes / counts.reviewCount >= config.acceptanceThreshold ? 'ACCEPTED' : 'REJECTED';
}

export type LabelAggregate = Record<string, { value: number; count: number }>;

/** oasst's labels shape, updated with one review: a running mean per label; spam is always counted (1 = spam). */
export function addReviewToLabels(labels: LabelAggregate | null, review: ReviewAnswer): LabelAggregate {
  const next: LabelAggregate = { ...(labels ?? {}) };
  const add = (name: string, value: number) => {
    const seen = next[name] ?? { value: 0, count: 0 };
    const count = seen.count + 1;
    next[name] = { value: (seen.value * seen.count + value) / count, count };
  };
  add('spam', review.spam ? 1 : 0);
  for (const [name, value] of Object.entries(review.labels).sort(([a], [b]) => a.localeCompare(b))) add(name, value);
  return next;
}

/** addReviewToLabels undone: the review leaves each running mean (a label no review scores any more is dropped). */
export function removeReviewFromLabels(labels: LabelAggregate | null, review: ReviewAnswer): LabelAggregate {
  const next: LabelAggregate = { ...(labels ?? {}) };
  const remove = (name: string, value: number) => {
    const seen = next[name];
    if (!seen) return;
    const count = seen.count - 1;
    if (count <= 0) delete next[name];
    // Clamped: subtracting from a float mean can leave a hair outside 0..1.
    else next[name] = { value: Math.min(1, Math.max(0, (seen.value * seen.count - value) / count)), count };
  };
  remove('spam', review.spam ? 1 : 0);
  for (const [name, value] of Object.entries(review.labels)) remove(name, value);
  return next;
}

/** What red flags do: past the limit a reply is deleted, and a prompt takes its whole tree with it. */
export function decideRedFlags(flagCount: number, isPrompt: boolean, config: Pick<TreeConfig, 'redFlagsToDelete'>): 'KEEP' | 'DELETE' | 'ABORT_TREE' {
  if (flagCount < config.redFlagsToDelete) return 'KEEP';
  return isPrompt ? 'ABORT_TREE' : 'DELETE';
}

/**
 * Several rankings of one sibling group merged into one rank per message (0 = best) by Borda count: each ranking
 * gives a message its position, the lowest total wins. Ties keep sibling order (candidateIds order).
 */
export function mergeRankings(candidateIds: readonly string[], rankings: readonly (readonly string[])[]): Map<string, number> {
  const totals = new Map(candidateIds.map((id) => [id, 0]));
  for (const ranking of rankings) ranking.forEach((id, position) => totals.set(id, (totals.get(id) ?? 0) + position));
  const order = [...candidateIds].sort((a, b) => totals.get(a)! - totals.get(b)! || candidateIds.indexOf(a) - candidateIds.indexOf(b));
  return new Map(order.map((id, rank) => [id, rank]));
}

/** The message and every live message below it. */
export function collectSubtree(messages: readonly SnapshotMessage[] | readonly { id: string; parentId: string | null }[], rootId: string): string[] {
  const childrenOf = new Map<string, string[]>();
  for (const m of messages) {
    if (m.parentId === null) continue;
    childrenOf.set(m.parentId, [...(childrenOf.get(m.parentId) ?? []), m.id]);
  }
  const out: string[] = [];
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    out.push(id);
    stack.push(...(childrenOf.get(id) ?? []));
  }
  return out;
}

/** The lowest sibling slot no live reply holds. */
export function firstFreeSlot(liveSlots: readonly number[]): number {
  const taken = new Set(liveSlots);
  let slot = 0;
  while (taken.has(slot)) slot += 1;
  return slot;
}
