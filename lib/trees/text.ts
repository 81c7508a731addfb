// What a written tree message must be (isomorphic, pure): not empty, within the project's length limits and not
// the same as a live sibling. Each failure is an AppError with a message the worker can act on.
import { AppError } from '@/lib/errors';
import type { TreeConfig } from './config';

/**
 * The text folded for "identical to a sibling": Unicode NFKC, case-folded, every run of whitespace and the
 * punctuation at either end ignored, so "Paris." and " paris " are the same reply.
 */
export function toTextKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');
}

/** Trims and checks a written message; returns the text to store. */
export function checkTreeText(raw: unknown, config: Pick<TreeConfig, 'minTextLength' | 'maxTextLength'>): string {
  if (typeof raw !== 'string') throw new AppError('INVALID_INPUT', 'Write your message as text.');
  const text = raw.trim();
  if (text === '' || toTextKey(text) === '') throw new AppError('INVALID_INPUT', 'Your message is empty. Write something before sending.');
  if (text.includes('\u0000')) throw new AppError('INVALID_INPUT', 'Your message contains a character that can’t be stored (U+0000).');
  if (text.length > config.maxTextLength) {
    throw new AppError('INVALID_INPUT', `Your message is too long: ${text.length} characters, at most ${config.maxTextLength} allowed.`);
  }
  if (text.length < config.minTextLength) {
    throw new AppError('INVALID_INPUT', `Your message is too short: ${text.length} characters, at least ${config.minTextLength} needed.`);
  }
  return text;
}

/** Refuses a reply whose folded text equals a live sibling's. */
export function assertNotDuplicate(textKey: string, siblingKeys: readonly string[]): void {
  if (siblingKeys.includes(textKey)) {
    throw new AppError('CONFLICT', 'Another reply here already says the same thing. Write a different reply.');
  }
}
