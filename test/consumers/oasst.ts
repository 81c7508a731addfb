// OpenAssistant's tree export, as oasst-data reads it (LAION-AI/Open-Assistant, oasst-data/oasst_data/schemas.py:
// ExportMessageTree { message_tree_id: str, tree_state, prompt: ExportMessageNode, origin }, ExportMessageNode
// { message_id, parent_id, user_id, text, role, lang, review_count, review_result, deleted, rank, synthetic,
// model_name, emojis: dict[str, int], replies: list[node], labels: dict[str, {value: float | None, count: int}],
// events, tree_state }), plus what the tree itself must hold for oasst's traversal and pair code: each reply's
// parent_id is its parent, roles alternate prompter/assistant from a prompter prompt, ranks are whole numbers.
import { isRecord, type Problems } from './common';

const NODE_KEYS = [
  'message_id', 'parent_id', 'user_id', 'text', 'role', 'lang', 'review_count', 'review_result', 'deleted', 'rank',
  'synthetic', 'model_name', 'emojis', 'replies', 'labels', 'events', 'tree_state',
];
const TREE_KEYS = ['message_tree_id', 'tree_state', 'prompt', 'origin'];

const isOptional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || value === null || check(value);
const isString = (v: unknown) => typeof v === 'string';
const isInt = (v: unknown) => Number.isInteger(v);
const isBool = (v: unknown) => typeof v === 'boolean';

function checkNode(node: unknown, parentId: string | null, role: 'prompter' | 'assistant', path: string, problems: Problems): void {
  if (!isRecord(node)) {
    problems.push(`${path}: not an object`);
    return;
  }
  for (const key of Object.keys(node)) if (!NODE_KEYS.includes(key)) problems.push(`${path}: unknown key "${key}"`);
  if (!isString(node.message_id) || node.message_id === '') problems.push(`${path}: message_id must be text`);
  if ((node.parent_id ?? null) !== parentId) problems.push(`${path}: parent_id ${String(node.parent_id)} is not its parent ${String(parentId)}`);
  if (typeof node.text !== 'string') problems.push(`${path}: text must be a string`);
  if (node.role !== role) problems.push(`${path}: role "${String(node.role)}", expected "${role}"`);
  const typed: [string, (v: unknown) => boolean][] = [
    ['user_id', isString], ['lang', isString], ['review_count', isInt], ['review_result', isBool], ['deleted', isBool],
    ['rank', (v) => isInt(v) && (v as number) >= 0], ['synthetic', isBool], ['model_name', isString],
  ];
  for (const [key, check] of typed) if (!isOptional(node[key], check)) problems.push(`${path}: ${key} has the wrong type`);
  if (!isOptional(node.emojis, (v) => isRecord(v) && Object.values(v).every(isInt))) problems.push(`${path}: emojis must map names to counts`);
  const isLabel = (v: unknown) => isRecord(v) && isOptional(v.value, (x) => typeof x === 'number') && isInt(v.count);
  if (!isOptional(node.labels, (v) => isRecord(v) && Object.values(v).every(isLabel))) problems.push(`${path}: labels must be {name: {value, count}}`);
  if (!isOptional(node.replies, Array.isArray)) {
    problems.push(`${path}: replies must be a list`);
    return;
  }
  const replies = (node.replies ?? []) as unknown[];
  const next = role === 'prompter' ? 'assistant' : 'prompter';
  replies.forEach((reply, i) => checkNode(reply, String(node.message_id), next, `${path}.replies[${i}]`, problems));
}

/** One line of an oasst trees file. */
export function checkOasstTree(row: unknown): Problems {
  if (!isRecord(row)) return ['not an object'];
  const problems: Problems = [];
  for (const key of Object.keys(row)) if (!TREE_KEYS.includes(key)) problems.push(`unknown key "${key}"`);
  if (!isString(row.message_tree_id) || row.message_tree_id === '') problems.push('message_tree_id must be text');
  if (!isOptional(row.tree_state, isString)) problems.push('tree_state must be text');
  checkNode(row.prompt, null, 'prompter', 'prompt', problems);
  const ids: string[] = [];
  const collect = (node: unknown) => {
    if (!isRecord(node)) return;
    ids.push(String(node.message_id));
    if (Array.isArray(node.replies)) node.replies.forEach(collect);
  };
  collect(row.prompt);
  if (new Set(ids).size !== ids.length) problems.push('a message_id appears twice');
  return problems;
}
