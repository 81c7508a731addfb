// Gold review files as the team uploads them: each line becomes a gold review (conversation + known verdict) or its
// reason, by line number; a line repeating an earlier one (same externalId or same conversation) is counted once.
import { describe, expect, it } from 'vitest';
import { defaultTreeConfig } from './config';
import { toGoldReviewLines } from './gold-file';
import { readUploadRecords } from './upload-lines';

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}
const config = { ...defaultTreeConfig, maxTextLength: 40 };
const user = (content: string) => ({ role: 'user', content });
const assistant = (content: string) => ({ role: 'assistant', content });
const line = (value: unknown) => JSON.stringify(value);

describe('gold review files', () => {
  it('reads each good line as a conversation with its verdict, and reports each bad line by number', async () => {
    const file = [
      line({ conversation: [user('BUY PILLS NOW!!!')], spam: true, externalId: 'g-1' }),
      line({ conversation: [user('  How long to boil an egg? '), assistant('About 10 minutes.')], spam: false }),
      '{broken',
      line({ conversation: [], spam: true }),
      line({ conversation: [user('Hi')], spam: 'yes' }),
      line({ conversation: [user('Hi'), user('Hello?')], spam: false }),
      line({ conversation: [assistant('I am a model')], spam: false }),
      line({ conversation: [user('Hi'), { role: 'system', content: 'x' }], spam: false }),
      line({ conversation: [user('   ')], spam: true }),
      line({ conversation: [user('x'.repeat(41))], spam: true }),
      line({ conversation: [user('Hi')], spam: true, colour: 'red' }),
      line({ conversation: [user('Nul \u0000 here')], spam: true }),
      '',
      line({ conversation: [user('Other')], spam: false, externalId: 'g-1' }),
      line({ conversation: [user('How long to boil an egg?'), assistant('About 10 minutes.')], spam: true }),
    ].join('\n');
    const read = await readUploadRecords(bytes(file), 'jsonl');
    expect(read.errors).toEqual([{ line: 3, reason: expect.stringMatching(/^invalid JSON/) }]);
    const parsed = toGoldReviewLines(read.records, config);
    expect(parsed.reviews).toEqual([
      { line: 1, conversation: [user('BUY PILLS NOW!!!')], spam: true, externalId: 'g-1', conversationKey: expect.any(String) },
      // Turns are trimmed, so the same conversation spaced differently is the same gold review.
      { line: 2, conversation: [user('How long to boil an egg?'), assistant('About 10 minutes.')], spam: false, externalId: null, conversationKey: expect.any(String) },
    ]);
    expect(parsed.duplicatesInFile).toBe(2);
    expect(parsed.errors).toEqual([
      { line: 4, reason: 'conversation: give at least one turn' },
      { line: 5, reason: 'spam: give the known verdict as true or false' },
      { line: 6, reason: expect.stringMatching(/^conversation\.1\.role: expected "assistant"/) },
      { line: 7, reason: expect.stringMatching(/^conversation\.0\.role: expected "user"/) },
      { line: 8, reason: 'conversation.1.role: role is "user" or "assistant"' },
      { line: 9, reason: 'conversation.0.content: empty' },
      { line: 10, reason: 'conversation.0.content: 41 characters, at most 40 allowed' },
      { line: 11, reason: expect.stringMatching(/colour/) },
      { line: 12, reason: 'conversation.0.content: contains U+0000, which can’t be stored' },
    ]);
  });

  it('gives two conversations that differ in one turn different keys', async () => {
    const read = await readUploadRecords(bytes([line({ conversation: [user('Hi'), assistant('Hello')], spam: false }), line({ conversation: [user('Hi'), assistant('Hello!')], spam: false })].join('\n')), 'jsonl');
    const { reviews } = toGoldReviewLines(read.records, config);
    expect(reviews).toHaveLength(2);
    expect(reviews[0].conversationKey).not.toBe(reviews[1].conversationKey);
  });
});
