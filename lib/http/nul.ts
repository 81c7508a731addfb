// PostgreSQL can't store U+0000 in text or jsonb: a NUL reaching a query fails it with a 500. Inputs refuse it first.

/** True when any string in the value (keys included) holds U+0000. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 200 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((inner) => containsNul(inner, depth + 1));
  return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || containsNul(inner, depth + 1));
}

export const NUL_MESSAGE = 'text may not contain the NUL character (\\u0000)';

/** For zod `.refine`: the value holds no NUL (forms and server actions, where no JSON parser checked it first). */
export const hasNoNul = (value: unknown): boolean => !containsNul(value);
export const NUL_FIELD_MESSAGE = 'Remove the NUL character (\\u0000) from this text.';
