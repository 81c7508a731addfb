// Shared checks for the consumer validators: each returns a list of problems ([] = the consumer takes the row).
export type Problems = string[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Exactly these keys (OpenAI and HH rows: the consumers refuse or ignore anything else). */
export function checkKeys(row: Record<string, unknown>, allowed: readonly string[], required: readonly string[] = allowed): Problems {
  const problems: Problems = [];
  for (const key of Object.keys(row)) if (!allowed.includes(key)) problems.push(`unknown key "${key}"`);
  for (const key of required) if (!(key in row)) problems.push(`missing key "${key}"`);
  return problems;
}

/**
 * Chat role order every consumer here holds: one optional system message first, then user and assistant alternating,
 * starting with the user. `last` says which role must end it. (Mistral/Gemma chat templates raise "Conversation roles
 * must alternate user/assistant"; LLaMA-Factory drops the row; TRL raises on a trailing system.)
 */
export function checkRoleOrder(roles: readonly string[], last: 'user' | 'assistant'): Problems {
  const turns = roles[0] === 'system' ? roles.slice(1) : roles;
  const problems: Problems = [];
  turns.forEach((role, i) => {
    const expected = i % 2 === 0 ? 'user' : 'assistant';
    if (role !== expected) problems.push(`turn ${i} is "${role}", expected "${expected}"`);
  });
  if (turns.length === 0) problems.push('no user or assistant turn');
  else if (turns[turns.length - 1] !== last) problems.push(`must end with "${last}", ends with "${turns[turns.length - 1]}"`);
  return problems;
}
