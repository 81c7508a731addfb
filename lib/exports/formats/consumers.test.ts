// Every format as its consumer defines it. First the validators (test/consumers) against rows taken from the
// consumers' own docs and data, and against the broken rows issue 16 found; then property tests: for random
// conversations, every line of every training format passes its consumer's rules and keeps every turn's text.
import { describe, expect, it } from 'vitest';
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { assertTrainable, findSameResponses, toPromptMessages } from '@/lib/tasks';
import { consumerChecks } from '@/test/consumers';
import { HH_MARKER_TEXT, randomPayload, stringsIn } from '@/test/consumers/random-payload';
import { mulberry32 } from '@/test/random';
import { checkAlpaca, checkHhRlhf, checkOasstTree, checkOpenAiDpo, checkOpenAiSft, checkShareGpt, checkTrlConversational, checkTrlSft, checkTrlStandard } from '@/test/consumers';
import { createLineEncoder } from '.';
import type { KtoExample, PreferencePair, SftExample } from './types';

describe('consumer validators accept the consumers\' own rows', () => {
  it('TRL docs (docs/source/dataset_formats.md)', () => {
    expect(checkTrlStandard({ prompt: 'The sky is', chosen: ' blue.', rejected: ' green.' })).toEqual([]);
    expect(checkTrlStandard({ prompt: 'The sky is', completion: ' blue.', label: true })).toEqual([]);
    const conversational = {
      prompt: [{ role: 'user', content: 'What color is the sky?' }],
      chosen: [{ role: 'assistant', content: 'It is blue.' }],
      rejected: [{ role: 'assistant', content: 'It is green.' }],
    };
    expect(checkTrlConversational(conversational)).toEqual([]);
  });
  it('OpenAI: the Marv SFT example and the DPO guide\'s example (abridged answer texts)', () => {
    const marv = {
      messages: [
        { role: 'system', content: 'Marv is a factual chatbot that is also sarcastic.' },
        { role: 'user', content: "What's the capital of France?" },
        { role: 'assistant', content: "Paris, as if everyone doesn't know that already." },
      ],
    };
    expect(checkOpenAiSft(marv)).toEqual([]);
    const dpo = {
      input: { messages: [{ role: 'user', content: 'Hello, can you tell me how cold San Francisco is today?' }], tools: [], parallel_tool_calls: true },
      preferred_output: [{ role: 'assistant', content: 'Today in San Francisco, it is not quite cold as expected.' }],
      non_preferred_output: [{ role: 'assistant', content: 'It is not particularly cold in San Francisco today.' }],
    };
    expect(checkOpenAiDpo(dpo)).toEqual([]);
  });
  it('Anthropic HH-RLHF helpful-base train row 0', () => {
    const prefix =
      '\n\nHuman: Hi, I want to learn to play horseshoes. Can you teach me?\n\nAssistant: I can, but maybe I should begin by telling you that a typical game consists of 2 players and 6 or 8 horseshoes.\n\nHuman: Okay. What else is needed to play, and what are the rules?\n\nAssistant: ';
    const row = {
      chosen: `${prefix}A horseshoe is usually made out of metal and is about 3 to 3.5 inches long and around 1 inch thick. The horseshoe should also have a 2 inch by 3 inch flat at the bottom where the rubber meets the metal. We also need two stakes and six horseshoes.`,
      rejected: `${prefix}Horseshoes are either metal or plastic discs. The horseshoes come in different weights, and the lighter ones are easier to throw, so they are often the standard for beginning players.`,
    };
    expect(checkHhRlhf(row)).toEqual([]);
  });
  it('Stanford Alpaca alpaca_data.json row 0 and LLaMA-Factory data/README.md shapes', () => {
    const alpaca = {
      instruction: 'Give three tips for staying healthy.',
      input: '',
      output: '1.Eat a balanced diet and make sure to include plenty of fruits and vegetables. \n2. Exercise regularly to keep your body active and strong. \n3. Get enough sleep and maintain a consistent sleep schedule.',
    };
    expect(checkAlpaca(alpaca)).toEqual([]);
    expect(checkAlpaca({ instruction: 'human instruction (required)', input: 'human input (optional)', chosen: 'chosen answer (required)', rejected: 'rejected answer (required)' })).toEqual([]);
    const sft = { conversations: [{ from: 'human', value: 'human instruction' }, { from: 'gpt', value: 'model response' }, { from: 'human', value: 'human instruction' }, { from: 'gpt', value: 'model response' }], system: 'system prompt (optional)' };
    expect(checkShareGpt(sft)).toEqual([]);
    const preference = {
      conversations: [{ from: 'human', value: 'human instruction' }, { from: 'gpt', value: 'model response' }, { from: 'human', value: 'human instruction' }],
      chosen: { from: 'gpt', value: 'chosen answer (required)' },
      rejected: { from: 'gpt', value: 'rejected answer (required)' },
    };
    expect(checkShareGpt(preference)).toEqual([]);
  });
});

