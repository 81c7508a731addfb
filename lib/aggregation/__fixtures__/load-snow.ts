/** Test-only loader for the in-repo copy of Snow et al. (2008) crowd labels (see SOURCE.txt beside it). */
import { readFileSync } from 'node:fs';
import type { CategoricalVote } from '../majority';

export type SnowDataset = 'temp' | 'wsd';

function readRows(file: string): string[][] {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => line.split(','));
}

export function loadSnow(dataset: SnowDataset): { votes: CategoricalVote[]; gold: Map<string, string> } {
  const votes = readRows(`./snow2008_${dataset}_labels.csv`).map(([worker, item, label]) => ({ worker, item, label }));
  const gold = new Map(readRows(`./snow2008_${dataset}_gold.csv`).map(([item, label]) => [item, label] as const));
  return { votes, gold };
}

/** Share of gold items whose predicted label matches. */
export function accuracyAgainstGold(predicted: Map<string, { label: string }>, gold: Map<string, string>): number {
  let correct = 0;
  for (const [item, label] of gold) if (predicted.get(item)?.label === label) correct += 1;
  return correct / gold.size;
}
