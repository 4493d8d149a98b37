/**
 * Editable header lines: custom headers of a composed message (name, value)
 * and header edits of a replayed copy (set / add / remove, name, value).
 */
import type { FormErrors, HeaderEdit } from './send-form';
import { Icon } from '../../components/icon';

const OPS: readonly (readonly [HeaderEdit['op'], string])[] = [
  ['set', 'Set'],
  ['add', 'Add'],
  ['remove', 'Remove'],
];

export function HeaderRows(props: { title: string; rows: HeaderEdit[]; withOp: boolean; errors: FormErrors; errorKey: 'header' | 'edit'; onChange(rows: HeaderEdit[]): void }) {
  const { rows, onChange } = props;
  const patch = (i: number, change: Partial<HeaderEdit>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <div className="send-headers" role="group" aria-label={props.title}>
      <div className="send-row">
        <span className="send-inline-label">{props.title}</span>
        <button type="button" className="link-button send-add" onClick={() => onChange([...rows, { op: props.withOp ? 'set' : 'add', name: '', value: '' }])}>
          + Add a header
        </button>
      </div>
      {rows.map((row, i) => {
        const error = props.errors[`${props.errorKey}-${i}`];
        return (
          <div key={i} className="send-header-row">
            {props.withOp ? (
              <select className="input input-small" aria-label={`Header ${i + 1}: change`} value={row.op} onChange={(e) => patch(i, { op: e.target.value as HeaderEdit['op'] })}>
                {OPS.map(([op, label]) => (
                  <option key={op} value={op}>
                    {label}
                  </option>
                ))}
              </select>
            ) : null}
            <input
              className="input input-small mono send-header-name"
              aria-label={`Header ${i + 1}: name`}
              aria-invalid={error ? true : undefined}
              placeholder="X-Campaign"
              value={row.name}
              spellCheck={false}
              onChange={(e) => patch(i, { name: e.target.value })}
            />
            {row.op !== 'remove' ? (
              <input className="input input-small mono send-header-value" aria-label={`Header ${i + 1}: value`} placeholder="value" value={row.value} spellCheck={false} onChange={(e) => patch(i, { value: e.target.value })} />
            ) : (
              <span className="muted send-header-value">every “{row.name || '…'}” line is removed</span>
            )}
            <button type="button" className="icon-button" aria-label={`Remove header ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              <Icon name="close" size={13} />
            </button>
            {error ? (
              <p className="send-error send-header-error" role="alert">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