describe('tree validators (oasst-data\'s ExportMessageTree, TRL\'s conversational SFT rows)', () => {
  const node = (id: string, parent: string | null, role: string, replies: unknown[] = []) => ({
    message_id: id, ...(parent && { parent_id: parent }), text: `text ${id}`, role, lang: 'en', review_count: 3, review_result: true, deleted: false, synthetic: false, replies,
  });
  it('accept an oasst tree and TRL\'s docs SFT row', () => {
    const tree = { message_tree_id: 't', tree_state: 'ready_for_export', prompt: node('p', null, 'prompter', [node('a', 'p', 'assistant', [node('u', 'a', 'prompter')])]) };
    expect(checkOasstTree(tree)).toEqual([]);
    expect(checkOasstTree({ ...tree, prompt: { ...tree.prompt, labels: { spam: { value: 0, count: 3 } }, emojis: { '+1': 2 }, user_id: 'abc' } })).toEqual([]);
    expect(checkTrlSft({ messages: [{ role: 'user', content: 'What color is the sky?' }, { role: 'assistant', content: 'It is blue.' }] })).toEqual([]);
  });
  it('refuse a wrong parent, roles that do not alternate, bad labels, a repeated id, an SFT row ending with the user', () => {
    expect(checkOasstTree({ message_tree_id: 't', prompt: node('p', null, 'prompter', [node('a', 'x', 'assistant')]) })[0]).toMatch(/parent_id x is not its parent p/);
    expect(checkOasstTree({ message_tree_id: 't', prompt: node('p', null, 'prompter', [node('a', 'p', 'prompter')]) })[0]).toMatch(/expected "assistant"/);
    expect(checkOasstTree({ message_tree_id: 't', prompt: { ...node('p', null, 'prompter'), labels: { spam: 0 } } })).toContain('prompt: labels must be {name: {value, count}}');
    expect(checkOasstTree({ message_tree_id: 't', prompt: node('p', null, 'prompter', [node('p', 'p', 'assistant')]) })).toContain('a message_id appears twice');
    expect(checkOasstTree({ message_tree_id: 't', prompt: { ...node('p', null, 'prompter'), user: 'x' } })).toContain('prompt: unknown key "user"');
    expect(checkTrlSft({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }] })).toContain('must end with "assistant", ends with "user"');
  });
});

describe('consumer validators refuse the rows issue 16 found', () => {
  it('no boundary, a trailing system, HH starting with the assistant, ShareGPT out of order, chosen = rejected', () => {
    expect(checkTrlStandard({ prompt: 'How long should I stare at screens, 10 hours every day?', chosen: 'You should rest your eyes.', rejected: 'Yes.' })).not.toEqual([]);
    expect(checkTrlConversational({ prompt: [{ role: 'system', content: 'Be brief.' }], chosen: [{ role: 'assistant', content: 'a' }], rejected: [{ role: 'assistant', content: 'b' }] })).toContain(
      'Invalid role in the last message: system',
    );
    expect(checkHhRlhf({ chosen: '\n\nAssistant: Hi!\n\nHuman: Hi.\n\nAssistant: a', rejected: '\n\nAssistant: Hi!\n\nHuman: Hi.\n\nAssistant: b' })).not.toEqual([]);
    expect(checkShareGpt({ conversations: [{ from: 'human', value: 'a' }, { from: 'human', value: 'b' }, { from: 'gpt', value: 'c' }] })).not.toEqual([]);
    expect(checkOpenAiDpo({ input: { messages: [{ role: 'user', content: 'q' }] }, preferred_output: [{ role: 'assistant', content: 'same' }], non_preferred_output: [{ role: 'assistant', content: 'same' }] })).toContain('preferred equals non-preferred');
    expect(checkOpenAiSft({ messages: [{ role: 'user', content: 'a' }, { role: 'system', content: 'b' }, { role: 'user', content: 'c' }, { role: 'assistant', content: 'd' }] })).not.toEqual([]);
  });
});

