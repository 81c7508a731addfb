// PostgreSQL writes jsonb as `{"a": 1, "b": [1, 2]}`; exports write what JSON.stringify(JSON.parse(text)) gives,
// `{"a":1,"b":[1,2]}`. Dropping the separator spaces byte by byte is that same text, except where JS would rewrite a
// number (`1.50` → `1.5`, `0.0000001` → `1e-7`, more than 15 significant digits) or move a key (JS puts integer-like
// keys first): those few values are left to JSON.parse + JSON.stringify. Pure.

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Significant digits a double carries exactly: a decimal with at most this many prints back unchanged. */
const EXACT_DIGITS = 15;
/** JS prints 0.000001 as is, 0.0000001 as 1e-7: at most this many zeros after the point of a number below 1. */
const MAX_LEADING_FRACTION_ZEROS = 5;

const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** Strings longer than this are copied with Buffer.copy; shorter ones byte by byte (cheaper than the call). */
const NATIVE_COPY_BYTES = 24;

/**
 * Copies PostgreSQL JSON text `src[start, end)` into `out` from `at` without the spaces between tokens, as
 * JSON.stringify would write the parsed value. Returns the end offset in `out`, or -1 when the text holds a number or
 * key that JSON.parse + JSON.stringify would change (the caller does that instead). `out` needs `end - start` bytes
 * of room: the result is never longer than the input.
 */
export function compactJsonText(src: Buffer, start: number, end: number, out: Buffer, at: number): number {
  let i = start;
  let o = at;
  while (i < end) {
    const c = src[i];
    if (c === QUOTE) {
      // The closing quote is the next one that no backslash escapes.
      let q = i + 1;
      for (;;) {
        let d = 0;
        while (q < end && (d = src[q]) !== QUOTE && d !== BACKSLASH) q += 1;
        if (q >= end) return -1;
        if (d === QUOTE) break;
        q += 2;
      }
      // An object key that is an integer ("0", "12"): JS objects list those first, in numeric order.
      if (src[q + 1] === COLON && q + 1 < end && isAllDigits(src, i + 1, q)) return -1;
      q += 1;
      if (q - i > NATIVE_COPY_BYTES) o += src.copy(out, o, i, q);
      else while (i < q) out[o++] = src[i++];
      i = q;
    } else if (c === SPACE) {
      i += 1;
    } else if (c === MINUS || isDigit(c)) {
      const next = copyCanonicalNumber(src, i, end, out, o);
      if (next < 0) return -1;
      o += next - i;
      i = next;
    } else {
      out[o++] = c;
      i += 1;
    }
  }
  return o;
}

function isAllDigits(src: Uint8Array, start: number, end: number): boolean {
  if (start === end) return false;
  for (let k = start; k < end; k++) if (!isDigit(src[k])) return false;
  return true;
}

/**
 * Copies the number at `src[i]` (PostgreSQL numeric text: `-?digits(.digits)?`, never an exponent) when JS would
 * print its value the same way; returns the offset after it, or -1.
 */
function copyCanonicalNumber(src: Buffer, i: number, end: number, out: Buffer, o: number): number {
  const from = i;
  if (src[i] === MINUS) i += 1;
  const intStart = i;
  while (i < end && isDigit(src[i])) i += 1;
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && src[intStart] === ZERO)) return -1;
  const isIntZero = intDigits === 1 && src[intStart] === ZERO;
  let significant = isIntZero ? 0 : intDigits;
  if (i < end && src[i] === DOT) {
    i += 1;
    const fracStart = i;
    while (i < end && isDigit(src[i])) i += 1;
    const fracDigits = i - fracStart;
    // JS drops trailing zeros of a fraction ("1.50" → 1.5, "2.0" → 2).
    if (fracDigits === 0 || src[i - 1] === ZERO) return -1;
    if (isIntZero) {
      let zeros = 0;
      while (src[fracStart + zeros] === ZERO) zeros += 1;
      if (zeros > MAX_LEADING_FRACTION_ZEROS) return -1;
      significant = fracDigits - zeros;
    } else significant += fracDigits;
  } else if (isIntZero && src[from] === MINUS) {
    return -1; // "-0": JSON.stringify writes 0
  }
  if (significant > EXACT_DIGITS) return -1;
  // An exponent or anything else glued to the number is not PostgreSQL's output: let JS decide.
  if (i < end && (src[i] === 0x65 || src[i] === 0x45 || src[i] === 0x2b || isDigit(src[i]) || src[i] === DOT)) return -1;
  for (let k = from; k < i; k++) out[o++] = src[k];
  return i;
}
