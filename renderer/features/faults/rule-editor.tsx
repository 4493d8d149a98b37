/**
 * Add or edit one fault rule: where it acts (stage, optional sender and
 * recipient patterns), what it does (a reply, a delay, a dropped connection,
 * optionally only for the first N attempts). Checked with the core's own
 * checks before saving; the core's answer is shown if it still refuses.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { FaultRule } from '../../../shared/model/faults';
import { FAULT_REPLY_CODES, FAULT_STAGES, STAGE_HELP, STAGE_LABELS } from '../../../shared/faults/fault-rules';
import { Icon } from '../../components/icon';
import type { ActionKind, RuleDraft } from './rule-draft';
import { draftFromRule, draftProblems, patternUsable, ruleFromDraft } from './rule-draft';

const KINDS: { kind: ActionKind; label: string }[] = [
  { kind: 'reply', label: 'Reply with an error' },
  { kind: 'delay', label: 'Delay' },
  { kind: 'drop', label: 'Drop the connection' },
];

export interface RuleEditorProps {
  /** The rule being edited (id "" for a new one). */
  rule: FaultRule;
  /** "Rule 3" or "New rule", for the heading. */
  title: string;
  /** Save; resolves to an error message or null. */
  onSave(rule: FaultRule): Promise<string | null>;
  onCancel(): void;
  busy: boolean;
}

export function RuleEditor({ rule, title, onSave, onCancel, busy }: RuleEditorProps) {
  const [draft, setDraft] = useState<RuleDraft>(() => draftFromRule(rule));
  const [problems, setProblems] = useState<string[]>([]);
  const id = useId();
  const first = useRef<HTMLSelectElement>(null);
  // Keyboard users land in the form they just opened, not back on the list.
  useEffect(() => {
    first.current?.focus();
  }, []);
  const update = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const codes = FAULT_REPLY_CODES.some((c) => String(c.code) === draft.code) ? FAULT_REPLY_CODES : [...FAULT_REPLY_CODES, { code: Number(draft.code), enhanced: draft.enhanced, text: draft.text }];

  const pickCode = (code: string) => {
    // A new code brings its usual enhanced code and text, unless the user wrote their own text.
    const known = FAULT_REPLY_CODES.find((c) => String(c.code) === code);
    const typedOwnText = !FAULT_REPLY_CODES.some((c) => c.text === draft.text);
    update({ code, ...(known ? { enhanced: known.enhanced, ...(typedOwnText ? {} : { text: known.text }) } : {}) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblems(draft);
    setProblems(found);
    if (found.length > 0) return;
    const failure = await onSave(ruleFromDraft(draft, rule.hits));
    if (failure) setProblems([failure]);
  };

  const senderOk = patternUsable('sender', draft.stage);
  const recipientOk = patternUsable('recipient', draft.stage);
  const msLabel = draft.kind === 'delay' ? 'Delay (ms)' : draft.kind === 'reply' ? 'Wait before replying (ms, optional)' : 'Wait before dropping (ms, optional)';

  return (
    <form className="fault-editor" aria-label={title} onSubmit={(e) => void submit(e)} noValidate>
      <h3>{title}</h3>
      <div className="form-grid">
        <label className="form-row">
          <span>Stage</span>
          <select ref={first} className="input" value={draft.stage} onChange={(e) => update({ stage: e.currentTarget.value as RuleDraft['stage'] })} aria-describedby={`${id}-stage`}>
            {FAULT_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {STAGE_LABELS[stage]}
              </option>
            ))}
          </select>
        </label>
        <label className="form-row">
          <span>Fail the first N attempts (0 = always)</span>
          <input className="input mono" inputMode="numeric" value={draft.failFirst} onChange={(e) => update({ failFirst: e.currentTarget.value })} />
        </label>
      </div>
      <p className="muted form-help" id={`${id}-stage`}>
        Acts {STAGE_HELP[draft.stage]}.{' '}
        {Number(draft.failFirst) > 0 ? 'Attempts are counted per sender and recipients; after N, the same attempt is accepted (retry testing).' : ''}
      </p>

      <div className="form-grid">
        <label className="form-row">
          <span>Sender pattern (MAIL FROM, * wildcard)</span>
          <input
            className="input mono"
            value={senderOk ? draft.sender : ''}
            disabled={!senderOk}
            placeholder={senderOk ? 'any sender, e.g. *@example.com' : 'not known before MAIL'}
            spellCheck={false}
            onChange={(e) => update({ sender: e.currentTarget.value })}
          />
        </label>
        <label className="form-row">
          <span>Recipient pattern (RCPT TO, * wildcard)</span>
          <input
            className="input mono"
            value={recipientOk ? draft.recipient : ''}
            disabled={!recipientOk}
            placeholder={recipientOk ? 'any recipient' : 'not known before RCPT'}
            spellCheck={false}
            onChange={(e) => update({ recipient: e.currentTarget.value })}
          />
        </label>
      </div>

      <div className="segmented" role="radiogroup" aria-label="What the server does">
        {KINDS.map(({ kind, label }) => (
          <button key={kind} type="button" role="radio" aria-checked={draft.kind === kind} className={draft.kind === kind ? 'segment segment-on' : 'segment'} onClick={() => update({ kind })}>
            {label}
          </button>
        ))}
      </div>

      {draft.kind === 'reply' ? (
        <div className="fault-reply-grid">
          <label className="form-row">
            <span>Code</span>
            <select className="input mono" value={draft.code} onChange={(e) => pickCode(e.currentTarget.value)}>
              {codes.map((c) => (
                <option key={c.code} value={String(c.code)}>
                  {c.code} — {c.text}
                </option>
              ))}
            </select>
          </label>
          <label className="form-row">
            <span>Enhanced code</span>
            <input className="input mono" value={draft.enhanced} placeholder="e.g. 5.1.1" onChange={(e) => update({ enhanced: e.currentTarget.value })} />
          </label>
          <label className="form-row fault-reply-text">
            <span>Reply text</span>
            <input className="input" value={draft.text} onChange={(e) => update({ text: e.currentTarget.value })} />
          </label>
        </div>
      ) : null}
      {draft.kind === 'reply' && draft.code === '421' ? <p className="muted form-help">421 also closes the connection, as a real server does.</p> : null}

      <div className="form-grid">
        <label className="form-row">
          <span>{msLabel}</span>
          <input className="input mono" inputMode="numeric" value={draft.ms} placeholder={draft.kind === 'delay' ? 'e.g. 5000' : '0'} onChange={(e) => update({ ms: e.currentTarget.value })} />
        </label>
        <label className="checkbox fault-enabled">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} /> Enabled
        </label>
      </div>

      {problems.length > 0 ? (
        <div className="form-errors" role="alert">
          {problems.map((p) => (
            <p key={p}>
              <Icon name="alert" size={14} /> {p}
            </p>
          ))}
        </div>
      ) : null}
      <div className="fault-editor-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save rule'}
        </button>
      </div>
    </form>
  );
}
