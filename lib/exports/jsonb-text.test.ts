import { describe, expect, it } from 'vitest';
import { compactJsonText } from './jsonb-text';

/** PostgreSQL's jsonb output: `": "` after keys, `", "` between items, numbers as plain decimals. */
function toPostgresText(value: unknown): string {
  if (value instanceof PlainNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toPostgresText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${toPostgresText(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** A number exactly as PostgreSQL's numeric output writes it (keeps trailing zeros, never an exponent). */
class PlainNumber {
  constructor(readonly text: string) {}
}

function compact(text: string): string | null {
  const src = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(src.length);
  const end = compactJsonText(src, 0, src.length, out, 0);
  return end < 0 ? null : out.toString('utf8', 0, end);
}

/** The property the export relies on: whatever the scanner writes is what JSON.parse + JSON.stringify write. */
function expectSameAsJs(text: string): string | null {
  const result = compact(text);
  if (result !== null) expect(result).toBe(JSON.stringify(JSON.parse(text)));
  return result;
}

describe('compactJsonText', () => {
  it('drops the separator spaces and keeps strings byte for byte', () => {
    const text = toPostgresText({ prompt: 'a, "quoted": b \\ c', responses: ['x y', 'é ✓ 😀', 'tab\there', 'nl\nx', '\u0001'], n: null, ok: true, f: false });
    expect(text).toContain('"prompt": "a, \\"quoted\\": b \\\\ c"');
    expect(expectSameAsJs(text)).toBe('{"prompt":"a, \\"quoted\\": b \\\\ c","responses":["x y","é ✓ 😀","tab\\there","nl\\nx","\\u0001"],"n":null,"ok":true,"f":false}');
    expect(expectSameAsJs('[]')).toBe('[]');
    expect(expectSameAsJs('{}')).toBe('{}');
    expect(expectSameAsJs('"  spaced  "')).toBe('"  spaced  "');
    expect(expectSameAsJs('{"a": {"b": [[], {}, [1, [2]]]}}')).toBe('{"a":{"b":[[],{},[1,[2]]]}}');
  });

  it('copies numbers JS prints the same way', () => {
    for (const n of ['0', '7', '-7', '123456789012345', '-123456789012345', '0.5', '-0.25', '4.5', '3.14159', '0.000001', '0.0000012', '10.01', '99999.99999']) {
      expect(expectSameAsJs(`[${n}]`)).toBe(`[${n}]`);
    }
  });

  it('gives up on numbers JS would rewrite', () => {
    for (const n of ['1.50', '2.0', '0.0000001', '1234567890123456', '0.12345678901234567', '100000000000000000000', '-0', '1e5', '1E5', '01']) {
      expect(compact(`{"x": ${n}}`), n).toBeNull();
    }
  });

  it('gives up on integer-like keys, which JS puts first', () => {
    expect(compact('{"b": 1, "10": 2, "2": 3}')).toBeNull();
    expect(JSON.stringify(JSON.parse('{"b": 1, "10": 2, "2": 3}'))).toBe('{"2":3,"10":2,"b":1}');
    expect(expectSameAsJs('{"": 1, "1a": 2, "a1": 3}')).toBe('{"":1,"1a":2,"a1":3}');
    expect(expectSameAsJs('["1", "22"]')).toBe('["1","22"]'); // values, not keys
  });

  it('gives up on text cut short rather than reading past the end', () => {
    expect(compact('{"a": "unterminated')).toBeNull();
    expect(compact('"ends with a backslash\\')).toBeNull();
  });

  it('writes at an offset and returns the end offset', () => {
    const src = Buffer.from('xx{"a": [1, 2]}yy');
    const out = Buffer.alloc(32, 0x2e);
    expect(compactJsonText(src, 2, src.length - 2, out, 3)).toBe(3 + '{"a":[1,2]}'.length);
    expect(out.toString('utf8', 0, 16)).toBe('...{"a":[1,2]}..');
  });

  it('agrees with JSON.parse + JSON.stringify on random jsonb texts', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const chars = ['a', 'Z', ' ', ',', ':', '"', '\\', '/', '\n', '\t', '\u0007', 'é', '✓', '😀', '{', ']', '1', '-', '.'];
    const randomString = () => Array.from({ length: Math.floor(random() * 12) }, () => pick(chars)).join('');
    const randomNumber = () => {
      const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(random() * 10))).join('');
      const int = pick(['0', String(1 + Math.floor(random() * 9)) + digits(Math.floor(random() * 18))]);
      const frac = random() < 0.5 ? '' : `.${digits(1 + Math.floor(random() * 18))}`;
      return new PlainNumber(`${random() < 0.3 ? '-' : ''}${int}${frac}`);
    };
    const randomValue = (depth: number): unknown => {
      const kind = depth > 3 ? Math.floor(random() * 4) : Math.floor(random() * 6);
      if (kind === 0) return randomString();
      if (kind === 1) return randomNumber();
      if (kind === 2) return pick([true, false, null]);
      if (kind === 3) return random() < 0.5 ? randomString() : randomNumber();
      if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
      const keys = Array.from({ length: Math.floor(random() * 4) }, () => (random() < 0.1 ? String(Math.floor(random() * 20)) : randomString()));
      return Object.fromEntries(keys.map((k) => [k, randomValue(depth + 1)]));
    };
    let compacted = 0;
    for (let n = 0; n < 5_000; n++) if (expectSameAsJs(toPostgresText(randomValue(0))) !== null) compacted += 1;
    expect(compacted).toBeGreaterThan(2_000); // the fast path is the common case
  });
});
