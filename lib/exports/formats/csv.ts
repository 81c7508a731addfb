// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; lines end with CRLF.
//
// Requesters' and workers' text is untrusted, and a CSV is opened in spreadsheets: a field starting with = + - @
// (or a tab or carriage return before one) is a formula there (`=HYPERLINK(…)`, `@SUM(…)`). Such a field gets a
// leading apostrophe, as OWASP's CSV-injection advice says and as the admin audit CSV does; plain numbers ("-3",
// "+1.5e3") are left alone. The JSONL formats carry every value unchanged.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function toCsvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsvLine(values: readonly unknown[]): string {
  return `${values.map(toCsvField).join(',')}\r\n`;
}
