'use client';
// The "new export" form: format (only those that fit the task type), file, aggregation method (categorical aggregated
// formats), filters, optional train/validation split, licence and the data's language for the dataset card.
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { createExportAction } from '@/lib/exports/actions';
import type { AggregationMethod } from '@/lib/aggregation/options';
import type { ExportContainer } from '@/lib/exports/schemas';
import type { ExportFormat, TaskType } from '@/lib/generated/prisma/enums';
import { inputClass } from './form-field';

type FormatOption = { value: ExportFormat; label: string; description: string; extension: 'jsonl' | 'csv'; isTreeOnly?: true };

const optionalNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The aggregation methods, in the order the form lists them, with one line of help each (docs/exports.md). */
const methodOptions: { value: AggregationMethod; label: string; help: string }[] = [
  { value: 'dawid_skene', label: 'Dawid-Skene', help: 'Learns each worker\'s confusion matrix from the whole project and weighs their votes by it. Good when workers answer many items.' },
  { value: 'bayesian_dawid_skene', label: 'Bayesian Dawid-Skene', help: 'Dawid-Skene with a prior that expects workers to be mostly right, so a worker seen on a few items is not trusted blindly.' },
  { value: 'mace', label: 'MACE', help: 'Models each worker as answering in earnest or at random. Best when most workers answer only a few items.' },
  { value: 'majority', label: 'Majority vote', help: 'The most frequent answer per item; ties go to a seeded draw. No worker model.' },
];

/** The aggregated formats' categorical labels come from the chosen method; other task types have their own rule. */
const hasMethodChoice = (format: ExportFormat, taskType: TaskType) =>
  format.startsWith('AGGREGATED_') && (taskType === 'CLASSIFICATION' || taskType === 'MULTI_LABEL');

