// From aggregated RANKING items (2–4 responses, random conversations, sometimes two equal responses) through
// derive.ts and every training format: each line passes its consumer (test/consumers), and every unit derive makes is
// either written or counted as left out.
import { describe, expect, it } from 'vitest';
import type { ExportFormat } from '@/lib/generated/prisma/enums';
import { consumerChecks } from '@/test/consumers';
import { randomPayload } from '@/test/consumers/random-payload';
import { mulberry32 } from '@/test/random';
import { toKtoExamples, toPreferencePairs, toSftExamples } from './derive';
import { createLineEncoder, type AggregatedItem } from './formats';

function randomRankedItem(random: () => number, n: number): AggregatedItem {
  const k = 2 + Math.floor(random() * 3);
  const order = Array.from({ length: k }, (_, i) => i).sort(() => random() - 0.5);
  const scores = Array.from({ length: k }, () => 0);
  order.forEach((index, place) => (scores[index] = k - place));
  return {
    externalId: `r-${n}`,
    isGold: false,
    label: order,
    method: 'bradley_terry',
    confidence: 0.9,
    judgments: 3,
    agreement: 1,
    details: { scores },
    payload: randomPayload(random, k),
  };
}

const FORMATS: ExportFormat[] = ['OPENAI_SFT', 'OPENAI_DPO', 'TRL_PREFERENCE', 'TRL_PREFERENCE_CONVERSATIONAL', 'TRL_KTO', 'HH_RLHF', 'ALPACA', 'SHAREGPT'];

describe('RANKING items through derive and every training format', () => {
  it.each(FORMATS)('%s', (format) => {
    const random = mulberry32(2026);
    const encoder = createLineEncoder(format, 'RANKING');
    let units = 0;
    let written = 0;
    for (let n = 0; n < 1000; n++) {
      const item = randomRankedItem(random, n);
      const derived = encoder.source === 'sft' ? toSftExamples('RANKING', item) : encoder.source === 'kto' ? toKtoExamples(item) : toPreferencePairs(item).pairs;
      for (const unit of derived) {
        units += 1;
        const line = encoder.encode(unit);
        if (line === '') continue;
        written += 1;
        expect(consumerChecks[format]!(JSON.parse(line)), line).toEqual([]);
      }
    }
    const leftOut = Object.values(encoder.fitCounts!.leftOut).reduce((a, b) => a + (b ?? 0), 0);
    expect(written + leftOut).toBe(units);
    expect(written).toBeGreaterThan(units / 4);
  });
});
