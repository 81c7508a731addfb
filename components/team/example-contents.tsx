import 'server-only';
// The example items of every task type, rendered on the server the way the worker's task page renders an item,
// for the project form's "Preview as worker".
import type { ChatRole, TaskContent } from '@/components/tasks/content';
import { Markdown } from '@/components/tasks/markdown';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { exampleItems, toShownPayload } from '@/lib/tasks';
import type { ExampleContents } from './worker-preview';

type Loose = Record<string, unknown>;
const asRecord = (value: unknown): Loose => (value && typeof value === 'object' ? (value as Loose) : {});
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const roles = new Set<ChatRole>(['system', 'user', 'assistant']);

function buildContent(shown: unknown): TaskContent {
  const p = asRecord(shown);
  const content: TaskContent = {};
  if (str(p.title)) content.title = str(p.title);
  if (str(p.text)) content.text = <Markdown>{str(p.text)!}</Markdown>;
  if (str(p.prompt)) content.prompt = <Markdown>{str(p.prompt)!}</Markdown>;
  if (Array.isArray(p.conversation)) {
    content.conversation = p.conversation.map((turn) => {
      const t = asRecord(turn);
      const role = roles.has(t.role as ChatRole) ? (t.role as ChatRole) : 'user';
      return { role, content: <Markdown>{str(t.content) ?? ''}</Markdown> };
    });
  }
  if (Array.isArray(p.responses)) content.responses = p.responses.map((r, i) => <Markdown key={i}>{str(r) ?? ''}</Markdown>);
  if (str(p.response)) content.response = <Markdown>{str(p.response)!}</Markdown>;
  if (str(p.draft)) content.draft = str(p.draft);
  return content;
}

export function buildExampleContents(): ExampleContents {
  const entries = (Object.keys(exampleItems) as TaskType[]).map((type) => [
    type,
    exampleItems[type].map((example) => buildContent(toShownPayload(type, example.payload, null))),
  ]);
  return Object.fromEntries(entries) as ExampleContents;
}
