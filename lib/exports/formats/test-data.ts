// Shared inputs for the format unit tests.
import type { AggregatedItem, PreferencePair, RawJudgmentRow, SftExample } from './types';

export const conversationPrompt = [
  { role: 'system' as const, content: 'You are a bike shop assistant.' },
  { role: 'user' as const, content: 'My chain slips.' },
  { role: 'assistant' as const, content: 'Uphill or always?' },
  { role: 'user' as const, content: 'Uphill.' },
];

export const pair: PreferencePair = {
  externalId: 'pair-1',
  prompt: [{ role: 'user', content: 'How many legs does a spider have?' }],
  chosen: 'Eight.',
  rejected: 'Six.',
  k: 2,
  chosenRank: 1,
  rejectedRank: 2,
};

export const conversationPair: PreferencePair = { ...pair, externalId: 'pair-2', prompt: conversationPrompt, chosen: 'Check chain wear.', rejected: 'Buy a new bike.', k: 4, chosenRank: 1, rejectedRank: 3 };

export const sft: SftExample = { externalId: 'w-1', prompt: [{ role: 'user', content: 'Reply to the customer.' }], completion: 'Sorry! A new jug is on its way.' };

export const rawRow: RawJudgmentRow = {
  id: '019ab000-0000-7000-8000-000000000001',
  itemId: 'item-1',
  workerId: '0123456789abcdef',
  answer: { choice: 'A' },
  shownOrder: [1, 0],
  durationMs: 4200,
  isGold: false,
  goldCorrect: null,
  status: 'APPROVED',
  createdAt: '2026-11-25T10:00:00.000Z',
  payload: { prompt: 'Q?', responses: ['a, "quoted"', 'b'] },
};

export const aggregatedItem: AggregatedItem = {
  externalId: 'item-1',
  isGold: false,
  label: 'A',
  method: 'bradley_terry',
  confidence: 0.75,
  judgments: 3,
  agreement: 1 / 3,
  details: { counts: { A: 2, B: 1, tie: 0, both_bad: 0 } },
  payload: { prompt: 'Q?', responses: ['a', 'b'] },
};
