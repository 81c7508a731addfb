// Turning an item's prompt (chat messages) into each format's prompt part. Isomorphic and pure.
// The builders here expect a prompt in the shape `fit.ts` guarantees: an optional leading system message, then user
// and assistant turns alternating, starting and ending with the user. They still never drop a turn.
import type { Message } from './types';

export { toPromptMessages } from '@/lib/tasks/conversation';

/** Where TRL's standard (string) formats put the prompt/completion boundary (see `toTrlCompletion`). */
export const ASSISTANT_CUE = 'Assistant:';

const label = (role: Message['role']) => `${role[0].toUpperCase()}${role.slice(1)}`;

/**
 * TRL standard formats: the transcript as "Role: content" blocks, ending with the assistant cue. DPOTrainer and
 * KTOTrainer tokenize `prompt` and `chosen`/`completion` and join them with nothing between, so the boundary must be
 * in the data: the prompt ends in "\n\nAssistant:" and the completion starts with a space, as in TRL's docs
 * (`"prompt": "The sky is", "chosen": " blue."`) and as `extract_prompt` splits an Anthropic HH transcript.
 */
export function toPromptText(messages: readonly Message[]): string {
  return [...messages.map((m) => `${label(m.role)}: ${m.content}`), ASSISTANT_CUE].join('\n\n');
}

/** The completion of a TRL standard row: a leading space unless it already starts with whitespace. */
export function toTrlCompletion(text: string): string {
  return /^\s/.test(text) ? text : ` ${text}`;
}

/**
 * Anthropic HH-RLHF transcript: "\n\nHuman: ...\n\nAssistant: ..." ending with the given assistant reply.
 * HH has no system turn: the system message is put in front of the first human turn, separated by a blank line.
 */
export function toHhTranscript(messages: readonly Message[], reply: string): string {
  let out = '';
  let pendingSystem: string | null = null;
  for (const message of messages) {
    if (message.role === 'system') {
      pendingSystem = pendingSystem ? `${pendingSystem}\n\n${message.content}` : message.content;
    } else if (message.role === 'user') {
      out += `\n\nHuman: ${pendingSystem ? `${pendingSystem}\n\n` : ''}${message.content}`;
      pendingSystem = null;
    } else {
      out += `\n\nAssistant: ${message.content}`;
    }
  }
  if (pendingSystem) out += `\n\nHuman: ${pendingSystem}`;
  return `${out}\n\nAssistant: ${reply}`;
}

/**
 * Alpaca fields as LLaMA-Factory reads them: the last user message is the instruction, the system message `system`,
 * and earlier (user, assistant) turns `history` pairs. A turn that fits none of these throws: a silent loss would
 * train on a conversation the workers never saw (`fit.ts` leaves such prompts out before they get here).
 */
export function toAlpacaParts(messages: readonly Message[]): {
  instruction: string;
  system?: string;
  history?: [string, string][];
} {
  const system = messages[0]?.role === 'system' ? messages[0].content : undefined;
  const turns = system === undefined ? messages : messages.slice(1);
  const last = turns[turns.length - 1];
  if (!last || last.role !== 'user' || turns.length % 2 !== 1) throw new Error('Alpaca needs user/assistant turns ending with the user');
  const history: [string, string][] = [];
  for (let i = 0; i + 1 < turns.length; i += 2) {
    if (turns[i].role !== 'user' || turns[i + 1].role !== 'assistant') throw new Error('Alpaca history needs (user, assistant) pairs');
    history.push([turns[i].content, turns[i + 1].content]);
  }
  return { instruction: last.content, ...(system !== undefined && { system }), ...(history.length > 0 && { history }) };
}

const shareGptRoles = { system: 'system', user: 'human', assistant: 'gpt' } as const;

export function toShareGptTurns(messages: readonly Message[]): { from: 'system' | 'human' | 'gpt'; value: string }[] {
  return messages.map((m) => ({ from: shareGptRoles[m.role], value: m.content }));
}
