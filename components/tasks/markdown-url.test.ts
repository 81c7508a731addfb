import { describe, expect, it } from 'vitest';
import { describeUrl, isExternalUrl, safeMarkdownUrl } from './markdown-url';

describe('safeMarkdownUrl', () => {
  it('keeps absolute http(s) and mailto', () => {
    expect(safeMarkdownUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeMarkdownUrl(' HTTP://Example.com ')).toBe('http://example.com/');
    expect(safeMarkdownUrl('mailto:someone@example.com')).toBe('mailto:someone@example.com');
  });
  it('keeps same-page fragments (footnotes)', () => {
    expect(safeMarkdownUrl('#user-content-fn-1')).toBe('#user-content-fn-1');
  });
  it('strips script, data and other schemes, including obfuscated ones', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      '\u0001javascript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'file:///etc/passwd',
      'ftp://example.com',
    ]) {
      expect(safeMarkdownUrl(url), url).toBe('');
    }
  });
  it('strips relative and protocol-relative URLs (they would hit our own routes)', () => {
    for (const url of ['/logout', 'tasks/1', '../x', '//evil.example.com/x', '?a=1', 'https:', '']) {
      expect(safeMarkdownUrl(url), url).toBe('');
    }
    expect(safeMarkdownUrl(undefined)).toBe('');
  });
  it('describes URLs briefly', () => {
    expect(describeUrl('https://images.example.com/')).toBe('images.example.com');
    expect(describeUrl(`https://x.example.com/${'a'.repeat(60)}`)).toHaveLength(40);
    expect(isExternalUrl('#x')).toBe(false);
    expect(isExternalUrl('https://x.y')).toBe(true);
  });
});
