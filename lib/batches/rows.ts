// Turns one parsed JSONL object or CSV record into { externalId, payload, gold } (the documented file shapes, see
// docs/uploads.md). Pure (node:crypto only, for content ids); the task-type validation happens later in import.ts.
import { createHash } from 'node:crypto';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

export const MAX_EXTERNAL_ID_LENGTH = 200;

export interface RowInput {
  externalId: string;
  payload: Record<string, unknown>;
  /** undefined when the row has no gold answer. */
  gold: unknown;
}

export type RowResult = { ok: true; row: RowInput } | { ok: false; reason: string };

const ID_KEYS = ['id', 'external_id'] as const;

/**
 * A row without an id gets one from its content: re-uploading the same file finds the same ids (so it reports
 * duplicates instead of importing twice), and two different files without ids never collide.
 */
export function createContentId(payload: unknown): string {
  return `sha256-${createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 32)}`;
}

function readExternalId(value: unknown): { id: string | null } | { error: string } {
  if (value === undefined || value === null || value === '') return { id: null };
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return { error: '"id" must be text or a number' };
  const id = value.trim();
  if (id === '') return { id: null };
  if (id.length > MAX_EXTERNAL_ID_LENGTH) return { error: `"id" must be at most ${MAX_EXTERNAL_ID_LENGTH} characters` };
  return { id };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finishRow(idValue: unknown, payload: Record<string, unknown>, gold: unknown): RowResult {
  const id = readExternalId(idValue);
  if ('error' in id) return { ok: false, reason: id.error };
  return { ok: true, row: { externalId: id.id ?? createContentId(payload), payload, gold } };
}

/**
 * JSONL: `{"id", "payload": {...}, "gold": {...}}`, or flat `{"id", ...payload fields, "gold": {...}}`. The
 * nested shape is used when the object has a "payload" field.
 */
export function toRowFromJson(value: Record<string, unknown>): RowResult {
  if (ID_KEYS.every((key) => key in value) && value.id !== value.external_id) {
    return { ok: false, reason: 'give either "id" or "external_id", not both' };
  }
  const idValue = value.id ?? value.external_id;
  if ('payload' in value) {
    const extra = Object.keys(value).filter((key) => !['id', 'external_id', 'payload', 'gold'].includes(key));
    if (extra.length > 0) {
      return { ok: false, reason: `unknown field${extra.length > 1 ? 's' : ''} beside "payload": ${extra.join(', ')}` };
    }
    if (!isPlainObject(value.payload)) return { ok: false, reason: '"payload" must be an object ({...})' };
    return finishRow(idValue, value.payload, value.gold);
  }
  const { id: _id, external_id: _externalId, gold, ...payload } = value;
  return finishRow(idValue, payload, gold);
}

/** CSV cells holding JSON: lists and conversations can't be flat text. */
const JSON_COLUMNS = new Set(['conversation', 'responses', 'gold']);
const RESPONSE_COLUMN = /^response_(\d+)$/;

export interface CsvHeader {
  names: string[];
  responseColumns: { index: number; position: number }[];
}

/** Checks the header row: names trimmed, none empty or repeated, `responses` and `response_<n>` not mixed. */
export function parseCsvHeader(fields: string[]): { header: CsvHeader } | { error: string } {
  const names = fields.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') return { error: 'the header row has an empty column name' };
    if (seen.has(name)) return { error: `the header row names the column "${name}" twice` };
    seen.add(name);
  }
  if (names.includes('id') && names.includes('external_id')) {
    return { error: 'the header row has both "id" and "external_id": keep one' };
  }
  const responseColumns = names
    .map((name, index) => ({ index, match: RESPONSE_COLUMN.exec(name) }))
    .filter((entry) => entry.match !== null)
    .map(({ index, match }) => ({ index, position: Number(match![1]) }))
    .sort((a, b) => a.position - b.position);
  if (responseColumns.length > 0 && names.includes('responses')) {
    return { error: 'use either a "responses" column (JSON list) or response_1, response_2, ... columns, not both' };
  }
  return { header: { names, responseColumns } };
}

