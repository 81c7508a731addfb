import 'server-only';
import type { TaskContent } from '@/components/tasks/content';
import { Markdown } from '@/components/tasks/markdown';

type Loose = Record<string, unknown>;
const asRecord = (value: unknown): Loose => (value && typeof value === 'object' ? (value as Loose) : {});
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const roles = new Set(['system', 'user', 'assistant']);

/**
 * Renders the requester's markdown on the server (sanitized, no raw HTML), so the phone receives
 * finished elements and no markdown library. The payload is the shown one (responses already reordered);
 * `config` is the project's typeConfig, for the parts of a task that come from it.
 */
export function buildTaskContent(payload: unknown, config?: unknown): TaskContent {
  const p = asRecord(payload);
  const content: TaskContent = {};
  // Writing guidelines are requester markdown too (a WRITING project's typeConfig).
  const guidelines = text(asRecord(config).guidelines);
  if (guidelines?.trim()) content.guidelines = <Markdown>{guidelines}</Markdown>;
  if (text(p.title)) content.title = text(p.title);
  if (text(p.text)) content.text = <Markdown>{text(p.text)!}</Markdown>;
  if (text(p.prompt)) content.prompt = <Markdown>{text(p.prompt)!}</Markdown>;
  if (Array.isArray(p.conversation)) {
    content.conversation = p.conversation.map((turn) => {
      const t = asRecord(turn);
      const role = roles.has(String(t.role)) ? (t.role as 'system' | 'user' | 'assistant') : 'user';
      return { role, content: <Markdown>{text(t.content) ?? ''}</Markdown> };
    });
  }
  if (Array.isArray(p.responses)) content.responses = p.responses.map((r, i) => <Markdown key={i}>{text(r) ?? ''}</Markdown>);
  if (text(p.response)) content.response = <Markdown>{text(p.response)!}</Markdown>;
  if (text(p.draft)) content.draft = text(p.draft);
  return content;
}
