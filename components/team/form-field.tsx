// Labelled form controls for the team forms: label bound with htmlFor, hint and error tied with aria-describedby.
export const inputClass =
  'mt-1 w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm disabled:opacity-60 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-950';

type FieldProps = {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  children: (describedBy: string | undefined, invalid: boolean) => React.ReactNode;
};

export function Field({ id, label, hint, error, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">{label}</label>
      {children(describedBy, Boolean(error))}
      {hint && <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-500">{hint}</p>}
      {error && <p id={`${id}-error`} className="mt-1 text-xs text-red-600">{error}</p>}
    </div>
  );
}

type NumberInputProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: React.ReactNode;
  error?: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  placeholder?: string;
  disabled?: boolean;
};

export function NumberInput({ id, label, value, onChange, hint, error, min, max, step, placeholder, disabled }: NumberInputProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(describedBy, invalid) => (
        <input
          id={id}
          name={id}
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          placeholder={placeholder}
          disabled={disabled}
          value={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
          className={inputClass}
        />
      )}
    </Field>
  );
}

type SelectInputProps = { id: string; label: string; value: string; onChange: (value: string) => void; options: [value: string, label: string][]; hint?: string; disabled?: boolean };

export function SelectInput({ id, label, value, onChange, options, hint, disabled }: SelectInputProps) {
  return (
    <Field id={id} label={label} hint={hint}>
      {(describedBy) => (
        <select id={id} name={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} className={inputClass}>
          {options.map(([optionValue, optionLabel]) => (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
