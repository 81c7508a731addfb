import type { ReactNode } from 'react';
import type { TaskType } from './types';

/**
 * What the task page passes to the content view and the widgets. Requester markdown is rendered on the
 * server (<Markdown>) and arrives here as React nodes, so phones never download a markdown library.
 * `responses` are in SHOWN order (already permuted by shownOrder): index 0 is "Response A".
 */
export type ChatRole = 'system' | 'user' | 'assistant';

export type TaskContent = {
  title?: string;
  text?: ReactNode;
  prompt?: ReactNode;
  conversation?: { role: ChatRole; content: ReactNode }[];
  responses?: ReactNode[];
  response?: ReactNode;
  /** Raw text (not markdown-rendered) for the rewrite editor. */
  draft?: string;
  /** WRITING guidelines rendered from markdown on the server; the widget falls back to config.guidelines as plain text (previews). */
  guidelines?: ReactNode;
};

/** Types whose widget lays out the responses itself (so TaskContentView should hide them). */
export function widgetShowsResponses(type: TaskType): boolean {
  return type === 'RANKING';
}
