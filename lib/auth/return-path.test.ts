import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    for (const path of ['/tasks', '/team/projects/abc?tab=items&page=2', '/admin#queue', '/']) expect(safeReturnPath(path)).toBe(path);
  });

  it('refuses the tab trick from the security test: /%09/evil.example/ is //evil.example/ to a browser', () => {
    const next = decodeURIComponent('%2F%09%2Fevil.example%2F');
    expect(next).toBe('/\t/evil.example/');
    expect(safeReturnPath(next)).toBeNull();
    // The browser's own reading of it, for the record: WHATWG URL parsing drops the tab and lands on another host.
    expect(new URL(next, 'https://boltwork.example').host).toBe('evil.example');
  });

  it('refuses every other way off the site', () => {
    const attacks = [
      '//evil.example', '/\\evil.example', '\\/evil.example', '/\n/evil.example', '/\r/evil.example', ' //evil.example',
      '/\u0000/evil.example', '/\u007f/x', 'https://evil.example/', 'javascript:alert(1)', '/%2F', 'evil.example', '', `/${'a'.repeat(600)}`,
    ];
    for (const next of attacks) {
      const kept = safeReturnPath(next);
      if (kept !== null) expect(new URL(kept, 'https://boltwork.example').host, JSON.stringify(next)).toBe('boltwork.example');
    }
    for (const next of attacks.filter((a) => a !== '/%2F')) expect(safeReturnPath(next), JSON.stringify(next)).toBeNull();
    expect(safeReturnPath(42)).toBeNull();
  });
});
