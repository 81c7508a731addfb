'use client';
// Create or edit a project. The typed values live here until the server accepts them: a refused save keeps every
// field as typed and shows the messages next to the fields.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { createProjectAction, updateProjectAction } from '@/lib/projects/actions';
import { createProjectInputSchema, toFieldErrors, updateProjectInputSchema } from '@/lib/projects/schemas';
import { conversationTreeLabel } from '@/lib/projects/type-label';
import { taskTypeLabels } from '@/lib/tasks';
import { treeStraightLining } from '@/lib/trees/settings';
import { Field, inputClass, NumberInput, SelectInput } from './form-field';
import { MarkdownPreview } from './markdown-preview';
import { defaultConfigFor, fieldErrorAliases, toProjectSettingsInput, type ProjectFormValues } from './project-form-values';
import { emptyTreeFormValues } from './tree-form-values';
import { TreePreview } from './tree-preview';
import { TreeSettingsEditor } from './tree-settings-editor';
import { TypeOptionsEditor } from './type-options-editor';
import { WorkerPreview, type ExampleContents } from './worker-preview';

type Props = {
  mode: 'create' | 'edit';
  projectId?: string;
  initialValues: ProjectFormValues;
  examples: ExampleContents;
  /** Items exist: the task type is fixed. */
  taskTypeLocked?: boolean;
  /** Workers have answered: the task options are fixed too. */
  typeConfigLocked?: boolean;
  /** A tree project whose trees exist: the settings that shape them are fixed. */
  treeShapeLocked?: boolean;
};

const taskTypeBlurbs: Record<TaskType, string> = {
  CLASSIFICATION: 'Pick one label per text.',
  MULTI_LABEL: 'Tick every label that applies.',
  PAIRWISE: 'Which of two answers is better (DPO pairs).',
  RANKING: 'Order 3 or more answers best to worst.',
  RATING: 'Score one answer on a 5 or 7 point scale.',
  WRITING: 'Write or rewrite a response (SFT data).',
};
const taskTypes = Object.keys(taskTypeLabels) as TaskType[];
/** The seventh choice: not a task type of its own but WRITING with tree settings (lib/trees). */
const TREE = 'TREE';
const treeBlurb = 'Workers write, reply to, review and rank whole conversations (oasst-style).';

