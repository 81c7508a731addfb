// The prompt part of an item as chat messages, and the shape rules every training format needs from it.
// Isomorphic and pure. Used twice: at upload (refuse what no format can hold, with the row's line) and at export
// (normalise what can be normalised, leave out and count what older uploads let in). See docs/exports.md.
import { isRecord, type Message } from './common';
import { TaskInputError, type TaskInputIssue } from './errors';

/** The payload's conversation (role/content only), then its `prompt` as the last user message. */
export function toPromptMessages(payload: unknown): Message[] {
  if (!isRecord(payload)) return [];
  const messages: Message[] = [];
  if (Array.isArray(payload.conversation)) {
    for (const message of payload.conversation) {
      if (isRecord(message) && typeof message.content === 'string' && typeof message.role === 'string') {
        const role = message.role === 'system' || message.role === 'assistant' ? message.role : 'user';
        messages.push({ role, content: message.content });
      }
    }
  }
  if (typeof payload.prompt === 'string') messages.push({ role: 'user', content: payload.prompt });
  return messages;
}

/** Between the contents of merged same-role turns: a blank line, as a paragraph break in markdown. */
export const MERGE_SEPARATOR = '\n\n';

/**
 * Consecutive turns of one role become one turn, contents joined by a blank line ("user, user" → one user turn).
 * Every format needs alternating roles (LLaMA-Factory drops the row otherwise; chat templates such as Mistral's
 * raise), and merging loses no text. `merged` counts the turns folded into the one before.
 */
export function mergeSameRoleTurns(messages: readonly Message[]): { messages: Message[]; merged: number } {
  const out: Message[] = [];
  let merged = 0;
  for (const message of messages) {
    const last = out[out.length - 1];
    if (last && last.role === message.role) {
      out[out.length - 1] = { role: last.role, content: `${last.content}${MERGE_SEPARATOR}${message.content}` };
      merged += 1;
    } else out.push({ role: message.role, content: message.content });
  }
  return { messages: out, merged };
}

/** Why a (merged) prompt can't be held by the training formats. */
export type PromptProblem = 'system_not_first' | 'starts_with_assistant' | 'no_user_turn' | 'ends_with_assistant';

export const promptProblemText: Record<PromptProblem, string> = {
  system_not_first: 'a system message may only come first',
  starts_with_assistant: 'the conversation must start with a user message (after an optional system message)',
  no_user_turn: 'a system message alone is not a prompt: add a user message or a "prompt"',
  ends_with_assistant: 'the conversation must end with a user message (or give a "prompt"): the responses are the assistant\'s next turn',
};

/**
 * The first rule the prompt breaks, with the index (in the given messages) of the message at fault. The shape every
 * format holds: an optional system message, then user and assistant turns starting and ending with the user.
 * Same-role neighbours are allowed here (they are merged, see `mergeSameRoleTurns`).
 */
export function findPromptProblem(messages: readonly Message[]): { problem: PromptProblem; index: number } | null {
  const firstTurn = messages.findIndex((m) => m.role !== 'system');
  const lateSystem = messages.findIndex((m, i) => m.role === 'system' && firstTurn !== -1 && i > firstTurn);
  if (lateSystem !== -1) return { problem: 'system_not_first', index: lateSystem };
  if (firstTurn === -1) return { problem: 'no_user_turn', index: Math.max(messages.length - 1, 0) };
  if (messages[firstTurn].role === 'assistant') return { problem: 'starts_with_assistant', index: firstTurn };
  if (messages[messages.length - 1].role === 'assistant') return { problem: 'ends_with_assistant', index: messages.length - 1 };
  return null;
}

/** Texts that differ only in whitespace train nothing as a preference pair: they count as the same. */
export function isSameResponse(a: string, b: string): boolean {
  const squash = (text: string) => text.trim().replace(/\s+/g, ' ');
  return squash(a) === squash(b);
}

/** The first two responses that are the same (see `isSameResponse`), as indices; null when all differ. */
export function findSameResponses(responses: readonly string[]): [number, number] | null {
  for (let i = 0; i < responses.length; i++) {
    for (let j = i + 1; j < responses.length; j++) if (isSameResponse(responses[i], responses[j])) return [i, j];
  }
  return null;
}

/** Task types whose items become chat training rows (OpenAI, TRL, HH-RLHF, Alpaca, ShareGPT). */
const TRAINING_TYPES = new Set(['PAIRWISE', 'RANKING', 'WRITING']);

/** Where in the payload a message of `toPromptMessages` came from: `conversation.<i>` or `prompt`. */
function pathOf(payload: Record<string, unknown>, index: number): string {
  const count = Array.isArray(payload.conversation) ? payload.conversation.length : 0;
  return index < count ? `conversation.${index}` : 'prompt';
}

/**
 * Upload rules beyond the payload schema: the prompt must have a shape every training format holds, and the
 * responses of a comparison must differ. Only for new items: items stored before these rules still parse (workers
 * can answer them); the export leaves such rows out of the training formats and counts them in the card.
 * Throws `TaskInputError` (INVALID_INPUT), which the uploader reports with the row's line.
 */
export function assertTrainable(taskType: string, payload: unknown): void {
  if (!TRAINING_TYPES.has(taskType) || !isRecord(payload)) return;
  const issues: TaskInputIssue[] = [];
  const found = findPromptProblem(toPromptMessages(payload));
  if (found) issues.push({ path: pathOf(payload, found.index), message: promptProblemText[found.problem] });
  const responses = Array.isArray(payload.responses) ? payload.responses.filter((r): r is string => typeof r === 'string') : [];
  const same = findSameResponses(responses);
  if (same) {
    const message =
      responses.length === 2
        ? 'the two responses are the same: a comparison needs two different responses'
        : `responses ${same[0]} and ${same[1]} are the same: every response must differ`;
    issues.push({ path: 'responses', message });
  }
  if (issues.length > 0) throw new TaskInputError('item', issues);
}
