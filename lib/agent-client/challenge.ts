// Finds the L402 challenge in a `WWW-Authenticate` value. A server may offer several challenges in one header
// (`Bearer realm="x", L402 macaroon="…", invoice="…"`), and fetch joins repeated headers with ", ", so this walks
// the RFC 9110 §11.6.1 grammar instead of splitting on commas. LSAT (the protocol's old name) is accepted when no
// L402 challenge is offered.

export type L402Challenge = { scheme: 'L402' | 'LSAT'; macaroon: string; invoice: string };

/** 'none': no L402/LSAT challenge at all. 'malformed': one is offered but cannot be read safely. */
export type ChallengeSearch = L402Challenge | 'none' | 'malformed';

type ParsedChallenge = { scheme: string; params: Map<string, string>; isMalformed: boolean };

// RFC 9110 `token` characters.
const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
// What we will put back into an Authorization header: base64 (standard or URL-safe) and a bech32 invoice.
const MACAROON_TEXT = /^[A-Za-z0-9+/_-]+={0,2}$/;
const INVOICE_TEXT = /^ln[a-z0-9]+$/i;
// Real challenges are a few hundred characters; a huge header is refused before any parsing.
const MAX_HEADER_LENGTH = 16_384;

export function findL402Challenge(header: string | null | undefined): ChallengeSearch {
  if (!header) return 'none';
  if (header.length > MAX_HEADER_LENGTH) return 'malformed';
  const challenges = parseChallenges(header);
  for (const scheme of ['L402', 'LSAT'] as const) {
    const offered = challenges.filter((challenge) => challenge.scheme.toUpperCase() === scheme);
    if (offered.length === 0) continue;
    const usable = offered.map((challenge) => toL402Challenge(scheme, challenge)).find((found) => found !== null);
    return usable ?? 'malformed';
  }
  return 'none';
}

function toL402Challenge(scheme: L402Challenge['scheme'], challenge: ParsedChallenge): L402Challenge | null {
  if (challenge.isMalformed) return null;
  const macaroon = challenge.params.get('macaroon');
  const invoice = challenge.params.get('invoice');
  if (!macaroon || !MACAROON_TEXT.test(macaroon)) return null;
  if (!invoice || !INVOICE_TEXT.test(invoice)) return null;
  return { scheme, macaroon, invoice };
}

function parseChallenges(header: string): ParsedChallenge[] {
  const challenges: ParsedChallenge[] = [];
  let current: ParsedChallenge | null = null;
  let position = 0;
  while (position < header.length) {
    if (/[\s,]/.test(header[position])) {
      position++;
      continue;
    }
    const name = readToken(header, position);
    if (name === null) {
      // token68 credentials or junk in a challenge we do not use: resume at the next list element.
      if (current) current.isMalformed = true;
      position = skipPastComma(header, position);
      continue;
    }
    position += name.length;
    const afterName = skipSpaces(header, position);
    if (current && header[afterName] === '=') {
      const value = readParamValue(header, skipSpaces(header, afterName + 1));
      const key = name.toLowerCase();
      // RFC 9110: a parameter occurs once per challenge; two macaroons leave us no safe choice.
      if (value === null || current.params.has(key)) current.isMalformed = true;
      if (value === null) {
        position = skipPastComma(header, afterName + 1);
        continue;
      }
      current.params.set(key, value.text);
      position = value.end;
      continue;
    }
    current = { scheme: name, params: new Map(), isMalformed: false };
    challenges.push(current);
  }
  return challenges;
}

function readParamValue(header: string, start: number): { text: string; end: number } | null {
  if (header[start] !== '"') {
    const token = readToken(header, start);
    return token === null ? null : { text: token, end: start + token.length };
  }
  let text = '';
  for (let index = start + 1; index < header.length; index++) {
    const char = header[index];
    if (char === '"') return { text, end: index + 1 };
    if (char === '\\') index++;
    if (index >= header.length) return null;
    text += header[index];
  }
  return null;
}

function readToken(header: string, start: number): string | null {
  TOKEN.lastIndex = start;
  return TOKEN.exec(header)?.[0] ?? null;
}

function skipSpaces(header: string, start: number): number {
  let index = start;
  while (header[index] === ' ' || header[index] === '\t') index++;
  return index;
}

function skipPastComma(header: string, start: number): number {
  const comma = header.indexOf(',', start);
  return comma === -1 ? header.length : comma + 1;
}
