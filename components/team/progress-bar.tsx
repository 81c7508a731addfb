// A stacked bar of parts of a whole, with a legend (colors are never the only cue: each part is named with its count).
type Part = { label: string; value: number; className: string; testId?: string };

export function ProgressBar({ parts, label }: { parts: Part[]; label: string }) {
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  return (
    <div className="space-y-2">
      <div className="flex h-3 w-full overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" role="img" aria-label={`${label}: ${parts.map((p) => `${p.value} ${p.label.toLowerCase()}`).join(', ')}`}>
        {total > 0 && parts.map((part) => (part.value > 0 ? <div key={part.label} className={part.className} style={{ width: `${(part.value / total) * 100}%` }} /> : null))}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        {parts.map((part) => (
          <li key={part.label} className="flex items-center gap-1.5">
            <span aria-hidden="true" className={`inline-block size-2.5 rounded-full ${part.className}`} />
            {part.label}: <span className="font-semibold tabular-nums" data-testid={part.testId}>{part.value.toLocaleString('en-US')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
