// Ranking as the worker builds it: `order` holds shown response indices best-first, in the order they
// were tapped (then moved with up/down); `tied[i]` links row i to row i-1 (same rank). Rows are what the
// arrows move; tie links stay between rows. All functions are pure and return new state.
import type { RankingAnswer } from '../types';

export type RankingState = { order: number[]; tied: boolean[] };
export const emptyRanking: RankingState = { order: [], tied: [] };

/** Tap a response: ranks it next, or (if already ranked) takes it out again. */
export function tapResponse(state: RankingState, index: number, count: number): RankingState {
  if (!Number.isInteger(index) || index < 0 || index >= count) return state;
  const at = state.order.indexOf(index);
  if (at >= 0) return removeAt(state, at);
  return { order: [...state.order, index], tied: [...state.tied, false] };
}

export function removeAt(state: RankingState, position: number): RankingState {
  if (position < 0 || position >= state.order.length) return state;
  const order = state.order.filter((_, i) => i !== position);
  const tied = state.tied.filter((_, i) => i !== position);
  // The row after the removed one was linked to it; it stays linked upward only through both links.
  if (position < tied.length) tied[position] = position > 0 && state.tied[position] && state.tied[position + 1];
  if (tied.length) tied[0] = false;
  return { order, tied };
}

export function undoLast(state: RankingState): RankingState {
  return removeAt(state, state.order.length - 1);
}

/** Moves the row at `position` one place up (-1, better) or down (+1, worse). */
export function moveRow(state: RankingState, position: number, delta: -1 | 1): RankingState {
  const target = position + delta;
  if (position < 0 || position >= state.order.length || target < 0 || target >= state.order.length) return state;
  const order = [...state.order];
  [order[position], order[target]] = [order[target], order[position]];
  return { order, tied: [...state.tied] };
}

/** Links row `position` (> 0) with the row above as a tie, or unlinks it. */
export function toggleTie(state: RankingState, position: number, allowTies: boolean): RankingState {
  if (!allowTies || position <= 0 || position >= state.order.length) return state;
  const tied = [...state.tied];
  tied[position] = !tied[position];
  return { order: [...state.order], tied };
}

/** 1-based dense rank of each row: tied rows share a rank. */
export function rowRanks(state: RankingState): number[] {
  let rank = 0;
  return state.order.map((_, i) => (i > 0 && state.tied[i] ? rank : ++rank));
}

export function isRankingComplete(state: RankingState, count: number): boolean {
  return state.order.length === count && new Set(state.order).size === count;
}

/** Best-first groups, a partition of 0..count-1 (groups > 1 only if ties are allowed); null if incomplete. */
export function toRankingGroups(state: RankingState, count: number, allowTies: boolean): number[][] | null {
  if (!isRankingComplete(state, count)) return null;
  const groups: number[][] = [];
  state.order.forEach((index, i) => {
    if (i > 0 && allowTies && state.tied[i]) groups[groups.length - 1].push(index);
    else groups.push([index]);
  });
  return groups;
}

export function buildRankingAnswer(
  state: RankingState,
  count: number,
  allowTies: boolean,
  notRankable: boolean,
): RankingAnswer | null {
  const ranking = toRankingGroups(state, count, allowTies);
  if (notRankable) return { ranking: ranking ?? [], notRankable: true };
  return ranking ? { ranking } : null;
}
