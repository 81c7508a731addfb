// The columns a CSV upload needs per task type, checked once on the header row: a file with the wrong columns
// gets one clear file-level error naming what is missing, the columns nobody reads as expected, and what is
// expected, instead of the same per-row error on every line. Pure. Extra columns are allowed (they are kept in
// the item's payload as metadata), so they are named only to help spot a misspelling.
import type { TaskType } from '@/lib/generated/prisma/enums';

type Need = { label: string; isMet: (names: Set<string>) => boolean };

const hasPrompt: Need = { label: '"prompt" or "conversation"', isMet: (names) => names.has('prompt') || names.has('conversation') };
const responses = (min: number): Need => ({
  label: `"responses" (JSON list) or response_1 … response_${min}`,
  isMet: (names) => names.has('responses') || Array.from({ length: min }, (_, i) => `response_${i + 1}`).every((name) => names.has(name)),
});
const column = (name: string): Need => ({ label: `"${name}"`, isMet: (names) => names.has(name) });

const needs: Record<TaskType, Need[]> = {
  CLASSIFICATION: [column('text')],
  MULTI_LABEL: [column('text')],
  PAIRWISE: [hasPrompt, responses(2)],
  RANKING: [hasPrompt, responses(2)],
  RATING: [hasPrompt, column('response')],
  WRITING: [hasPrompt],
};

/** What a person reads as "the expected columns" (optional ones in brackets). */
export const expectedCsvColumns: Record<TaskType, string> = {
  CLASSIFICATION: 'id (optional), text, title (optional), gold_label (gold files)',
  MULTI_LABEL: 'id (optional), text, title (optional), gold_labels (gold files)',
  PAIRWISE: 'id (optional), prompt or conversation, response_1, response_2, gold_choice (gold files)',
  RANKING: 'id (optional), prompt or conversation, response_1, response_2, response_3…, gold_ranking (gold files)',
  RATING: 'id (optional), prompt or conversation, response, gold_<criterion> (gold files)',
  WRITING: 'id (optional), prompt or conversation, draft (optional)',
};

const KNOWN = /^(id|external_id|text|title|prompt|conversation|responses|response|draft|gold|gold_.+|response_\d+)$/;

/** null when the header has what the task type needs; otherwise the whole message. */
export function checkCsvColumns(type: TaskType, columnNames: string[]): string | null {
  const names = new Set(columnNames);
  const missing = needs[type].filter((need) => !need.isMet(names)).map((need) => need.label);
  if (missing.length === 0) return null;
  const unknown = columnNames.filter((name) => !KNOWN.test(name));
  const unknownText = unknown.length > 0 ? ` Columns not used as task fields: ${unknown.map((name) => `"${name}"`).join(', ')}.` : '';
  return `The header row is missing ${missing.join(' and ')}.${unknownText} Expected columns: ${expectedCsvColumns[type]}. Nothing was imported.`;
}
