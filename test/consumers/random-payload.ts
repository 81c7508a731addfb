// Random item payloads as an upload could hold them (any role order, repeated responses), for property tests of the
// export formats against test/consumers.
const WORDS = ['chain', 'slips', 'uphill', 'Why?', 'ok', 'gears', 'a\nb', '  spaced  ', 'é', '"quoted"', 'Assistant', 'User:'];
const ROLES = ['system', 'user', 'assistant'] as const;

/** Text that HH-RLHF would read as a new turn, now and then. */
export const HH_MARKER_TEXT = 'see\n\nHuman: this';

export function randomText(random: () => number): string {
  if (random() < 0.01) return HH_MARKER_TEXT;
  const n = 1 + Math.floor(random() * 4);
  return Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

/** A payload as an upload could hold it: a conversation of any role order, a prompt, or both. */
export function randomPayload(random: () => number, responses: number): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (random() < 0.8) {
    const n = 1 + Math.floor(random() * 6);
    payload.conversation = Array.from({ length: n }, () => ({ role: ROLES[Math.floor(random() * 3)], content: randomText(random) }));
  }
  if (!payload.conversation || random() < 0.6) payload.prompt = randomText(random);
  const texts = Array.from({ length: responses }, () => randomText(random));
  if (random() < 0.15) texts[1] = `${texts[0]} `; // the same up to whitespace
  payload.responses = texts;
  return payload;
}

export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

