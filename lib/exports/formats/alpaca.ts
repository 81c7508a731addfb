// Alpaca (with LLaMA-Factory's `system`/`history` when the prompt is a conversation).
// SFT: instruction/input/output; preference: instruction/input/chosen/rejected.
import { toAlpacaParts } from './prompt';
import type { PreferencePair, SftExample } from './types';

export function toAlpacaSft(example: SftExample) {
  const { instruction, system, history } = toAlpacaParts(example.prompt);
  return {
    instruction,
    input: example.draft ?? '',
    output: example.completion,
    ...(system !== undefined && { system }),
    ...(history !== undefined && { history }),
  };
}

export function toAlpacaPreference(pair: PreferencePair) {
  const { instruction, system, history } = toAlpacaParts(pair.prompt);
  return {
    instruction,
    input: '',
    chosen: pair.chosen,
    rejected: pair.rejected,
    ...(system !== undefined && { system }),
    ...(history !== undefined && { history }),
    metadata: { item_id: pair.externalId, k: pair.k, chosen_rank: pair.chosenRank, rejected_rank: pair.rejectedRank },
  };
}
