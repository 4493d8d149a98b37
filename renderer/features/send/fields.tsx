/**
 * Labelled form controls of the Send screen: each field has a real <label>,
 * and its error sits under it, tied by aria-describedby and aria-invalid so
 * a screen reader reads the problem with the field.
 */
import type { ReactNode } from 'react';
import { Icon } from '../../components/icon';

interface FieldProps {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: (props: { id: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}

export function Field({ id, label, error, hint, className, children }: FieldProps) {
  // An error replaces the hint: the two can disagree (a hint about the normal case, an error about this one).
  const showHint = hint && !error;
  const described = [error ? `${id}-error` : '', showHint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['send-field', className ?? '', error ? 'send-field-invalid' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {showHint ? (
        <p id={`${id}-hint`} className="send-hint muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="send-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField(props: {
  id: string;
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
  type?: 'text' | 'password' | 'number' | 'email';
  className?: string;
  mono?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'email' | 'text';
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint} className={props.className}>
      {(a11y) => (
        <input
          {...a11y}
          className={props.mono ? 'input mono' : 'input'}
          type={props.type ?? 'text'}
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={false}
          autoComplete={props.autoComplete ?? 'off'}
          inputMode={props.inputMode}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>(props: {
  id: string;
  label: ReactNode;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange(value: T): void;
  error?: string;
  hint?: ReactNode;
  className?: string;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint} className={props.className}>
      {(a11y) => (
        <select {...a11y} className="input" value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
          {props.options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A group of radio-like buttons (one tab stop each; aria-pressed tells which is on). */
export function Segmented<T extends string>(props: { label: string; value: T; options: readonly (readonly [T, string])[]; onChange(value: T): void }) {
  return (
    <div className="segmented" role="group" aria-label={props.label}>
      {props.options.map(([value, label]) => (
        <button key={value} type="button" className={value === props.value ? 'segment segment-on' : 'segment'} aria-pressed={value === props.value} onClick={() => props.onChange(value)}>
          {label}
        </button>
      ))}
    </div>
  );
}

export function Warning({ children }: { children: ReactNode }) {
  return (
    <p className="send-warning">
      <Icon name="alert" size={14} /> <span>{children}</span>
    </p>
  );
}
