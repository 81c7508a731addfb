import { describe, expect, it } from 'vitest';
import { createLineEncoder, formatsFor, sourceFor } from '.';
import { toAggregatedCsvValues, toAggregatedRecord } from './aggregated';
import { toAlpacaPreference, toAlpacaSft } from './alpaca';
import { toCsvLine } from './csv';
import { toHhRlhf } from './hh-rlhf';
import { toOpenAiDpo, toOpenAiSft } from './openai';
import { toRawCsvValues, toRawRecord } from './raw';
import { toShareGptPreference, toShareGptSft } from './sharegpt';
import { aggregatedItem, conversationPair, pair, rawRow, sft } from './test-data';
import { toTrlKto, toTrlPreference, toTrlPreferenceConversational } from './trl';

describe('RAW', () => {
  it('JSONL has one object per judgment with the exact field names', () => {
    expect(toRawRecord(rawRow)).toStrictEqual({
      judgment_id: rawRow.id,
      item_id: 'item-1',
      worker_id: '0123456789abcdef',
      answer: { choice: 'A' },
      shown_order: [1, 0],
      duration_ms: 4200,
      is_gold: false,
      gold_correct: null,
      status: 'APPROVED',
      created_at: '2026-11-25T10:00:00.000Z',
      payload: { prompt: 'Q?', responses: ['a, "quoted"', 'b'] },
    });
  });
  it('CSV quotes JSON and leaves nulls empty', () => {
    const encoder = createLineEncoder('RAW_CSV', 'PAIRWISE');
    expect(encoder.header).toBe('judgment_id,item_id,worker_id,answer,shown_order,duration_ms,is_gold,gold_correct,status,created_at\r\n');
    expect(encoder.encode(rawRow)).toBe(`${rawRow.id},item-1,0123456789abcdef,"{""choice"":""A""}","[1,0]",4200,false,,APPROVED,2026-11-25T10:00:00.000Z\r\n`);
    expect(toRawCsvValues(rawRow)).toHaveLength(10);
    expect(toCsvLine(['a\nb', 'plain'])).toBe('"a\nb",plain\r\n');
  });
});

describe('CSV against spreadsheet formulas', () => {
  it('defuses a formula in an item id or a label, as the security test found them, and leaves numbers alone', () => {
    const encoder = createLineEncoder('RAW_CSV', 'PAIRWISE');
    const line = encoder.encode({ ...rawRow, itemId: '=HYPERLINK("https://evil.example","click")' });
    expect(line.split(',')[1]).toBe(`"'=HYPERLINK(""https://evil.example""`);
    expect(toCsvLine(['@SUM(A1:A9)', '+cmd', '-2+3', '\t=1+1', '\r=1'])).toBe(`'@SUM(A1:A9),'+cmd,'-2+3,'\t=1+1,"'\r=1"\r\n`);
    expect(toCsvLine(['-3', '+1.5', '-0.25e3', 'plain', 'a=b'])).toBe('-3,+1.5,-0.25e3,plain,a=b\r\n');
    expect(toCsvLine([-3, { a: 1 }])).toBe('-3,"{""a"":1}"\r\n');
  });
});

describe('AGGREGATED', () => {
  it('JSONL per item', () => {
    expect(toAggregatedRecord(aggregatedItem)).toStrictEqual({
      item_id: 'item-1',
      label: 'A',
      method: 'bradley_terry',
      confidence: 0.75,
      n_judgments: 3,
      agreement: 1 / 3,
      is_gold: false,
      details: { counts: { A: 2, B: 1, tie: 0, both_bad: 0 } },
      payload: { prompt: 'Q?', responses: ['a', 'b'] },
    });
    expect(toAggregatedCsvValues({ ...aggregatedItem, label: [2, 0, 1] })[1]).toBe('[2,0,1]');
  });
});

describe('OpenAI', () => {
  it('SFT is exactly {messages}', () => {
    expect(toOpenAiSft(sft)).toStrictEqual({
      messages: [
        { role: 'user', content: 'Reply to the customer.' },
        { role: 'assistant', content: 'Sorry! A new jug is on its way.' },
      ],
    });
  });
  it('DPO has exactly input, preferred_output, non_preferred_output', () => {
    expect(toOpenAiDpo(pair)).toStrictEqual({
      input: { messages: [{ role: 'user', content: 'How many legs does a spider have?' }] },
      preferred_output: [{ role: 'assistant', content: 'Eight.' }],
      non_preferred_output: [{ role: 'assistant', content: 'Six.' }],
    });
    expect(Object.keys(JSON.parse(createLineEncoder('OPENAI_DPO', 'RANKING').encode(conversationPair)))).toEqual(['input', 'preferred_output', 'non_preferred_output']);
  });
});

