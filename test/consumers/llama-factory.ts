// LLaMA-Factory's dataset formats (data/README.md; src/llamafactory/data/converter.py).
// Alpaca: instruction (+ input) is the human prompt, output (or chosen/rejected) the response, `system` a string,
// `history` a list of [prompt, response] string pairs.
// ShareGPT (SharegptDatasetConverter): a leading {"from": "system"} becomes the system prompt; then human must be
// at even indexes and gpt at odd ones, else "Invalid role tag" and the row is skipped; SFT rows need an even count
// (ending with gpt), preference rows an odd count (ending with human) and chosen/rejected from gpt.
import { isRecord, isText, type Problems } from './common';

export function checkAlpaca(row: unknown): Problems {
  if (!isRecord(row)) return ['not an object'];
  const problems: Problems = [];
  if (!isText(row.instruction)) problems.push('instruction must be text');
  if (typeof row.input !== 'string') problems.push('input must be a string');
  if ('output' in row) {
    if (!isText(row.output)) problems.push('output must be text');
  } else {
    if (!isText(row.chosen) || !isText(row.rejected)) problems.push('chosen and rejected must be text');
    if (row.chosen === row.rejected) problems.push('chosen equals rejected');
  }
  if ('system' in row && typeof row.system !== 'string') problems.push('system must be a string');
  if ('history' in row) {
    const ok = Array.isArray(row.history) && row.history.every((p) => Array.isArray(p) && p.length === 2 && p.every(isText));
    if (!ok) problems.push('history must be [prompt, response] pairs of text');
  }
  return problems;
}

export function checkShareGpt(row: unknown): Problems {
  if (!isRecord(row) || !Array.isArray(row.conversations)) return ['conversations must be a list'];
  let messages = row.conversations.filter(isRecord);
  if (messages.length !== row.conversations.length) return ['every turn must be {from, value}'];
  if (messages[0]?.from === 'system') messages = messages.slice(1);
  const problems: Problems = [];
  messages.forEach((m, i) => {
    const accepted = i % 2 === 0 ? ['human', 'observation'] : ['gpt', 'function_call'];
    if (!accepted.includes(String(m.from))) problems.push(`Invalid role tag "${String(m.from)}" at turn ${i}`);
    if (!isText(m.value)) problems.push(`turn ${i} has no text`);
  });
  const isRanking = 'chosen' in row || 'rejected' in row;
  if (isRanking === (messages.length % 2 === 0)) problems.push(`Invalid message count ${messages.length}`);
  if (isRanking) {
    for (const key of ['chosen', 'rejected'] as const) {
      const turn = row[key];
      if (!isRecord(turn) || !['gpt', 'function_call'].includes(String(turn.from)) || !isText(turn.value)) problems.push(`${key} must be a gpt turn`);
    }
    if (JSON.stringify(row.chosen) === JSON.stringify(row.rejected)) problems.push('chosen equals rejected');
  }
  return problems;
}
