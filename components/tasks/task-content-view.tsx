// Server-friendly (no 'use client'): lays out a task's requester content. Only Collapsible ships JS.
import { useTranslations } from 'next-intl';
import { Collapsible } from './collapsible';
import type { ChatRole, TaskContent } from './content';
import { responseLetter } from './types';

const bubbleClass: Record<ChatRole, string> = {
  user: 'ml-6 rounded-2xl rounded-br-md bg-bolt-50 dark:bg-bolt-700/20',
  assistant: 'mr-6 rounded-2xl rounded-bl-md bg-zinc-100 dark:bg-zinc-900',
  system: 'rounded-xl border border-dashed border-zinc-300 text-sm dark:border-zinc-700',
};

function ChatBubble({ role, children, label }: { role: ChatRole; children: React.ReactNode; label: string }) {
  return (
    <li className={`flex flex-col ${role === 'user' ? 'items-end' : 'items-start'}`}>
      <span className="mb-1 px-1 text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</span>
      <div className={`w-fit max-w-full min-w-0 px-3.5 py-2.5 ${bubbleClass[role]} ${role === 'system' ? 'w-full' : ''}`}>
        <Collapsible>{children}</Collapsible>
      </div>
    </li>
  );
}

/** A labelled response card; `letter` is the SHOWN position's letter (A = first shown). */
export function ResponseCard({
  letter,
  title,
  children,
  footer,
}: {
  letter?: string;
  title: string;
  children: React.ReactNode;
  footer?: React.ReactNode;
}) {
  return (
    <article className="rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950" aria-label={title}>
      <header className="flex items-center gap-2 border-b border-zinc-100 px-4 py-2.5 dark:border-zinc-800/70">
        {letter && (
          <span aria-hidden="true" className="grid size-6 place-items-center rounded-full bg-zinc-900 text-xs font-bold text-white dark:bg-zinc-100 dark:text-zinc-900">
            {letter}
          </span>
        )}
        <h2 className="text-sm font-semibold">{title}</h2>
      </header>
      <div className="px-4 py-3">
        <Collapsible>{children}</Collapsible>
      </div>
      {footer}
    </article>
  );
}

export function TaskContentView({ content, hideResponses = false }: { content: TaskContent; hideResponses?: boolean }) {
  const t = useTranslations('tasks');
  const turns = [...(content.conversation ?? [])];
  if (content.prompt) turns.push({ role: 'user', content: content.prompt });
  return (
    <div className="flex flex-col gap-4">
      {content.title && <h2 dir="auto" className="text-lg font-bold leading-snug break-words">{content.title}</h2>}
      {content.text && (
        <div role="group" className="rounded-2xl border border-zinc-200 px-4 py-3 dark:border-zinc-800" aria-label={t('itemText')}>
          <Collapsible>{content.text}</Collapsible>
        </div>
      )}
      {turns.length > 0 && (
        <div role="group" aria-label={t('conversation')}>
          <ol className="flex flex-col gap-3">
            {turns.map((turn, i) => (
              <ChatBubble key={i} role={turn.role} label={t(`roles.${turn.role}`)}>
                {turn.content}
              </ChatBubble>
            ))}
          </ol>
        </div>
      )}
      {!hideResponses && content.responses && content.responses.length > 0 && (
        <div role="group" className="flex flex-col gap-3" aria-label={t('responses')}>
          {content.responses.map((response, i) => (
            <ResponseCard key={i} letter={responseLetter(i)} title={t('responseLabel', { letter: responseLetter(i) })}>
              {response}
            </ResponseCard>
          ))}
        </div>
      )}
      {!hideResponses && content.response && <ResponseCard title={t('singleResponse')}>{content.response}</ResponseCard>}
    </div>
  );
}
