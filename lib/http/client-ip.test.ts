import { describe, expect, it } from 'vitest';
import { pickClientIp } from './client-ip';

describe('pickClientIp', () => {
  it('with 0 trusted hops takes the one entry `next start` writes from the socket', () => {
    expect(pickClientIp('203.0.113.7', 0)).toBe('203.0.113.7');
    expect(pickClientIp('::ffff:203.0.113.7', 0)).toBe('203.0.113.7');
    expect(pickClientIp('2001:DB8::1', 0)).toBe('2001:db8::1');
  });

  it('with 0 trusted hops distrusts a list (Next never writes one: the client did)', () => {
    expect(pickClientIp('198.51.100.1, 203.0.113.7', 0)).toBeNull();
  });

  it('behind N appending proxies reads the entry N from the right, whatever the client prepended', () => {
    expect(pickClientIp('1.1.1.1, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(pickClientIp('6.6.6.6, 7.7.7.7, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    expect(pickClientIp('203.0.113.7:51234', 1)).toBe('203.0.113.7');
    expect(pickClientIp('[2001:db8::5]:443', 1)).toBe('2001:db8::5');
  });

  it('knows nothing when the chain is shorter than the proxies, or the entry is not an address', () => {
    expect(pickClientIp('203.0.113.7', 2)).toBeNull();
    expect(pickClientIp(null, 0)).toBeNull();
    expect(pickClientIp('', 1)).toBeNull();
    expect(pickClientIp('unknown', 1)).toBeNull();
    expect(pickClientIp('1.2.3.4, <script>', 1)).toBeNull();
    expect(pickClientIp(`${'9'.repeat(5000)}`, 0)).toBeNull();
    expect(pickClientIp('999.1.1.1', 0)).toBeNull();
  });
});