function TypeCard({ id, label, blurb, checked, disabled, onChoose }: { id: string; label: string; blurb: string; checked: boolean; disabled: boolean; onChoose: () => void }) {
  return (
    <div className={`relative flex flex-col rounded-xl border p-3 text-sm has-[:checked]:border-bolt-500 has-[:checked]:bg-bolt-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-bolt-400 dark:has-[:checked]:bg-bolt-700/20 ${checked ? '' : 'border-zinc-200 dark:border-zinc-800'}`}>
      <span className="flex items-center gap-2 font-semibold">
        <input id={`task-type-${id}`} type="radio" name="taskType" value={id} checked={checked} disabled={disabled} onChange={onChoose} aria-describedby={`task-type-${id}-blurb`} className="accent-bolt-500" />
        {/* The whole card is the label's click area; its accessible name stays just the type's name. */}
        <label htmlFor={`task-type-${id}`} className={`after:absolute after:inset-0 after:content-[''] ${disabled ? 'cursor-not-allowed' : 'cursor-pointer'}`}>{label}</label>
      </span>
      <span id={`task-type-${id}-blurb`} className="mt-1 text-xs text-zinc-500">{blurb}</span>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

/** A long form: the person who pressed Save at the bottom must see what to fix, and a screen reader lands on it. */
function focusFirstError(form: HTMLFormElement) {
  const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  const target = field ?? form.querySelector<HTMLElement>('[data-field-error], [id$="-error"]');
  if (!target) return;
  target.scrollIntoView({ block: 'center' });
  if (field) field.focus({ preventScroll: true });
}

export function ProjectForm({ mode, projectId, initialValues, examples, taskTypeLocked = false, typeConfigLocked = false, treeShapeLocked = false }: Props) {
  const router = useRouter();
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const [showInstructionsPreview, setShowInstructionsPreview] = useState(true);
  const [isPending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped on every refused save, so the first error is brought into view even when the errors did not change.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0 && formRef.current) focusFirstError(formRef.current);
  }, [refusals]);

  const set = <K extends keyof ProjectFormValues>(key: K, value: ProjectFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setMessage(null);
  };
  const errorOf = (key: string) => errors[key];
  const showErrors = (fieldErrors: Record<string, string>) => {
    const mapped: Record<string, string> = {};
    for (const [path, text] of Object.entries(fieldErrors)) mapped[fieldErrorAliases[path] ?? path] = text;
    setErrors(mapped);
    setRefusals((n) => n + 1);
  };

  const chooseType = (type: TaskType | typeof TREE) => {
    if (type === TREE) {
      if (values.tree) return;
      // A new tree project starts with the tree's straight-lining rule (its answers are texts); an edited one keeps its own.
      // A project that becomes a tree has no gold reviews yet: no gold checks until the team uploads some.
      const fresh = initialValues.tree ? {} : { qualityRules: { ...values.qualityRules, straightLining: treeStraightLining }, goldRatioPercent: '0' };
      setValues((current) => ({ ...current, taskType: 'WRITING', typeConfig: defaultConfigFor('WRITING'), tree: initialValues.tree ?? emptyTreeFormValues(), ...fresh }));
      setErrors({});
      return;
    }
    if (type === values.taskType && !values.tree) return;
    setValues((current) => ({
      ...current,
      taskType: type,
      typeConfig: defaultConfigFor(type),
      tree: null,
      // Leaving the tree: the plain project's straight-lining rule again.
      ...(current.tree && !initialValues.tree ? { qualityRules: { ...current.qualityRules, straightLining: initialValues.qualityRules.straightLining } } : {}),
      // Writing has no right answers, so no gold checks and no exam.
      ...(type === 'WRITING' ? { goldRatioPercent: '0', examGoldCount: '0', examPassCount: '0' } : {}),
    }));
    setErrors({});
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = toProjectSettingsInput(values);
    // Once workers answered, the type and its options are not sent at all (the server would refuse a change).
    const { taskType, typeConfig, ...rest } = input;
    const plainPayload = mode === 'edit' && typeConfigLocked ? rest : mode === 'edit' && taskTypeLocked ? { ...rest, typeConfig } : { ...rest, taskType, typeConfig };
    // A tree project sends its tree settings (it derives the type's options); a project that stops being one says so.
    const payload = values.tree ? input : initialValues.tree ? { ...plainPayload, treeConfig: null } : plainPayload;
    const check = (mode === 'create' ? createProjectInputSchema : updateProjectInputSchema).safeParse(mode === 'create' ? input : { ...payload, taskType });
    if (!check.success) {
      showErrors(toFieldErrors(check.error));
      setMessage({ kind: 'error', text: 'Please fix the highlighted fields.' });
      return;
    }
    startTransition(async () => {
      const result = mode === 'create' ? await createProjectAction(input) : await updateProjectAction(projectId, payload);
      if (!result.ok) {
        showErrors(result.fieldErrors);
        setMessage({ kind: 'error', text: result.error });
        return;
      }
      setErrors({});
      if (mode === 'create') router.push(`/team/projects/${result.projectId}`);
      else {
        setMessage({ kind: 'saved', text: 'Changes saved.' });
        router.refresh();
      }
    });
  };

  // A conversation tree pays per task kind and sets its own overlap; its gold are the gold reviews it is given.
  const plain = values.tree === null;
  const reward = Number(values.rewardSats);
  const seconds = Number(values.estimatedSeconds);
  const hourly = reward > 0 && seconds > 0 ? Math.round((reward * 3600) / seconds) : null;

  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_410px]">
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-6" aria-label={mode === 'create' ? 'New project' : 'Project settings'}>
        <Section title="Basics">
          <Field id="project-title" label="Title" error={errorOf('title')} hint="Workers see this at the top of every task.">
            {(describedBy, invalid) => (
              <input id="project-title" name="title" value={values.title} onChange={(e) => set('title', e.target.value)} maxLength={200} aria-invalid={invalid} aria-describedby={describedBy} className={inputClass} />
            )}
          </Field>
          <div role="radiogroup" aria-labelledby="task-type-legend" className="space-y-2">
            <p id="task-type-legend" className="text-sm font-medium">Task type</p>
            {taskTypeLocked && <p className="text-xs text-zinc-500">Fixed: this project already has items.</p>}
            <div className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
              {taskTypes.map((type) => (
                <TypeCard key={type} id={type} label={taskTypeLabels[type]} blurb={taskTypeBlurbs[type]} checked={values.taskType === type && !values.tree} disabled={taskTypeLocked} onChoose={() => chooseType(type)} />
              ))}
              <TypeCard id={TREE} label={conversationTreeLabel} blurb={treeBlurb} checked={values.tree !== null} disabled={taskTypeLocked} onChoose={() => chooseType(TREE)} />
            </div>
            {errorOf('taskType') && <p data-field-error className="text-xs text-red-600">{errorOf('taskType')}</p>}
          </div>
        </Section>

        {values.tree ? (
          <Section title="Conversation tree">
            <TreeSettingsEditor values={values.tree} onChange={(tree) => set('tree', tree)} errors={errors} shapeLocked={treeShapeLocked} />
            {errorOf('treeConfig') && <p data-field-error className="text-xs text-red-600">{errorOf('treeConfig')}</p>}
          </Section>
        ) : (
          <Section title="Task options">
            {typeConfigLocked && <p className="text-xs text-zinc-500">Fixed: workers have already answered with these options.</p>}
            <TypeOptionsEditor key={values.taskType} type={values.taskType} config={values.typeConfig} onChange={(config) => set('typeConfig', config)} errors={errors} disabled={typeConfigLocked} />
            {errorOf('typeConfig') && <p data-field-error className="text-xs text-red-600">{errorOf('typeConfig')}</p>}
          </Section>
        )}

        <Section title="Instructions">
          <Field id="project-instructions" label="Instructions" error={errorOf('instructions')} hint="Markdown. Shown to workers above every task; links open in a new tab, images are not loaded.">
            {(describedBy, invalid) => (
              <textarea id="project-instructions" name="instructions" rows={8} value={values.instructions} maxLength={20000} onChange={(e) => set('instructions', e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} className={`${inputClass} font-mono`} />
            )}
          </Field>
          <button type="button" className="text-xs text-zinc-500 underline" onClick={() => setShowInstructionsPreview(!showInstructionsPreview)}>
            {showInstructionsPreview ? 'Hide preview' : 'Show preview'}
          </button>
          {showInstructionsPreview && values.instructions.trim() && (
            <div data-testid="instructions-preview" className="rounded-xl bg-zinc-50 p-3 text-sm dark:bg-zinc-900">
              <MarkdownPreview source={values.instructions} />
            </div>
          )}
        </Section>

        <Section title={plain ? 'Pay and overlap' : 'Pay'}>
          <div className="grid gap-4 sm:grid-cols-2">
            {plain && <NumberInput id="project-reward" label="Reward (sats)" min={1} step={1} value={values.rewardSats} onChange={(v) => set('rewardSats', v)} error={errorOf('rewardSats')} hint={hourly !== null ? `About ${hourly.toLocaleString('en-US')} sats per hour at the estimated time.` : 'Paid per approved judgment.'} />}
            <NumberInput id="project-estimated-seconds" label="Estimated seconds per task" min={1} step={1} value={values.estimatedSeconds} onChange={(v) => set('estimatedSeconds', v)} error={errorOf('estimatedSeconds')} />
            {plain && (
              <>
            <NumberInput id="project-judgments" label="Judgments per item" min={1} max={20} step={1} value={values.judgmentsPerItem} onChange={(v) => set('judgmentsPerItem', v)} error={errorOf('judgmentsPerItem')} hint="Independent answers per item. Applies to items uploaded after a change." />
            <NumberInput id="project-max-judgments" label="Overlap cap (answers per item)" min={1} max={20} step={1} value={values.maxJudgmentsPerItem} onChange={(v) => set('maxJudgmentsPerItem', v)} error={errorOf('maxJudgmentsPerItem')} placeholder="same as above" hint="Low-agreement items may get more answers, up to this. Blank: same as judgments per item, even after you change it." />
            <NumberInput id="project-agreement-threshold" label="Agreement threshold (%)" min={0} max={100} step={1} value={values.agreementThreshold} onChange={(v) => set('agreementThreshold', v)} error={errorOf('agreementThreshold')} placeholder="off" hint="Below this, an item gets extra judgments." />
              </>
            )}
            <NumberInput id="project-budget-alert" label="Budget alert (sats)" min={1} step={1} value={values.budgetAlertSats} onChange={(v) => set('budgetAlertSats', v)} error={errorOf('budgetAlertSats')} placeholder="off" hint="Sends a “budget low” webhook when escrow falls below this." />
          </div>
        </Section>

        <Section title="Quality">
          {!plain && <p className="text-xs text-zinc-500">A tree project&rsquo;s gold are its gold reviews (messages with a known spam verdict), uploaded on the Upload tab.</p>}
          <div className="grid gap-4 sm:grid-cols-2">
            <NumberInput id="project-gold-ratio" label="Gold ratio (%)" min={0} max={50} step="any" value={values.goldRatioPercent} onChange={(v) => set('goldRatioPercent', v)} error={errorOf('goldRatioPercent')} hint={plain ? 'Share of tasks that are hidden gold checks (0–50).' : 'Share of tasks that are hidden gold reviews (0–50).'} />
            <NumberInput id="project-min-seconds" label="Minimum seconds" min={0} step={1} value={values.minSeconds} onChange={(v) => set('minSeconds', v)} error={errorOf('minSeconds')} hint="Faster answers are flagged as too fast." />
            <NumberInput id="project-exam-gold" label="Onboarding exam questions" min={0} max={50} step={1} value={values.examGoldCount} onChange={(v) => set('examGoldCount', v)} error={errorOf('examGoldCount')} hint={plain ? 'Gold items a new worker answers first (0 = no exam).' : 'Gold reviews a new worker answers first (0 = no exam).'} />
            <NumberInput id="project-exam-pass" label="Exam answers needed to pass" min={0} max={50} step={1} value={values.examPassCount} onChange={(v) => set('examPassCount', v)} error={errorOf('examPassCount')} />
            <NumberInput id="project-gold-window" label="Gold window (answers)" min={1} max={500} step={1} value={values.goldWindow} onChange={(v) => set('goldWindow', v)} error={errorOf('goldWindow')} hint="Gold accuracy is judged over a worker's last N gold answers." />
            <NumberInput id="project-min-gold" label="Minimum gold accuracy (%)" min={0} max={100} step={1} value={values.minGoldAccuracyPercent} onChange={(v) => set('minGoldAccuracyPercent', v)} error={errorOf('minGoldAccuracyPercent')} hint="Workers clearly below it are paused (a statistical test, not one bad answer)." />
            <SelectInput id="project-gold-wrong" label="A wrong gold answer" value={values.goldWrong} onChange={(v) => set('goldWrong', v as ProjectFormValues['goldWrong'])} options={[['review', 'Goes to review'], ['reject', 'Is rejected (reason shown)'], ['approve', 'Is paid, counts against trust']]} />
            <SelectInput id="project-too-fast" label="A too-fast answer" value={values.tooFast} onChange={(v) => set('tooFast', v as ProjectFormValues['tooFast'])} options={[['review', 'Goes to review'], ['reject', 'Is rejected (reason shown)'], ['flag', 'Is only flagged']]} />
            {/* A tree's answers are texts and mostly "not spam" reviews: repeating the same answer says nothing there. */}
            {plain && <NumberInput id="project-same-share" label="Straight-lining above (%)" min={0} max={100} step={1} value={values.maxSameSharePercent} onChange={(v) => set('maxSameSharePercent', v)} error={errorOf('maxSameSharePercent')} hint="Share of the same label or A/B position in a worker's recent answers." />}
            <NumberInput id="project-skip-rate" label="Maximum skip rate (%)" min={0} max={100} step={1} value={values.maxSkipRatePercent} onChange={(v) => set('maxSkipRatePercent', v)} error={errorOf('maxSkipRatePercent')} />
            <label className="flex min-h-11 items-center gap-2 text-sm sm:col-span-2">
              <input type="checkbox" checked={values.autoPause} onChange={(e) => set('autoPause', e.target.checked)} className="accent-bolt-500" />
              Pause workers automatically when their gold accuracy or trust is too low
            </label>
          </div>
        </Section>

        <Section title="Review and data">
          <div className="grid gap-4 sm:grid-cols-2">
            <NumberInput id="project-auto-approve" label="Auto-approve after (hours)" min={0} step="any" value={values.autoApproveAfterHours} onChange={(v) => set('autoApproveAfterHours', v)} error={errorOf('autoApproveAfterHours')} placeholder="never" hint="Unreviewed work is approved and paid after this delay." />
            <Field id="project-license" label="Licence" error={errorOf('license')} hint="For the dataset card of exports, e.g. CC-BY-4.0.">
              {(describedBy, invalid) => (
                <input id="project-license" name="license" value={values.license} maxLength={100} onChange={(e) => set('license', e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} className={inputClass} />
              )}
            </Field>
          </div>
        </Section>

        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={isPending} className="rounded-xl bg-bolt-700 px-5 py-3 font-semibold text-white disabled:opacity-60">
            {isPending ? 'Saving…' : mode === 'create' ? 'Create project' : 'Save changes'}
          </button>
          {message && (
            <p role={message.kind === 'error' ? 'alert' : 'status'} className={`text-sm ${message.kind === 'error' ? 'text-red-600' : 'text-green-700 dark:text-green-400'}`}>
              {message.text}
            </p>
          )}
        </div>
      </form>
      <div className="lg:sticky lg:top-20 lg:self-start">
        {values.tree ? <TreePreview title={values.title} values={values.tree} /> : <WorkerPreview type={values.taskType} config={values.typeConfig} title={values.title} instructions={values.instructions} rewardSats={values.rewardSats} examples={examples} />}
      </div>
    </div>
  );
}
