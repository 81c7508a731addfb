// Helpers for the task-type tests (not imported by app code).
import { TaskInputError, type TaskInputIssue } from './errors';

/** Runs `fn`, expecting it to throw a TaskInputError, and returns that error. */
export function catchTaskInputError(fn: () => unknown): TaskInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TaskInputError) return error;
    throw error;
  }
  throw new Error('expected a TaskInputError, but nothing was thrown');
}

export function issuesOf(fn: () => unknown): TaskInputIssue[] {
  return catchTaskInputError(fn).issues;
}

/** mulberry32: a tiny seeded PRNG returning [0, 1), so shuffles are reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every permutation of 0..count-1. */
export function permutationsOf(count: number): number[][] {
  if (count === 0) return [[]];
  return permutationsOf(count - 1).flatMap((rest) =>
    Array.from({ length: count }, (_, at) => [...rest.slice(0, at), count - 1, ...rest.slice(at)]),
  );
}