describe('TRL', () => {
  it('standard preference: the prompt ends with the assistant cue, chosen/rejected start with a space', () => {
    // DPOTrainer tokenizes prompt and chosen apart and joins them with nothing between (TRL docs: "The sky is" + " blue.").
    expect(toTrlPreference(pair)).toStrictEqual({
      prompt: 'User: How many legs does a spider have?\n\nAssistant:',
      chosen: ' Eight.',
      rejected: ' Six.',
      metadata: { item_id: 'pair-1', k: 2, chosen_rank: 1, rejected_rank: 2 },
    });
    expect(toTrlPreference(conversationPair).prompt).toBe(
      'System: You are a bike shop assistant.\n\nUser: My chain slips.\n\nAssistant: Uphill or always?\n\nUser: Uphill.\n\nAssistant:',
    );
    expect(toTrlPreference({ ...pair, chosen: '\nEight.' }).chosen).toBe('\nEight.');
  });
  it('conversational preference: lists of {role, content}', () => {
    expect(toTrlPreferenceConversational(conversationPair)).toStrictEqual({
      prompt: conversationPair.prompt,
      chosen: [{ role: 'assistant', content: 'Check chain wear.' }],
      rejected: [{ role: 'assistant', content: 'Buy a new bike.' }],
      metadata: { item_id: 'pair-2', k: 4, chosen_rank: 1, rejected_rank: 3 },
    });
  });
  it('KTO: prompt, completion, boolean label', () => {
    expect(toTrlKto({ externalId: 'x', prompt: pair.prompt, completion: 'Six.', label: false })).toStrictEqual({
      prompt: 'User: How many legs does a spider have?\n\nAssistant:',
      completion: ' Six.',
      label: false,
      metadata: { item_id: 'x' },
    });
  });
});

describe('HH-RLHF', () => {
  it('full transcripts, exactly chosen and rejected', () => {
    expect(toHhRlhf(pair)).toStrictEqual({
      chosen: '\n\nHuman: How many legs does a spider have?\n\nAssistant: Eight.',
      rejected: '\n\nHuman: How many legs does a spider have?\n\nAssistant: Six.',
    });
    expect(toHhRlhf(conversationPair).chosen).toBe(
      '\n\nHuman: You are a bike shop assistant.\n\nMy chain slips.\n\nAssistant: Uphill or always?\n\nHuman: Uphill.\n\nAssistant: Check chain wear.',
    );
  });
});

describe('Alpaca', () => {
  it('SFT: instruction, input (the draft), output', () => {
    expect(toAlpacaSft(sft)).toStrictEqual({ instruction: 'Reply to the customer.', input: '', output: 'Sorry! A new jug is on its way.', system: '', history: [] });
    expect(toAlpacaSft({ ...sft, draft: 'sorry' }).input).toBe('sorry');
  });
  it('preference with system and history from a conversation', () => {
    expect(toAlpacaPreference(conversationPair)).toStrictEqual({
      instruction: 'Uphill.',
      input: '',
      chosen: 'Check chain wear.',
      rejected: 'Buy a new bike.',
      system: 'You are a bike shop assistant.',
      history: [['My chain slips.', 'Uphill or always?']],
      metadata: { item_id: 'pair-2', k: 4, chosen_rank: 1, rejected_rank: 3 },
    });
  });
});

describe('ShareGPT', () => {
  it('SFT conversations of {from, value}', () => {
    expect(toShareGptSft(sft)).toStrictEqual({
      conversations: [
        { from: 'human', value: 'Reply to the customer.' },
        { from: 'gpt', value: 'Sorry! A new jug is on its way.' },
      ],
    });
  });
  it('preference variant adds chosen/rejected turns', () => {
    expect(toShareGptPreference(pair)).toStrictEqual({
      conversations: [{ from: 'human', value: 'How many legs does a spider have?' }],
      chosen: { from: 'gpt', value: 'Eight.' },
      rejected: { from: 'gpt', value: 'Six.' },
      metadata: { item_id: 'pair-1', k: 2, chosen_rank: 1, rejected_rank: 2 },
    });
    expect(toShareGptSft({ ...sft, prompt: conversationPair.prompt }).conversations[0]).toStrictEqual({ from: 'system', value: 'You are a bike shop assistant.' });
  });
});

describe('catalogue', () => {
  it('lists only the formats that fit a task type', () => {
    expect(formatsFor('CLASSIFICATION')).toEqual(['RAW_JSONL', 'RAW_CSV', 'AGGREGATED_JSONL', 'AGGREGATED_CSV']);
    expect(formatsFor('WRITING')).toEqual(['RAW_JSONL', 'RAW_CSV', 'AGGREGATED_JSONL', 'AGGREGATED_CSV', 'OPENAI_SFT', 'ALPACA', 'SHAREGPT']);
    expect(formatsFor('PAIRWISE')).toHaveLength(12);
    expect(sourceFor('ALPACA', 'WRITING')).toBe('sft');
    expect(sourceFor('ALPACA', 'RANKING')).toBe('preference');
  });
  it('every line is one JSON object ending in a newline', () => {
    const line = createLineEncoder('SHAREGPT', 'PAIRWISE').encode(pair);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
  });
});
