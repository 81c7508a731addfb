// Turning an item's prompt part into chat messages and plain-text transcripts. Isomorphic and pure.
import type { Message } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

/** A transcript as one string: the bare prompt when it is a single user message, else "Role: content" blocks. */
export function toPromptText(messages: readonly Message[]): string {
  if (messages.length === 1 && messages[0].role === 'user') return messages[0].content;
  return messages.map((m) => `${m.role[0].toUpperCase()}${m.role.slice(1)}: ${m.content}`).join('\n\n');
}

/**
 * Anthropic HH-RLHF transcript: "\n\nHuman: ...\n\nAssistant: ..." ending with the given assistant reply.
 * HH has no system turn: a system message is put in front of the next human turn.
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

/** Alpaca fields: the last user message is the instruction; earlier turns become LLaMA-Factory `system`/`history`. */
export function toAlpacaParts(messages: readonly Message[]): {
  instruction: string;
  system?: string;
  history?: [string, string][];
} {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const turns = messages.filter((m) => m.role !== 'system');
  let lastUser = -1;
  turns.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  const instruction = lastUser === -1 ? '' : turns[lastUser].content;
  const history: [string, string][] = [];
  let pendingUser: string | null = null;
  for (const m of turns.slice(0, Math.max(lastUser, 0))) {
    if (m.role === 'user') pendingUser = pendingUser === null ? m.content : `${pendingUser}\n\n${m.content}`;
    else {
      history.push([pendingUser ?? '', m.content]);
      pendingUser = null;
    }
  }
  return { instruction, ...(system && { system }), ...(history.length > 0 && { history }) };
}

const shareGptRoles = { system: 'system', user: 'human', assistant: 'gpt' } as const;

export function toShareGptTurns(messages: readonly Message[]): { from: 'system' | 'human' | 'gpt'; value: string }[] {
  return messages.map((m) => ({ from: shareGptRoles[m.role], value: m.content }));
}
