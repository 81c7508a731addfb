// Anthropic HH-RLHF: `chosen` and `rejected` are full transcripts that share the prompt. Exact, no extra keys.
import { toHhTranscript } from './prompt';
import type { PreferencePair } from './types';

export function toHhRlhf(pair: PreferencePair) {
  return { chosen: toHhTranscript(pair.prompt, pair.chosen), rejected: toHhTranscript(pair.prompt, pair.rejected) };
}
