// OpenAI fine-tuning files. Chat SFT: the OpenAI cookbook's format checks (examples/Chat_finetuning_data_prep.ipynb:
// data_type, missing_messages_list, message_missing_key, message_unrecognized_key, unrecognized_role,
// missing_content, example_missing_assistant_message) plus role order. Preference (DPO): the guide's schema
// (input.messages, preferred_output, non_preferred_output, each output one assistant message).
import { checkKeys, checkRoleOrder, isRecord, isText, type Problems } from './common';

const MESSAGE_KEYS = ['role', 'content', 'name', 'function_call', 'weight'];

function checkMessages(messages: unknown, last: 'user' | 'assistant'): Problems {
  if (!Array.isArray(messages) || messages.length === 0) return ['missing_messages_list'];
  const problems: Problems = [];
  for (const message of messages) {
    if (!isRecord(message)) {
      problems.push('data_type');
      continue;
    }
    if (!('role' in message) || !('content' in message)) problems.push('message_missing_key');
    if (Object.keys(message).some((k) => !MESSAGE_KEYS.includes(k))) problems.push('message_unrecognized_key');
    if (!['system', 'user', 'assistant', 'function'].includes(String(message.role))) problems.push('unrecognized_role');
    if (!isText(message.content)) problems.push('missing_content');
  }
  return [...problems, ...checkRoleOrder(messages.map((m) => (isRecord(m) ? String(m.role) : '')), last)];
}

export function checkOpenAiSft(row: unknown): Problems {
  if (!isRecord(row)) return ['data_type'];
  const problems = [...checkKeys(row, ['messages', 'tools', 'parallel_tool_calls'], ['messages']), ...checkMessages(row.messages, 'assistant')];
  if (Array.isArray(row.messages) && !row.messages.some((m) => isRecord(m) && m.role === 'assistant')) {
    problems.push('example_missing_assistant_message');
  }
  return problems;
}

function checkOutput(output: unknown, name: string): Problems {
  if (!Array.isArray(output) || output.length !== 1) return [`${name} must hold exactly one message`];
  const [message] = output;
  if (!isRecord(message) || message.role !== 'assistant' || !isText(message.content)) return [`${name} must be one assistant message with text`];
  return checkKeys(message, ['role', 'content'], ['role', 'content']);
}

export function checkOpenAiDpo(row: unknown): Problems {
  if (!isRecord(row)) return ['data_type'];
  const problems = checkKeys(row, ['input', 'preferred_output', 'non_preferred_output']);
  if (!isRecord(row.input)) return [...problems, 'input must be an object'];
  problems.push(...checkKeys(row.input, ['messages', 'tools', 'parallel_tool_calls'], ['messages']));
  problems.push(...checkMessages(row.input.messages, 'user'));
  problems.push(...checkOutput(row.preferred_output, 'preferred_output'), ...checkOutput(row.non_preferred_output, 'non_preferred_output'));
  if (JSON.stringify(row.preferred_output) === JSON.stringify(row.non_preferred_output)) problems.push('preferred equals non-preferred');
  return problems;
}
