import { useId, type ReactNode } from 'react';

/**
 * Plain, accessible form controls: every control has a visible <label>, errors are tied to it with
 * aria-describedby and aria-invalid, and every tappable thing is at least 44 px tall (see styles).
 */
interface FieldShellProps {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

function FieldShell({ label, error, hint, required, children }: FieldShellProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
        {required ? <span className="field__required" aria-hidden="true"> *</span> : null}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint ? <p id={hintId} className="field__hint">{hint}</p> : null}
      {error ? <p id={errorId} className="field__error" role="alert">{error}</p> : null}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  type?: 'text' | 'tel' | 'date' | 'number' | 'password' | 'search' | 'time' | 'datetime-local';
  inputMode?: 'text' | 'numeric' | 'tel' | 'decimal' | 'search';
  autoComplete?: string;
  multiline?: boolean;
  maxLength?: number;
  name?: string;
  placeholder?: string;
  /**
   * The name a screen reader reads when the visible label is short for lack of room (a row of 人数 inputs): it
   * must contain the visible label's words (WCAG 2.5.3), e.g. 防止群体性上访人数 for 人数.
   */
  ariaLabel?: string;
}

export function TextField(props: TextFieldProps) {
  const { label, value, onChange, error, hint, required, type = 'text', multiline, ariaLabel, ...rest } = props;
  return (
    <FieldShell label={label} error={error} hint={hint} required={required ?? false}>
      {({ id, describedBy, invalid }) =>
        multiline ? (
          <textarea
            id={id}
            className="input input--multiline"
            value={value}
            rows={4}
            required={required}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            aria-label={ariaLabel}
            onChange={(e) => onChange(e.target.value)}
            name={rest.name}
            maxLength={rest.maxLength}
            placeholder={rest.placeholder}
          />
        ) : (
          <input
            id={id}
            className="input"
            type={type}
            value={value}
            required={required}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            aria-label={ariaLabel}
            onChange={(e) => onChange(e.target.value)}
            {...rest}
          />
        )
      }
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  /** Shown as an empty first choice, e.g. 请选择. */
  placeholder?: string;
  name?: string;
}

/** The native select: on Android it opens the system picker, which is large, familiar and one-handed. */
export function SelectField({ label, value, options, onChange, error, hint, required, placeholder, name }: SelectFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required ?? false}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={name}
          className="input input--select"
          value={value}
          required={required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
}

export function CheckboxField({ label, checked, onChange, name }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="field field--check">
      <input id={id} name={name} type="checkbox" className="check" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id} className="field__label field__label--inline">
        {label}
      </label>
    </div>
  );
}

interface ChoiceChipsProps {
  legend: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
  error?: string | undefined;
  name: string;
  required?: boolean;
}

/** A radio group drawn as large chips: one tap per choice for short lists (source, risk). */
export function ChoiceChips({ legend, value, options, onChange, error, name, required }: ChoiceChipsProps) {
  const errorId = useId();
  return (
    <fieldset className={`field chips${error ? ' field--error' : ''}`} aria-describedby={error ? errorId : undefined}>
      <legend className="field__label">
        {legend}
        {required ? <span className="field__required" aria-hidden="true"> *</span> : null}
      </legend>
      <div className="chips__row">
        {options.map((o) => (
          <label key={o.value} className={`chip${o.value === value ? ' chip--on' : ''}`}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error ? <p id={errorId} className="field__error" role="alert">{error}</p> : null}
    </fieldset>
  );
}