export function ExportForm({ projectId, taskType, formats, batches, defaultLicence }: { projectId: string; taskType: TaskType; formats: FormatOption[]; batches: { id: string; name: string }[]; defaultLicence: string }) {
  const router = useRouter();
  const id = useId();
  const [format, setFormat] = useState<ExportFormat>(formats[0]?.value ?? 'RAW_JSONL');
  const [container, setContainer] = useState<ExportContainer>('lines');
  const [status, setStatus] = useState<'approved' | 'all'>('approved');
  const [gold, setGold] = useState<'include' | 'exclude' | 'only'>('include');
  const [minAgreement, setMinAgreement] = useState('');
  const [minConfidence, setMinConfidence] = useState('');
  const [batchId, setBatchId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [isSplit, setIsSplit] = useState(false);
  const [validationPercent, setValidationPercent] = useState('10');
  const [seed, setSeed] = useState('boltwork');
  const [licence, setLicence] = useState(defaultLicence);
  const [method, setMethod] = useState<AggregationMethod>('dawid_skene');
  const [language, setLanguage] = useState('en');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [isPending, startTransition] = useTransition();
  const chosen = formats.find((f) => f.value === format);
  const description = chosen?.description;
  // Parquet holds a JSONL format's rows; a CSV format is its own file.
  const canUseParquet = chosen?.extension === 'jsonl';
  const canChooseMethod = hasMethodChoice(format, taskType);
  // A tree format's unit is a tree: only which trees (by state) and the split apply, not the per-item filters.
  const isTree = chosen?.isTreeOnly === true;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      setError(null);
      setFieldErrors({});
      const result = await createExportAction({
        projectId,
        format,
        container: canUseParquet ? container : 'lines',
        idempotencyKey: crypto.randomUUID(),
        licence: licence.trim() || undefined,
        language: language.trim() || undefined,
        filters: isTree
          ? { status, split: isSplit ? { validationRatio: Number(validationPercent) / 100, seed } : undefined }
          : {
              status,
              gold,
              minAgreement: optionalNumber(minAgreement),
              minConfidence: optionalNumber(minConfidence),
              batchId: batchId || undefined,
              from: from || undefined,
              // A plain "to" date means the whole day.
              to: to ? `${to}T23:59:59.999Z` : undefined,
              split: isSplit ? { validationRatio: Number(validationPercent) / 100, seed } : undefined,
              aggregation: canChooseMethod ? { method } : undefined,
            },
      });
      if (result.ok) router.refresh();
      else {
        setError(result.error);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  };

  const field = (name: string) => `${id}-${name}`;
  const errorOf = (path: string): string | undefined => fieldErrors[path];
  return (
    <form onSubmit={submit} className="space-y-4 rounded-2xl border border-zinc-200 p-4 dark:border-zinc-800">
      <div>
        <label htmlFor={field('format')} className="text-sm font-medium">Format</label>
        <select id={field('format')} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} className={inputClass} aria-describedby={field('format-hint')}>
          {formats.map((f) => (
            <option key={f.value} value={f.value}>{f.label}</option>
          ))}
        </select>
        <p id={field('format-hint')} className="mt-1 text-xs text-zinc-500">{description}</p>
      </div>
      {canUseParquet && (
        <div>
          <label htmlFor={field('container')} className="text-sm font-medium">File</label>
          <select id={field('container')} value={container} onChange={(e) => setContainer(e.target.value as ExportContainer)} className={inputClass} aria-describedby={field('container-hint')}>
            <option value="lines">JSONL</option>
            <option value="parquet">Parquet</option>
          </select>
          <p id={field('container-hint')} className="mt-1 text-xs text-zinc-500">
            {container === 'parquet' ? 'The same rows as typed Parquet columns (messages stay lists of role/content), for Hugging Face datasets, pandas or DuckDB.' : 'One JSON object per line.'}
          </p>
        </div>
      )}
      {canChooseMethod && (
        <div>
          <label htmlFor={field('method')} className="text-sm font-medium">Aggregation method</label>
          <select id={field('method')} value={method} onChange={(e) => setMethod(e.target.value as AggregationMethod)} className={inputClass} aria-describedby={`${field('method-hint')}${errorOf('filters.aggregation.method') ? ` ${field('method-error')}` : ''}`} aria-invalid={Boolean(errorOf('filters.aggregation.method'))}>
            {methodOptions.map((m) => (
              <option key={m.value} value={m.value}>{m.label}</option>
            ))}
          </select>
          <p id={field('method-hint')} className="mt-1 text-xs text-zinc-500">{methodOptions.find((m) => m.value === method)?.help}</p>
          {errorOf('filters.aggregation.method') && <p id={field('method-error')} className="mt-1 text-xs text-red-600">{errorOf('filters.aggregation.method')}</p>}
        </div>
      )}
      {isTree ? (
        <div>
          <label htmlFor={field('trees')} className="text-sm font-medium">Trees</label>
          <select id={field('trees')} value={status} onChange={(e) => setStatus(e.target.value as 'approved' | 'all')} className={inputClass} aria-describedby={field('trees-hint')}>
            <option value="approved">Finished (READY) trees only</option>
            <option value="all">Every tree, whatever its state</option>
          </select>
          <p id={field('trees-hint')} className="mt-1 text-xs text-zinc-500">Pruned messages never enter the SFT and DPO rows; oasst trees keep them marked deleted.</p>
        </div>
      ) : (
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor={field('status')} className="text-sm font-medium">Judgments</label>
            <select id={field('status')} value={status} onChange={(e) => setStatus(e.target.value as 'approved' | 'all')} className={inputClass}>
              <option value="approved">Approved only</option>
              <option value="all">All (incl. pending, rejected)</option>
            </select>
          </div>
          <div>
            <label htmlFor={field('gold')} className="text-sm font-medium">Gold items</label>
            <select id={field('gold')} value={gold} onChange={(e) => setGold(e.target.value as 'include' | 'exclude' | 'only')} className={inputClass}>
              <option value="include">Include</option>
              <option value="exclude">Exclude</option>
              <option value="only">Only gold</option>
            </select>
          </div>
          <div>
            <label htmlFor={field('agreement')} className="text-sm font-medium">Min agreement</label>
            <input id={field('agreement')} type="number" min={0} max={1} step="any" inputMode="decimal" placeholder="0–1" value={minAgreement} onChange={(e) => setMinAgreement(e.target.value)} className={inputClass} />
          </div>
          <div>
            <label htmlFor={field('confidence')} className="text-sm font-medium">Min confidence</label>
            <input id={field('confidence')} type="number" min={0} max={1} step="any" inputMode="decimal" placeholder="0–1" value={minConfidence} onChange={(e) => setMinConfidence(e.target.value)} className={inputClass} />
          </div>
          <div>
            <label htmlFor={field('from')} className="text-sm font-medium">Judged from</label>
            <input id={field('from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} className={inputClass} />
          </div>
          <div>
            <label htmlFor={field('to')} className="text-sm font-medium">Judged until</label>
            <input id={field('to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} className={inputClass} />
          </div>
        </div>
      )}
      {batches.length > 0 && !isTree && (
        <div>
          <label htmlFor={field('batch')} className="text-sm font-medium">Batch</label>
          <select id={field('batch')} value={batchId} onChange={(e) => setBatchId(e.target.value)} className={inputClass}>
            <option value="">All batches</option>
            {batches.map((b) => (
              <option key={b.id} value={b.id}>{b.name}</option>
            ))}
          </select>
        </div>
      )}
      <fieldset className="space-y-2">
        <label className="flex min-h-11 items-center gap-2 text-sm font-medium">
          <input type="checkbox" checked={isSplit} onChange={(e) => setIsSplit(e.target.checked)} /> Hold out a validation set
        </label>
        {isSplit && (
          <div className="grid grid-cols-2 gap-3">
            <div>
              <label htmlFor={field('ratio')} className="text-sm font-medium">Validation %</label>
              <input id={field('ratio')} type="number" min={0} max={50} step="any" value={validationPercent} onChange={(e) => setValidationPercent(e.target.value)} className={inputClass} />
            </div>
            <div>
              <label htmlFor={field('seed')} className="text-sm font-medium">Seed</label>
              <input id={field('seed')} value={seed} onChange={(e) => setSeed(e.target.value)} className={inputClass} />
            </div>
            <p className="col-span-2 text-xs text-zinc-500">
              {isTree ? 'The same seed always puts a tree, with every row from it, in the same part.' : 'The same seed always puts an item in the same part.'}
            </p>
          </div>
        )}
      </fieldset>
      <div>
        <label htmlFor={field('licence')} className="text-sm font-medium">Licence</label>
        <input id={field('licence')} value={licence} onChange={(e) => setLicence(e.target.value)} placeholder="e.g. CC-BY-4.0" className={inputClass} />
      </div>
      <div>
        <label htmlFor={field('language')} className="text-sm font-medium">Language</label>
        <input id={field('language')} value={language} onChange={(e) => setLanguage(e.target.value)} placeholder="en" autoComplete="off" spellCheck={false} className={inputClass} aria-describedby={`${field('language-hint')}${errorOf('language') ? ` ${field('language-error')}` : ''}`} aria-invalid={Boolean(errorOf('language'))} />
        <p id={field('language-hint')} className="mt-1 text-xs text-zinc-500">ISO 639 code of the data (en, fr, de…; or multilingual, code), for the dataset card.</p>
        {errorOf('language') && <p id={field('language-error')} className="mt-1 text-xs text-red-600">{errorOf('language')}</p>}
      </div>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      <button type="submit" disabled={isPending} className="w-full rounded-lg bg-zinc-900 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60 dark:bg-white dark:text-zinc-900">
        {isPending ? 'Creating…' : 'Create export'}
      </button>
    </form>
  );
}
