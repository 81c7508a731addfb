// A one-line text preview of an item payload for tables. Plain text only: React escapes it, nothing is rendered as HTML.
const MAX_PREVIEW = 140;

function firstText(payload: Record<string, unknown>): string | null {
  for (const key of ['title', 'text', 'prompt', 'draft', 'response']) {
    if (typeof payload[key] === 'string' && payload[key].trim() !== '') return payload[key];
  }
  const conversation = payload.conversation;
  if (Array.isArray(conversation)) {
    const last = conversation[conversation.length - 1] as { content?: unknown } | undefined;
    if (typeof last?.content === 'string') return last.content;
  }
  return null;
}

export function previewPayload(payload: Record<string, unknown>): string {
  const text = (firstText(payload) ?? JSON.stringify(payload)).replace(/\s+/g, ' ').trim();
  const chars = Array.from(text); // never cut an emoji in half
  return chars.length > MAX_PREVIEW ? `${chars.slice(0, MAX_PREVIEW - 1).join('')}…` : text;
}
