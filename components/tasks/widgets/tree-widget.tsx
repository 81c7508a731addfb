'use client';
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { buildTreeReviewAnswer, reviewScale, toTreeRankAnswer, type ReviewDraft } from '@/lib/trees/answers';
import type { TaskContent } from '../content';
import type { TreeCard } from '../task-card';
import { ResponseCard } from '../task-content-view';
import { responseLetter, type RankingAnswer, type WritingConfig } from '../types';
import { RankingWidget } from './ranking-widget';
import { ReportMessage, type ReportTarget } from './tree-report';
import { ActionBar, chipClass, SubmitButton } from './ui';
import { WritingWidget } from './writing-widget';

export type TreeWidgetProps = {
  tree: TreeCard;
  /** The tree project's WRITING config: its length limits are the tree's. */
  config: WritingConfig;
  content: TaskContent;
  disabled: boolean;
  onSubmit: (answer: unknown) => void;
  keyboardShortcuts?: boolean;
};

/**
 * A conversation tree's task (lib/trees): write a prompt or a reply (the writing widget, under a heading that says
 * whose turn it is), review a message (spam, each label on a 5-step scale, a red flag), or rank the sibling replies
 * (the ranking widget, its answer mapped to reply ids). Render TaskContentView with hideResponses: this widget shows
 * the message under review and the replies to rank itself.
 */
export function TreeWidget({ tree, config, content, disabled, onSubmit, keyboardShortcuts = true }: TreeWidgetProps) {
  const t = useTranslations('tasks');
  if (tree.kind === 'REVIEW') return <ReviewForm tree={tree} content={content} disabled={disabled} onSubmit={onSubmit} />;
  if (tree.kind === 'RANK') {
    return (
      <section data-tree-kind="RANK">
        <TaskHeading title={t('tree.rankTitle')} hint={t('tree.rankHint')} />
        <RankingWidget
          config={{ allowTies: false }}
          offerNotRankable={false}
          content={content}
          disabled={disabled}
          keyboardShortcuts={keyboardShortcuts}
          onSubmit={(answer: RankingAnswer) => {
            const mapped = toTreeRankAnswer(answer, tree.candidateIds);
            if (mapped) onSubmit(mapped);
          }}
        />
        <TreeReport tree={tree} />
      </section>
    );
  }
  const asUser = tree.writeAs === 'user';
  const title = tree.kind === 'WRITE_PROMPT' ? t('tree.writePromptTitle') : asUser ? t('tree.replyAsUserTitle') : t('tree.replyAsAssistantTitle');
  const hint = tree.kind === 'WRITE_PROMPT' ? t('tree.writePromptHint') : asUser ? t('tree.replyAsUserHint') : t('tree.replyAsAssistantHint');
  return (
    <section data-tree-kind={tree.kind}>
      <TaskHeading title={title} hint={hint} />
      <WritingWidget config={{ ...config, mode: 'write' }} content={content} disabled={disabled} keyboardShortcuts={keyboardShortcuts} onSubmit={onSubmit} />
      <TreeReport tree={tree} />
    </section>
  );
}

/** Reporting the message replied to, or one of the replies to rank (or the message they answer). */
function TreeReport({ tree }: { tree: TreeCard }) {
  const t = useTranslations('tasks');
  if (!tree.assignmentId || !tree.messageId) return null;
  const targets: ReportTarget[] = [
    ...tree.candidateIds.map((id, index) => ({ id, name: t('responseLabel', { letter: responseLetter(index) }) })),
    { id: tree.messageId, name: tree.kind === 'RANK' ? t('tree.report.answeredMessage') : t('tree.report.lastMessage') },
  ];
  return <ReportMessage assignmentId={tree.assignmentId} targets={targets} />;
}

function TaskHeading({ title, hint }: { title: string; hint: string }) {
  return (
    <div className="mt-2 rounded-2xl bg-bolt-50 px-4 py-3 dark:bg-bolt-700/20">
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{hint}</p>
    </div>
  );
}

/** "quality" → "Quality", "harm_level" → "Harm level". */
const labelName = (label: string) => label.charAt(0).toUpperCase() + label.slice(1).replaceAll('_', ' ');

function ReviewForm({ tree, content, disabled, onSubmit }: { tree: TreeCard; content: TaskContent; disabled: boolean; onSubmit: (answer: unknown) => void }) {
  const t = useTranslations('tasks');
  const id = useId();
  const [draft, setDraft] = useState<ReviewDraft>({ spam: null, scores: {}, redFlag: false });
  const answer = buildTreeReviewAnswer(draft, tree.labels);
  const steps = [t('tree.scale0'), t('tree.scale1'), t('tree.scale2'), t('tree.scale3'), t('tree.scale4')];
  const update = (change: Partial<ReviewDraft>) => {
    if (!disabled) setDraft((d) => ({ ...d, ...change }));
  };
  const role = tree.reviewedRole === 'assistant' ? t('roles.assistant') : t('roles.user');
  return (
    <section data-tree-kind="REVIEW" className="flex flex-col gap-4">
      <TaskHeading title={t('tree.reviewTitle')} hint={t('tree.reviewHint')} />
      {content.response && (
        <div className="rounded-2xl ring-2 ring-bolt-500" data-testid="message-under-review">
          <ResponseCard title={t('tree.underReview', { role })}>{content.response}</ResponseCard>
        </div>
      )}
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-semibold">{t('tree.spamQuestion')}</legend>
        <div className="flex flex-wrap gap-2">
          <button type="button" aria-pressed={draft.spam === false} disabled={disabled} onClick={() => update({ spam: false })} className={chipClass(draft.spam === false)}>
            {t('tree.spamNo')}
          </button>
          <button type="button" aria-pressed={draft.spam === true} disabled={disabled} onClick={() => update({ spam: true })} className={chipClass(draft.spam === true)}>
            {t('tree.spamYes')}
          </button>
        </div>
      </fieldset>
      {tree.labels.map((label) => (
        <fieldset key={label} className="flex flex-col gap-1.5" aria-describedby={`${id}-scale`}>
          <legend className="mb-1.5 text-sm font-semibold">{labelName(label)}</legend>
          <div className="grid grid-cols-5 gap-1.5">
            {reviewScale.map((value, step) => {
              const isSelected = draft.scores[label] === value;
              return (
                <button
                  key={value}
                  type="button"
                  aria-pressed={isSelected}
                  aria-label={`${labelName(label)}: ${steps[step]}`}
                  disabled={disabled}
                  onClick={() => update({ scores: { ...draft.scores, [label]: value } })}
                  className={`${chipClass(isSelected)} justify-center px-0`}
                >
                  {step + 1}
                </button>
              );
            })}
          </div>
          <p className="flex justify-between text-xs text-zinc-500">
            <span>{steps[0]}</span>
            <span>{steps[4]}</span>
          </p>
        </fieldset>
      ))}
      <p id={`${id}-scale`} className="sr-only">
        {t('tree.scaleHint')}
      </p>
      <label className="flex min-h-11 items-center gap-3 rounded-xl border border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
        <input type="checkbox" className="size-5" checked={draft.redFlag} disabled={disabled} onChange={(e) => update({ redFlag: e.target.checked })} />
        <span>{t('tree.redFlag')}</span>
      </label>
      <ActionBar label={t('tree.reviewTitle')}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {answer ? t('writing.ready') : t('tree.reviewIncomplete')}
        </p>
        <SubmitButton onClick={() => answer && !disabled && onSubmit(answer)} enabled={!!answer} busy={disabled} />
      </ActionBar>
    </section>
  );
}