function parseJsonCell(name: string, cell: string): { value: unknown } | { error: string } {
  if (nestsDeeperThan(cell)) return { error: `column "${name}" nests more than ${MAX_JSON_DEPTH} levels deep` };
  try {
    return { value: JSON.parse(cell) };
  } catch {
    return { error: `column "${name}" must hold JSON` };
  }
}

/** A ranking written as "0>1>2" (best first, "=" joins ties: "0=2>1") or as JSON [[0],[1],[2]]. */
function parseRankingCell(cell: string): unknown {
  const text = cell.trim();
  if (text.startsWith('[')) return parseJsonCell('gold_ranking', text);
  return { value: text.split('>').map((group) => group.split('=').map((index) => Number(index.trim()))) };
}

/** `gold_<name>` columns → the gold answer of each type (see docs/uploads.md). */
function readGoldColumn(type: TaskType, key: string, cell: string): { value: [string, unknown] } | { error: string } {
  const text = cell.trim();
  switch (type) {
    case 'CLASSIFICATION':
    case 'PAIRWISE':
      return { value: [key, text] };
    case 'MULTI_LABEL': {
      if (text.startsWith('[')) {
        const parsed = parseJsonCell(`gold_${key}`, text);
        return 'error' in parsed ? parsed : { value: [key, parsed.value] };
      }
      return { value: [key, text.split('|').map((label) => label.trim()).filter((label) => label !== '')] };
    }
    case 'RANKING': {
      const parsed = parseRankingCell(text) as { value: unknown } | { error: string };
      return 'error' in parsed ? parsed : { value: [key, parsed.value] };
    }
    case 'RATING':
      return { value: [key, text === '' ? text : Number(text)] };
    default:
      return { value: [key, text] };
  }
}

/**
 * One CSV record → row. `id`/`external_id` is the id; `gold` (JSON) or `gold_<name>` columns the gold answer;
 * `conversation`/`responses` hold JSON; `response_<n>` columns make the responses list (empty trailing cells
 * dropped); every other column is a text field of the payload. Empty cells are left out.
 */
export function toRowFromCsv(type: TaskType, header: CsvHeader, fields: string[]): RowResult {
  if (fields.length !== header.names.length) {
    return { ok: false, reason: `expected ${header.names.length} columns like the header row, found ${fields.length}` };
  }
  const payload: Record<string, unknown> = {};
  let gold: unknown;
  const goldFields: [string, unknown][] = [];
  let idValue: unknown;
  const responseIndexes = new Set(header.responseColumns.map((column) => column.index));
  for (let index = 0; index < fields.length; index += 1) {
    const name = header.names[index];
    const cell = fields[index];
    if (cell === '' || responseIndexes.has(index)) continue;
    if (name === 'id' || name === 'external_id') idValue = cell;
    else if (JSON_COLUMNS.has(name)) {
      const parsed = parseJsonCell(name, cell);
      if ('error' in parsed) return { ok: false, reason: parsed.error };
      if (name === 'gold') gold = parsed.value;
      else payload[name] = parsed.value;
    } else if (name.startsWith('gold_')) {
      const parsed = readGoldColumn(type, name.slice('gold_'.length), cell);
      if ('error' in parsed) return { ok: false, reason: parsed.error };
      goldFields.push(parsed.value);
    } else payload[name] = cell;
  }
  if (header.responseColumns.length > 0) {
    const responses = header.responseColumns.map((column) => fields[column.index]);
    while (responses.length > 0 && responses[responses.length - 1] === '') responses.pop();
    if (responses.length > 0) payload.responses = responses;
  }
  if (goldFields.length > 0) {
    if (gold !== undefined) return { ok: false, reason: 'use either a "gold" column or gold_... columns, not both' };
    const entries = Object.fromEntries(goldFields);
    gold = type === 'RATING' ? { scores: entries } : entries;
  }
  return finishRow(idValue, payload, gold);
}
