// From an aggregated item to training examples: preference pairs, SFT examples, KTO examples. Pure.
import type { TaskType } from '@/lib/generated/prisma/enums';
import { toPromptMessages } from './formats/prompt';
import type { AggregatedItem, KtoExample, PreferencePair, SftExample } from './formats/types';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function responsesOf(payload: unknown): string[] {
  return isRecord(payload) && Array.isArray(payload.responses) ? payload.responses.filter((r): r is string => typeof r === 'string') : [];
}

/** Why an item gave no pair: a tie, "both bad", or no usable judgment. */
export type DropReason = 'tie' | 'both_bad' | 'no_judgments';

/**
 * PAIRWISE: winner vs loser. RANKING: the aggregated (Bradley-Terry) order split into every (better, worse) pair;
 * responses whose scores are equal give no pair (counted as ties).
 */
export function toPreferencePairs(item: AggregatedItem): { pairs: PreferencePair[]; dropped: { reason: DropReason; count: number } | null } {
  const responses = responsesOf(item.payload);
  const prompt = toPromptMessages(item.payload);
  if (item.label === 'tie' || item.label === 'both_bad') return { pairs: [], dropped: { reason: item.label, count: 1 } };
  if (item.label === null || item.method === 'none') return { pairs: [], dropped: { reason: 'no_judgments', count: 1 } };
  if (item.label === 'A' || item.label === 'B') {
    const [chosen, rejected] = item.label === 'A' ? [responses[0], responses[1]] : [responses[1], responses[0]];
    return { pairs: [{ externalId: item.externalId, prompt, chosen, rejected, k: 2, chosenRank: 1, rejectedRank: 2 }], dropped: null };
  }
  const order = Array.isArray(item.label) ? (item.label as number[]) : [];
  const scores = Array.isArray(item.details.scores) ? (item.details.scores as number[]) : [];
  const pairs: PreferencePair[] = [];
  let ties = 0;
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      if (Math.abs((scores[order[i]] ?? 0) - (scores[order[j]] ?? 0)) < 1e-9) {
        ties += 1;
        continue;
      }
      pairs.push({ externalId: item.externalId, prompt, chosen: responses[order[i]], rejected: responses[order[j]], k: order.length, chosenRank: i + 1, rejectedRank: j + 1 });
    }
  }
  return { pairs, dropped: ties > 0 ? { reason: 'tie', count: ties } : null };
}

/** WRITING: one example per text (the draft kept for Alpaca's input). PAIRWISE/RANKING: the winning response. */
export function toSftExamples(taskType: TaskType, item: AggregatedItem): SftExample[] {
  const prompt = toPromptMessages(item.payload);
  if (taskType === 'WRITING') {
    const draft = isRecord(item.payload) && typeof item.payload.draft === 'string' ? item.payload.draft : undefined;
    const texts = Array.isArray(item.label) ? (item.label as string[]) : [];
    return texts.map((completion) => ({ externalId: item.externalId, prompt, completion, ...(draft !== undefined && { draft }) }));
  }
  const { pairs } = toPreferencePairs(item);
  const best = pairs.find((p) => p.chosenRank === 1);
  return best ? [{ externalId: item.externalId, prompt, completion: best.chosen }] : [];
}

/** KTO: the best response is desirable, the worst is not (middle places of a ranking are left out). */
export function toKtoExamples(item: AggregatedItem): KtoExample[] {
  const { pairs } = toPreferencePairs(item);
  if (pairs.length === 0) return [];
  const best = pairs.find((p) => p.chosenRank === 1);
  const worst = pairs.reduce((w, p) => (p.rejectedRank > w.rejectedRank ? p : w), pairs[0]);
  const prompt = pairs[0].prompt;
  const out: KtoExample[] = [];
  // `counterpart` lets formats/fit.ts leave out both rows when the two texts are the same (older items only).
  if (best) out.push({ externalId: item.externalId, prompt, completion: best.chosen, label: true, counterpart: worst.rejected });
  out.push({ externalId: item.externalId, prompt, completion: worst.rejected, label: false, counterpart: best?.chosen });
  return out;
}
