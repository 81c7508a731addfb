// The example upload files in public/examples, built from the task types' own example items so they always match
// what the validator accepts. Regenerate them with:
//   node --conditions=react-server --import tsx lib/batches/write-example-files.ts
import type { TaskType } from '@/lib/generated/prisma/enums';
import { exampleItems } from '@/lib/tasks';
import type { BatchFormat } from './schemas';

export const exampleTaskTypes: TaskType[] = ['CLASSIFICATION', 'MULTI_LABEL', 'PAIRWISE', 'RANKING', 'RATING', 'WRITING'];

/** public/examples/<slug>[-gold].<format>; WRITING has no gold file. */
export function exampleFileName(type: TaskType, format: BatchFormat, isGold: boolean): string {
  return `${type.toLowerCase().replaceAll('_', '-')}${isGold ? '-gold' : ''}.${format}`;
}

export function hasGoldExamples(type: TaskType): boolean {
  return exampleItems[type].some((item) => item.goldAnswer !== undefined);
}

function exampleRows(type: TaskType, isGold: boolean) {
  const prefix = `${type.toLowerCase().replaceAll('_', '-')}-${isGold ? 'gold' : 'example'}`;
  return exampleItems[type]
    .filter((item) => !isGold || item.goldAnswer !== undefined)
    .map((item, index) => ({
      id: `${prefix}-${index + 1}`,
      payload: item.payload as Record<string, unknown>,
      gold: isGold ? item.goldAnswer : undefined,
    }));
}

function quoteCsv(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A gold answer as gold_<name> columns (the spreadsheet-friendly form; a "gold" JSON column also works). */
function goldColumns(type: TaskType, gold: unknown): Record<string, string> {
  const value = gold as Record<string, unknown>;
  switch (type) {
    case 'CLASSIFICATION':
      return { gold_label: String(value.label) };
    case 'PAIRWISE':
      return { gold_choice: String(value.choice) };
    case 'MULTI_LABEL':
      // An empty cell means "no gold"; [] says "none of the labels apply".
      return { gold_labels: (value.labels as string[]).length === 0 ? '[]' : (value.labels as string[]).join('|') };
    case 'RANKING':
      return { gold_ranking: (value.ranking as number[][]).map((group) => group.join('=')).join('>') };
    case 'RATING':
      return Object.fromEntries(Object.entries(value.scores as object).map(([name, score]) => [`gold_${name}`, String(score)]));
    default:
      return { gold: JSON.stringify(gold) };
  }
}

function toCsvCells(type: TaskType, row: ReturnType<typeof exampleRows>[number]): Record<string, string> {
  const cells: Record<string, string> = { id: row.id };
  for (const [key, value] of Object.entries(row.payload)) {
    if (key === 'responses' && Array.isArray(value)) {
      value.forEach((response, index) => (cells[`response_${index + 1}`] = String(response)));
    } else cells[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return row.gold === undefined ? cells : { ...cells, ...goldColumns(type, row.gold) };
}

export function createExampleFile(type: TaskType, format: BatchFormat, isGold: boolean): string {
  const rows = exampleRows(type, isGold);
  if (format === 'jsonl') {
    return rows.map((row) => JSON.stringify({ id: row.id, ...row.payload, ...(row.gold !== undefined && { gold: row.gold }) })).join('\n') + '\n';
  }
  const records = rows.map((row) => toCsvCells(type, row));
  const columns: string[] = [];
  for (const record of records) for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
  // response_1..n side by side, gold columns last: the order a person reads them in.
  const rank = (name: string) => (name === 'id' ? 0 : name.startsWith('gold') ? 3 : name.startsWith('response_') ? 2 : 1);
  columns.sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? Number(a.slice(9)) - Number(b.slice(9)) : 0));
  const lines = [columns.join(','), ...records.map((record) => columns.map((name) => quoteCsv(record[name] ?? '')).join(','))];
  return lines.join('\r\n') + '\r\n';
}
