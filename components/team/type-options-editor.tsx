'use client';
// Per-task-type options (the project's typeConfig). Field names follow each lib/tasks/types/*.ts configSchema.
import { useState } from 'react';
import type { TaskType } from '@/lib/generated/prisma/enums';
import type { TypeConfigDraft } from './project-form-values';

type Props = {
  type: TaskType;
  config: TypeConfigDraft;
  onChange: (config: TypeConfigDraft) => void;
  errors: Record<string, string>;
  disabled?: boolean;
};

const inputClass =
  'w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-950';

/** All messages under typeConfig.<key>..., joined: list errors arrive per entry ('labels.2'). */
function errorFor(errors: Record<string, string>, key: string): string | undefined {
  const messages = Object.entries(errors)
    .filter(([path]) => path === `typeConfig.${key}` || path.startsWith(`typeConfig.${key}.`))
    .map(([path, message]) => {
      const index = path.split('.')[2];
      return index !== undefined && /^\d+$/.test(index) ? `Line ${Number(index) + 1}: ${message}` : message;
    });
  return messages.length ? messages.join(' · ') : undefined;
}

function FieldError({ message, id }: { message?: string; id: string }) {
  return message ? <p id={id} className="mt-1 text-xs text-red-600">{message}</p> : null;
}

/** One entry per line; the typed text is kept as is, so blank lines and spaces don't jump around while typing. */
export function LinesField({ id, label, hint, value, onChange, error, disabled }: { id: string; label: string; hint: string; value: unknown; onChange: (lines: string[]) => void; error?: string; disabled?: boolean }) {
  const [draft, setDraft] = useState(() => (Array.isArray(value) ? value.join('\n') : ''));
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">{label}</label>
      <p className="text-xs text-zinc-500">{hint}</p>
      <textarea
        id={id}
        rows={4}
        value={draft}
        disabled={disabled}
        aria-invalid={Boolean(error)}
        onChange={(event) => {
          setDraft(event.target.value);
          onChange(event.target.value.split('\n').map((line) => line.trim()).filter(Boolean));
        }}
        className={`${inputClass} mt-1 font-mono`}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function Check({ id, label, checked, onChange, disabled }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  return (
    <label htmlFor={id} className="flex min-h-11 items-center gap-2 text-sm">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} className="size-4 accent-bolt-500" />
      {label}
    </label>
  );
}

