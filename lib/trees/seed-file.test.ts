// Seed files and model-reply files as the team uploads them: each line becomes a seed (or reply) or its reason,
// with its line number; duplicates inside a file are counted once.
import { describe, expect, it } from 'vitest';
import { defaultTreeConfig } from './config';
import { toModelReplyLine } from './model-reply-file';
import { toSeedPrompts } from './seed-file';
import { readUploadRecords, uploadFormatOf } from './upload-lines';

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}
const config = { ...defaultTreeConfig, maxTextLength: 40 };

describe('seed prompt files', () => {
  it('reads JSONL seeds, reports each bad line by number and counts repeats once', async () => {
    const file = [
      '{"prompt": "How do volcanoes form?", "externalId": "s-1"}',
      '{"prompt": "  ", "externalId": "s-2"}',
      '{broken',
      '{"prompt": "Why is the sky blue?", "lang": "en"}',
      '{"prompt": "why is the sky blue", "externalId": "s-3"}',
      '{"prompt": "Another", "externalId": "s-1"}',
      '{"prompt": "Explain the offside rule in football to a child who has never watched it"}',
      '{"prompt": "Hi", "colour": "red"}',
      '{"messages": [{"role": "user", "content": "Hi"}]}',
      '{"prompt": "Ok", "lang": "English"}',
    ].join('\n');
    const read = await readUploadRecords(bytes(file), 'jsonl');
    expect(read.errors).toEqual([{ line: 3, reason: expect.stringMatching(/^invalid JSON/) }]);
    const parsed = toSeedPrompts(read.records, config);
    expect(parsed.seeds.map((seed) => [seed.line, seed.prompt, seed.externalId, seed.lang])).toEqual([
      [1, 'How do volcanoes form?', 's-1', null],
      [4, 'Why is the sky blue?', null, 'en'],
    ]);
    expect(parsed.duplicatesInFile).toBe(2);
    expect(parsed.errors.map((error) => error.line)).toEqual([2, 7, 8, 9, 10]);
    expect(parsed.errors[0].reason).toBe('prompt: empty');
    expect(parsed.errors[1].reason).toBe('prompt: 72 characters, at most 40 allowed');
    expect(parsed.errors[2].reason).toMatch(/colour/);
    expect(parsed.errors[3].reason).toMatch(/prefixes/);
    expect(parsed.errors[4].reason).toMatch(/^lang: /);
  });

  it('reads CSV and TSV seeds under a header, with quoted newlines and line numbers of the file', async () => {
    const csv = 'prompt,externalId\n"A prompt, with a comma",c-1\n"Two\nlines",c-2\n\nonly one cell\nThird,\n';
    const read = await readUploadRecords(bytes(csv), 'csv');
    expect(read.errors).toEqual([{ line: 6, reason: '1 cells, but the header has 2' }]);
    const parsed = toSeedPrompts(read.records, config);
    expect(parsed.seeds.map((seed) => [seed.line, seed.prompt, seed.externalId])).toEqual([
      [2, 'A prompt, with a comma', 'c-1'],
      [3, 'Two\nlines', 'c-2'],
      [7, 'Third', null],
    ]);
    const tsv = await readUploadRecords(bytes('prompt\tlang\nBonjour ?\tfr\n'), 'csv');
    expect(toSeedPrompts(tsv.records, config).seeds).toEqual([{ line: 2, prompt: 'Bonjour ?', textKey: 'bonjour', externalId: null, lang: 'fr' }]);
  });

  it('refuses a file over its byte or line bound whole', async () => {
    await expect(readUploadRecords(bytes('{"prompt":"a"}\n'.repeat(10)), 'jsonl', { maxBytes: 50 })).rejects.toThrow(/larger than/);
    await expect(readUploadRecords(bytes('{"prompt":"a"}\n'.repeat(10)), 'jsonl', { maxLines: 5 })).rejects.toThrow(/more than 5 lines/);
  });

  it('picks the format by the file name', () => {
    expect([uploadFormatOf('seeds.JSONL'), uploadFormatOf('a.ndjson'), uploadFormatOf('a.csv'), uploadFormatOf('a.tsv'), uploadFormatOf('a.xlsx')]).toEqual(['jsonl', 'jsonl', 'csv', 'csv', null]);
  });
});

describe('model reply files', () => {
  const treeId = '0193b0c4-7f7e-7cc1-9a37-3f1b2c3d4e5f';
  it('takes a tree by id or externalId and a parent id, oasst id or "prompt"', () => {
    expect(toModelReplyLine({ line: 1, value: { treeId, parentMessageId: 'prompt', modelName: ' gpt-x ', text: 'Hello' } })).toEqual({
      line: 1, tree: { id: treeId }, parent: 'prompt', modelName: 'gpt-x', text: 'Hello',
    });
    expect(toModelReplyLine({ line: 2, value: { treeExternalId: 'oasst-1', parentMessageId: 'm-7', modelName: 'm', text: 'Hi' } })).toMatchObject({ tree: { externalId: 'oasst-1' }, parent: 'm-7' });
  });

  it('names what is wrong with a line', () => {
    const reasonOf = (value: Record<string, unknown>) => {
      const line = toModelReplyLine({ line: 4, value });
      return 'reason' in line ? line.reason : null;
    };
    expect(reasonOf({ parentMessageId: 'prompt', modelName: 'm', text: 'x' })).toMatch(/treeId or treeExternalId/);
    expect(reasonOf({ treeId, treeExternalId: 'a', parentMessageId: 'prompt', modelName: 'm', text: 'x' })).toMatch(/one of them/);
    expect(reasonOf({ treeId: 'nope', parentMessageId: 'prompt', modelName: 'm', text: 'x' })).toMatch(/^treeId: /);
    expect(reasonOf({ treeId, parentMessageId: 'prompt', modelName: '', text: 'x' })).toMatch(/^modelName: name the model/);
    expect(reasonOf({ treeId, parentMessageId: 'prompt', modelName: 'm' })).toMatch(/^text: /);
  });
});
