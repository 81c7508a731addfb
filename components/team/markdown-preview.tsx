'use client';
// The project form's live preview renders the requester's markdown in the browser with the same sanitized renderer
// the worker pages use on the server. Only team pages (desktop-first) load this, never the phone pages (style S1).
import { Markdown } from '@/components/tasks/markdown';

export function MarkdownPreview({ source, className }: { source: string; className?: string }) {
  return <Markdown className={className}>{source}</Markdown>;
}
