'use client';
// The conversation-tree settings of the project form (Project.treeConfig, docs/trees.md). Errors arrive keyed by
// the team API's paths (treeConfig.maxDepth, treeConfig.rewardsSats.REPLY, treeConfig.reviewLabels.1).
import { treeTaskKinds } from '@/lib/trees/settings';
import { Field, inputClass, NumberInput, SelectInput } from './form-field';
import type { TreeFormValues } from './tree-form-values';
import { LinesField } from './type-options-editor';

type Props = {
  values: TreeFormValues;
  onChange: (values: TreeFormValues) => void;
  errors: Record<string, string>;
  /** Trees exist: the settings that give them their shape are fixed. */
  shapeLocked?: boolean;
};

export const treeKindLabels: Record<(typeof treeTaskKinds)[number], string> = {
  WRITE_PROMPT: 'Writing a prompt',
  REPLY: 'A reply',
  REVIEW: 'A review',
  RANK: 'A ranking',
};

type NumberKey = 'repliesPerMessage' | 'maxDepth' | 'goalTreeSize' | 'reviewsPerMessage' | 'acceptancePercent' | 'rankingsPerGroup' | 'haltAfterSkips' | 'redFlagsToDelete' | 'minTextLength' | 'maxTextLength' | 'treesToStart';

const numberFields: { key: NumberKey; label: string; hint: string; min: number; max: number; shape: boolean }[] = [
  { key: 'repliesPerMessage', label: 'Replies per message', hint: 'Sibling replies written to each message, later ranked.', min: 1, max: 10, shape: true },
  { key: 'maxDepth', label: 'Maximum depth', hint: 'Turns below the prompt (3 = prompt, reply, reply, reply).', min: 1, max: 10, shape: true },
  { key: 'goalTreeSize', label: 'Goal messages per tree', hint: 'A tree is ready once it holds this many messages.', min: 2, max: 500, shape: false },
  { key: 'reviewsPerMessage', label: 'Reviews per message', hint: 'Peer reviews before a message is accepted or removed.', min: 1, max: 10, shape: true },
  { key: 'acceptancePercent', label: 'Acceptance threshold (%)', hint: 'Share of reviewers who must not call the message spam.', min: 0, max: 100, shape: true },
  { key: 'rankingsPerGroup', label: 'Rankings per sibling group', hint: 'Workers who rank each group of replies.', min: 1, max: 10, shape: true },
  { key: 'haltAfterSkips', label: 'Halt a tree after skips', hint: 'A tree whose replies this many workers skip stops growing.', min: 1, max: 10_000, shape: false },
  { key: 'redFlagsToDelete', label: 'Red flags to remove a message', hint: 'For a prompt, the whole tree stops.', min: 1, max: 100, shape: false },
  { key: 'minTextLength', label: 'Minimum message length (characters)', hint: 'Applies to prompts and replies.', min: 1, max: 20_000, shape: true },
  { key: 'maxTextLength', label: 'Maximum message length (characters)', hint: 'Applies to prompts and replies.', min: 1, max: 20_000, shape: true },
];

const errorAt = (errors: Record<string, string>, key: string) => errors[`treeConfig.${key}`];

/** Every message about the labels, the list's own and each line's ("Line 2: ..."). */
function labelErrors(errors: Record<string, string>): string | undefined {
  const messages = Object.entries(errors)
    .filter(([path]) => path === 'treeConfig.reviewLabels' || path.startsWith('treeConfig.reviewLabels.'))
    .map(([path, message]) => (path.split('.')[2] !== undefined ? `Line ${Number(path.split('.')[2]) + 1}: ${message}` : message));
  return messages.length ? messages.join(' · ') : undefined;
}

export function TreeSettingsEditor({ values, onChange, errors, shapeLocked = false }: Props) {
  const set = <K extends keyof TreeFormValues>(key: K, value: TreeFormValues[K]) => onChange({ ...values, [key]: value });
  return (
    <div className="space-y-4">
      {shapeLocked && <p className="text-xs text-zinc-500">Trees exist: the settings that shape them (greyed) are fixed. Rewards, labels, goal size, limits and the number of trees can still change.</p>}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectInput id="tree-prompt-source" label="Who writes the prompts" value={values.promptSource} onChange={(v) => set('promptSource', v === 'team' ? 'team' : 'workers')} options={[['workers', 'Workers write them'], ['team', 'The team uploads them']]} hint={shapeLocked ? 'Fixed once trees exist.' : undefined} disabled={shapeLocked} />
        {values.promptSource === 'workers' ? (
          <NumberInput id="tree-trees-to-start" label="Trees to grow" min={0} max={10_000} step={1} value={values.treesToStart} onChange={(v) => set('treesToStart', v)} error={errorAt(errors, 'treesToStart')} hint="Each starts with a “write a prompt” task when the project is published. Raise it later for more." />
        ) : (
          <p className="self-center text-xs text-zinc-500">Each uploaded prompt starts a tree (team API: POST /projects/&#123;id&#125;/trees or an oasst file).</p>
        )}
        {numberFields.map((field) => (
          <NumberInput key={field.key} id={`tree-${field.key}`} label={field.label} min={field.min} max={field.max} step={1} value={values[field.key]} onChange={(v) => set(field.key, v)} error={errorAt(errors, field.key)} hint={field.hint} disabled={shapeLocked && field.shape} />
        ))}
        <Field id="tree-lang" label="Language" error={errorAt(errors, 'lang')} hint="Code of the language messages are written in, e.g. en, es, pt-BR.">
          {(describedBy, invalid) => <input id="tree-lang" value={values.lang} maxLength={12} onChange={(e) => set('lang', e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} className={inputClass} />}
        </Field>
      </div>
      <LinesField id="tree-review-labels" label="Review labels" hint="One per line, lowercase (quality, helpfulness…). Reviewers score each from 0 to 1; “spam?” is always asked." value={values.reviewLabels} onChange={(labels) => set('reviewLabels', labels)} error={labelErrors(errors)} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Reward per task (sats)</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {treeTaskKinds.map((kind) => (
            <NumberInput key={kind} id={`tree-reward-${kind}`} label={treeKindLabels[kind]} min={1} step={1} value={values.rewardsSats[kind]} onChange={(v) => set('rewardsSats', { ...values.rewardsSats, [kind]: v })} error={errorAt(errors, `rewardsSats.${kind}`)} />
          ))}
        </div>
        <p className="text-xs text-zinc-500">A change applies to tasks opened after it. The budget check counts the largest reward per task.</p>
      </fieldset>
    </div>
  );
}
