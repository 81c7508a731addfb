// Which delimiter a CSV upload uses, read from its header line the way spreadsheets write files: comma (Excel in
// English locales, Google Sheets, LibreOffice's default), semicolon (Excel where the comma is the decimal mark, e.g.
// German or French), tab (a "TSV" export). Pure. Only the header is looked at, because cells may hold any of the
// three in text: the header names are short words, so the delimiter is the one that splits them.

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const QUOTE = '"';

/** Index of the newline that ends the header line (outside quotes), or -1 when it has not arrived yet. */
export function findHeaderEnd(text: string): number {
  let isQuoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === QUOTE) isQuoted = !isQuoted; // "" inside quotes flips twice: still quoted
    else if (char === '\n' && !isQuoted) return i;
  }
  return -1;
}

/** The most frequent of comma, semicolon and tab outside quotes in the header line; comma on a tie or when none. */
export function detectCsvDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((delimiter) => [delimiter, 0]));
  let isQuoted = false;
  for (const char of headerLine) {
    if (char === QUOTE) isQuoted = !isQuoted;
    else if (char === '\n' && !isQuoted) break;
    else if (!isQuoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const delimiter of CSV_DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  return best;
}
