// ShareGPT: `conversations` of {from: system|human|gpt, value}. The preference variant ends the conversation with
// the human turn and adds `chosen`/`rejected` as single gpt turns.
import { toShareGptTurns } from './prompt';
import type { PreferencePair, SftExample } from './types';

export function toShareGptSft(example: SftExample) {
  return { conversations: [...toShareGptTurns(example.prompt), { from: 'gpt' as const, value: example.completion }] };
}

export function toShareGptPreference(pair: PreferencePair) {
  return {
    conversations: toShareGptTurns(pair.prompt),
    chosen: { from: 'gpt' as const, value: pair.chosen },
    rejected: { from: 'gpt' as const, value: pair.rejected },
    metadata: { item_id: pair.externalId, k: pair.k, chosen_rank: pair.chosenRank, rejected_rank: pair.rejectedRank },
  };
}
