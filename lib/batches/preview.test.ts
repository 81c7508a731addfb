import { describe, expect, it } from 'vitest';
import { previewPayload } from './preview';

describe('previewPayload', () => {
  it('shows the title, text or prompt, else the last message, else JSON, on one line', () => {
    expect(previewPayload({ text: 'a\n\nb', title: '' })).toBe('a b');
    expect(previewPayload({ prompt: 'P', responses: ['x', 'y'] })).toBe('P');
    expect(previewPayload({ conversation: [{ role: 'user', content: 'first' }, { role: 'user', content: 'last' }], responses: [] })).toBe('last');
    expect(previewPayload({ other: 1 })).toBe('{"other":1}');
  });

  it('cuts long text without splitting characters, and leaves markup as text', () => {
    const preview = previewPayload({ text: '🚀'.repeat(200) });
    expect(Array.from(preview)).toHaveLength(140);
    expect(preview.endsWith('🚀…')).toBe(true);
    expect(previewPayload({ text: '<img src=x onerror=alert(1)>' })).toBe('<img src=x onerror=alert(1)>');
  });
});
