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

export { mulberry32 } from '@/test/random';

/** Every permutation of 0..count-1. */
export function permutationsOf(count: number): number[][] {
  if (count === 0) return [[]];
  return permutationsOf(count - 1).flatMap((rest) =>
    Array.from({ length: count }, (_, at) => [...rest.slice(0, at), count - 1, ...rest.slice(at)]),
  );
}
