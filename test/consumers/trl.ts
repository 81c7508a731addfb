// TRL 1.13 dataset formats (docs/source/dataset_formats.md, trl/data_utils.py).
// - is_conversational: the first supported key holds a list of {role, content} dicts.
// - apply_chat_template: the supported keys must be one of the documented sets; the prompt's last role must be
//   "user" or "assistant" (anything else raises "Invalid role in the last message").
// - Standard rows: DPOTrainer/KTOTrainer join prompt and completion with nothing between, so the boundary must be in
//   the data: the prompt ends with whitespace, or the completion starts with it (the docs' "The sky is" + " blue.").
import { checkRoleOrder, isRecord, isText, type Problems } from './common';

const SUPPORTED = ['prompt', 'chosen', 'rejected', 'completion', 'messages', 'label'];
const KEY_SETS = [['messages'], ['prompt'], ['prompt', 'completion'], ['prompt', 'chosen', 'rejected'], ['chosen', 'rejected'], ['prompt', 'completion', 'label']];

function isMessageList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every((m) => isRecord(m) && 'role' in m && isText(m.content));
}

function checkKeySet(row: Record<string, unknown>): Problems {
  const keys = Object.keys(row).filter((k) => SUPPORTED.includes(k)).sort();
  return KEY_SETS.some((set) => [...set].sort().join() === keys.join()) ? [] : [`Invalid keys in the example: ${keys.join(', ')}`];
}

function checkBoundary(prompt: string, completion: unknown, name: string): Problems {
  if (!isText(completion)) return [`${name} must be text`];
  return /\s$/.test(prompt) || /^\s/.test(completion) ? [] : [`nothing separates the prompt from ${name}`];
}

/** Standard preference or unpaired preference (KTO) row of strings. */
export function checkTrlStandard(row: unknown): Problems {
  if (!isRecord(row)) return ['not an object'];
  const problems = checkKeySet(row);
  if (!isText(row.prompt)) return [...problems, 'prompt must be text'];
  if ('completion' in row) {
    problems.push(...checkBoundary(row.prompt, row.completion, 'completion'));
    if (typeof row.label !== 'boolean') problems.push('label must be a boolean');
  } else {
    problems.push(...checkBoundary(row.prompt, row.chosen, 'chosen'), ...checkBoundary(row.prompt, row.rejected, 'rejected'));
    if (row.chosen === row.rejected) problems.push('chosen equals rejected');
  }
  return problems;
}

/** Conversational preference row: what maybe_apply_chat_template needs, and alternating roles for the templates. */
export function checkTrlConversational(row: unknown): Problems {
  if (!isRecord(row)) return ['not an object'];
  const problems = checkKeySet(row);
  if (!isMessageList(row.prompt)) return [...problems, 'prompt must be a list of {role, content}'];
  const lastRole = row.prompt[row.prompt.length - 1].role;
  if (lastRole !== 'user' && lastRole !== 'assistant') problems.push(`Invalid role in the last message: ${String(lastRole)}`);
  problems.push(...checkRoleOrder(row.prompt.map((m) => String(m.role)), 'user'));
  for (const key of ['chosen', 'rejected'] as const) {
    const value = row[key];
    if (!isMessageList(value) || value.some((m) => m.role !== 'assistant')) problems.push(`${key} must be assistant messages`);
  }
  if (JSON.stringify(row.chosen) === JSON.stringify(row.rejected)) problems.push('chosen equals rejected');
  return problems;
}

/** Conversational language-modeling row (SFTTrainer's `messages`): alternating user/assistant, ending on the assistant. */
export function checkTrlSft(row: unknown): Problems {
  if (!isRecord(row)) return ['not an object'];
  const problems = checkKeySet(row);
  if (!isMessageList(row.messages)) return [...problems, 'messages must be a list of {role, content}'];
  return [...problems, ...checkRoleOrder(row.messages.map((m) => String(m.role)), 'assistant')];
}
