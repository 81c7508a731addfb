// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; lines end with CRLF.

export function toCsvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsvLine(values: readonly unknown[]): string {
  return `${values.map(toCsvField).join(',')}\r\n`;
}