function NumberField({ id, label, value, onChange, error, disabled, min, max }: { id: string; label: string; value: unknown; onChange: (value: number | undefined) => void; error?: string; disabled?: boolean; min?: number; max?: number }) {
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        className={`${inputClass} mt-1`}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function TypeOptionsEditor({ type, config, onChange, errors, disabled }: Props) {
  const set = (key: string, value: unknown) => {
    const next = { ...config };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const bool = (key: string, fallback: boolean) => (typeof config[key] === 'boolean' ? (config[key] as boolean) : fallback);
  const p = `opt-${type.toLowerCase()}`;

  switch (type) {
    case 'CLASSIFICATION':
    case 'MULTI_LABEL':
      return (
        <div className="space-y-3">
          <LinesField id={`${p}-labels`} label="Labels" hint="One label per line, 2 to 50." value={config.labels} onChange={(v) => set('labels', v)} error={errorFor(errors, 'labels')} disabled={disabled} />
          {type === 'CLASSIFICATION' ? (
            <Check id={`${p}-unsure`} label="Workers may answer “Not sure”" checked={bool('allowUnsure', false)} onChange={(v) => set('allowUnsure', v)} disabled={disabled} />
          ) : (
            <div className="grid grid-cols-2 gap-3">
              <NumberField id={`${p}-min`} label="Minimum labels to pick" min={0} value={config.minSelected} onChange={(v) => set('minSelected', v)} error={errorFor(errors, 'minSelected')} disabled={disabled} />
              <NumberField id={`${p}-max`} label="Maximum labels (blank = any)" min={1} value={config.maxSelected} onChange={(v) => set('maxSelected', v)} error={errorFor(errors, 'maxSelected')} disabled={disabled} />
            </div>
          )}
          <Check id={`${p}-flag`} label="Workers may flag broken or unsafe items" checked={bool('allowFlag', false)} onChange={(v) => set('allowFlag', v)} disabled={disabled} />
        </div>
      );
    case 'PAIRWISE':
      return (
        <div className="space-y-3">
          <LinesField id={`${p}-criteria`} label="Criteria (optional)" hint="One per line, up to 6, e.g. helpfulness, honesty. Each gets its own A/B/tie question." value={config.criteria} onChange={(v) => set('criteria', v)} error={errorFor(errors, 'criteria')} disabled={disabled} />
          <Check id={`${p}-tie`} label="Allow “tie”" checked={bool('allowTie', true)} onChange={(v) => set('allowTie', v)} disabled={disabled} />
          <Check id={`${p}-bothbad`} label="Allow “both bad”" checked={bool('allowBothBad', true)} onChange={(v) => set('allowBothBad', v)} disabled={disabled} />
          <Check id={`${p}-strength`} label="Ask how much better (slightly / much)" checked={bool('askStrength', false)} onChange={(v) => set('askStrength', v)} disabled={disabled} />
          <div>
            <label htmlFor={`${p}-rationale`} className="text-sm font-medium">Written reason</label>
            <select id={`${p}-rationale`} value={typeof config.rationale === 'string' ? config.rationale : 'off'} disabled={disabled} onChange={(e) => set('rationale', e.target.value)} className={`${inputClass} mt-1`}>
              <option value="off">Not asked</option>
              <option value="optional">Optional</option>
              <option value="required">Required</option>
            </select>
          </div>
        </div>
      );
    case 'RANKING':
      return <Check id={`${p}-ties`} label="Allow ties (several answers in one place)" checked={bool('allowTies', false)} onChange={(v) => set('allowTies', v)} disabled={disabled} />;
    case 'RATING':
      return (
        <div className="space-y-3">
          <div>
            <label htmlFor={`${p}-scale`} className="text-sm font-medium">Scale</label>
            <select id={`${p}-scale`} value={String(config.scale ?? 5)} disabled={disabled} onChange={(e) => set('scale', Number(e.target.value))} className={`${inputClass} mt-1`}>
              <option value="5">1 to 5</option>
              <option value="7">1 to 7</option>
            </select>
          </div>
          <LinesField id={`${p}-criteria`} label="Criteria" hint="One per line, 1 to 10; agreement uses the first one." value={config.criteria} onChange={(v) => set('criteria', v)} error={errorFor(errors, 'criteria')} disabled={disabled} />
          <div className="grid grid-cols-2 gap-3">
            {(['lowLabel', 'highLabel'] as const).map((key) => (
              <div key={key}>
                <label htmlFor={`${p}-${key}`} className="text-sm font-medium">{key === 'lowLabel' ? 'Low end label' : 'High end label'}</label>
                <input id={`${p}-${key}`} value={typeof config[key] === 'string' ? (config[key] as string) : ''} disabled={disabled} placeholder={key === 'lowLabel' ? 'Poor' : 'Excellent'} onChange={(e) => set(key, e.target.value.trim() ? e.target.value : undefined)} className={`${inputClass} mt-1`} />
              </div>
            ))}
          </div>
        </div>
      );
    case 'WRITING':
      return (
        <div className="space-y-3">
          <div>
            <label htmlFor={`${p}-mode`} className="text-sm font-medium">Mode</label>
            <select id={`${p}-mode`} value={config.mode === 'rewrite' ? 'rewrite' : 'write'} disabled={disabled} onChange={(e) => set('mode', e.target.value)} className={`${inputClass} mt-1`}>
              <option value="write">Write a response</option>
              <option value="rewrite">Rewrite a draft (items need a “draft”)</option>
            </select>
          </div>
          <div className="grid grid-cols-2 gap-3">
            <NumberField id={`${p}-min`} label="Minimum length (characters)" min={1} value={config.minLength} onChange={(v) => set('minLength', v)} error={errorFor(errors, 'minLength')} disabled={disabled} />
            <NumberField id={`${p}-max`} label="Maximum length (characters)" min={1} max={20000} value={config.maxLength} onChange={(v) => set('maxLength', v)} error={errorFor(errors, 'maxLength')} disabled={disabled} />
          </div>
          <div>
            <label htmlFor={`${p}-guidelines`} className="text-sm font-medium">Writing guidelines (optional)</label>
            <textarea id={`${p}-guidelines`} rows={3} value={typeof config.guidelines === 'string' ? config.guidelines : ''} disabled={disabled} onChange={(e) => set('guidelines', e.target.value.trim() ? e.target.value : undefined)} className={`${inputClass} mt-1`} />
          </div>
        </div>
      );
  }
}