// ---- property tests ----

function isUploadable(taskType: TaskType, payload: unknown): boolean {
  try {
    assertTrainable(taskType, payload);
    return true;
  } catch {
    return false;
  }
}

const PREFERENCE_FORMATS: ExportFormat[] = ['OPENAI_DPO', 'TRL_PREFERENCE', 'TRL_PREFERENCE_CONVERSATIONAL', 'HH_RLHF', 'ALPACA', 'SHAREGPT'];

describe('every row of every training format passes its consumer (2,000 random conversations each)', () => {
  it.each(PREFERENCE_FORMATS)('%s from pairs', (format) => {
    const random = mulberry32(16);
    const encoder = createLineEncoder(format, 'PAIRWISE');
    let written = 0;
    for (let n = 0; n < 2000; n++) {
      const payload = randomPayload(random, 2);
      const prompt = toPromptMessages(payload);
      const [chosen, rejected] = payload.responses as string[];
      const pair: PreferencePair = { externalId: `i${n}`, prompt, chosen, rejected, k: 2, chosenRank: 1, rejectedRank: 2 };
      const line = encoder.encode(pair);
      // Only HH-RLHF may leave out an uploadable item: when a text would read as a new turn there.
      const isHhMarked = format === 'HH_RLHF' && JSON.stringify(payload).includes(JSON.stringify(HH_MARKER_TEXT).slice(1, -1));
      if (isUploadable('PAIRWISE', payload) && !isHhMarked) expect(line, JSON.stringify(payload)).not.toBe('');
      if (line === '') continue;
      written += 1;
      const row: unknown = JSON.parse(line);
      expect(consumerChecks[format]!(row), line).toEqual([]);
      const text = stringsIn(row).join('\u0000');
      for (const message of [...prompt, { content: chosen }, { content: rejected }]) expect(text, line).toContain(message.content);
    }
    const leftOut = Object.values(encoder.fitCounts!.leftOut).reduce((a, b) => a + (b ?? 0), 0);
    expect(written + leftOut).toBe(2000);
    expect(encoder.fitCounts!.normalised).toBeGreaterThan(0);
    if (format === 'HH_RLHF') expect(encoder.fitCounts!.leftOut.role_marker_in_text).toBeGreaterThan(0);
  });

  it.each(['OPENAI_SFT', 'ALPACA', 'SHAREGPT'] as const)('%s from written texts', (format) => {
    const random = mulberry32(17);
    const encoder = createLineEncoder(format, 'WRITING');
    for (let n = 0; n < 2000; n++) {
      const payload = randomPayload(random, 1);
      const example: SftExample = { externalId: `w${n}`, prompt: toPromptMessages(payload), completion: (payload.responses as string[])[0] };
      const line = encoder.encode(example);
      if (isUploadable('WRITING', { ...payload, responses: undefined })) expect(line).not.toBe('');
      if (line === '') continue;
      const row: unknown = JSON.parse(line);
      expect(consumerChecks[format]!(row), line).toEqual([]);
      const text = stringsIn(row).join('\u0000');
      for (const message of example.prompt) expect(text, line).toContain(message.content);
    }
  });

  it('TRL_KTO', () => {
    const random = mulberry32(18);
    const encoder = createLineEncoder('TRL_KTO', 'PAIRWISE');
    for (let n = 0; n < 2000; n++) {
      const payload = randomPayload(random, 2);
      const example: KtoExample = { externalId: `k${n}`, prompt: toPromptMessages(payload), completion: (payload.responses as string[])[0], label: random() < 0.5 };
      const line = encoder.encode(example);
      if (line === '') continue;
      expect(checkTrlStandard(JSON.parse(line)), line).toEqual([]);
    }
  });

  it('identical responses are found up to whitespace', () => {
    expect(findSameResponses(['a  b', 'c', ' a b\n'])).toEqual([0, 2]);
    expect(findSameResponses(['a', 'b'])).toBeNull();
  });
});
