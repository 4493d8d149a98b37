/**
 * The Faults panel: the rules the capture server applies, in order (the
 * first enabled match of a stage wins), each with its live hit count; add
 * from scratch or from a preset, edit, enable/disable, move, delete; the
 * per-client rate limit; reset the counters. Every change is saved at once
 * and applies to the next SMTP command.
 */
import { useEffect, useState } from 'react';
import type { FaultRule } from '../../../shared/model/faults';
import { FAULT_PRESETS, ruleFromPreset } from '../../../shared/faults/fault-presets';
import { activeFaultCount, describeAction, STAGE_LABELS } from '../../../shared/faults/fault-rules';
import { useApp } from '../../app/store-context';
import { Dialog } from '../../components/dialog';
import { Icon } from '../../components/icon';
import { RateLimitForm } from './rate-limit-form';
import { RecentSessions } from './recent-sessions';
import { blankDraft, ruleFromDraft } from './rule-draft';
import { RuleEditor } from './rule-editor';
import './faults.css';

/** Which rule the editor shows: an index into the list, or a new rule. */
type Editing = { index: number } | { rule: FaultRule } | null;

export function FaultsDialog() {
  const open = useApp((s) => s.dialog === 'faults');
  const openDialog = useApp((s) => s.openDialog);
  const close = () => openDialog(null);
  return (
    <Dialog
      title="Fault injection"
      open={open}
      onClose={close}
      wide
      footer={
        <button type="button" className="button" onClick={close}>
          Close
        </button>
      }
    >
      <FaultsPanel />
    </Dialog>
  );
}

function conditions(rule: FaultRule): string {
  const parts: string[] = [];
  if (rule.sender) parts.push(`from ${rule.sender}`);
  if (rule.recipient) parts.push(`to ${rule.recipient}`);
  return parts.join(', ');
}

/** Mounted while the dialog is open. */
function FaultsPanel() {
  const faults = useApp((s) => s.faults);
  const faultsError = useApp((s) => s.faultsError);
  const busy = useApp((s) => s.faultsBusy);
  const loadFaults = useApp((s) => s.loadFaults);
  const saveFaults = useApp((s) => s.saveFaults);
  const saveRules = useApp((s) => s.saveFaultRules);
  const resetCounters = useApp((s) => s.resetFaultCounters);
  const [editing, setEditing] = useState<Editing>(null);
  const [listError, setListError] = useState<string | null>(null);
  // Fresh counters each time the panel opens (events keep them live while it is open).
  useEffect(() => {
    void loadFaults();
  }, [loadFaults]);

  if (!faults) {
    return <p className="muted">{faultsError ? `Could not load the fault rules: ${faultsError}` : 'Loading fault rules…'}</p>;
  }
  const rules = faults.rules;

  const apply = async (next: FaultRule[]) => {
    const failure = await saveRules(next);
    setListError(failure);
    return failure;
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...rules];
    const [rule] = next.splice(index, 1);
    next.splice(index + by, 0, rule as FaultRule);
    void apply(next);
  };

  const editor =
    editing === null ? null : 'index' in editing ? (
      <RuleEditor
        key={`edit-${rules[editing.index]?.id}`}
        title={`Edit rule ${editing.index + 1}`}
        rule={rules[editing.index] ?? ruleFromDraft(blankDraft())}
        busy={busy}
        onCancel={() => setEditing(null)}
        onSave={async (rule) => {
          const failure = await saveRules(rules.map((r, i) => (i === editing.index ? rule : r)));
          if (!failure) setEditing(null);
          return failure;
        }}
      />
    ) : (
      <RuleEditor
        key="new"
        title="New rule"
        rule={editing.rule}
        busy={busy}
        onCancel={() => setEditing(null)}
        onSave={async (rule) => {
          const failure = await saveRules([...rules, rule]);
          if (!failure) setEditing(null);
          return failure;
        }}
      />
    );

  return (
    <div className="faults-panel">
      <p className="muted">
        Make the capture server answer like a failing or slow mail server. Rules act on the next SMTP command; the first enabled rule that matches a stage wins.
        Each applied rule is written in the session transcript.
      </p>
      <div className="faults-toolbar">
        <button type="button" className="button" onClick={() => setEditing({ rule: ruleFromDraft(blankDraft()) })}>
          Add rule
        </button>
        <select
          className="input"
          aria-label="Add a preset rule"
          value=""
          onChange={(e) => {
            const preset = FAULT_PRESETS.find((p) => p.key === e.currentTarget.value);
            if (preset) setEditing({ rule: ruleFromPreset(preset) });
          }}
        >
          <option value="">Add a preset…</option>
          {FAULT_PRESETS.map((p) => (
            <option key={p.key} value={p.key} title={p.purpose}>
              {p.label}
            </option>
          ))}
        </select>
        <span className="header-spacer" />
        <span className="muted" data-testid="faults-active-count">
          {activeFaultCount(faults)} active
        </span>
        <button type="button" className="button" onClick={() => void resetCounters()}>
          Reset counters
        </button>
      </div>

      {editing !== null && !('index' in editing) ? editor : null}

      {rules.length === 0 ? (
        <p className="faults-empty muted">No rules: the capture server accepts everything. Add a rule or pick a preset.</p>
      ) : (
        <ol className="fault-rules" aria-label="Fault rules">
          {rules.map((rule, index) => (
            <li key={rule.id} className={rule.enabled ? 'fault-rule' : 'fault-rule fault-rule-off'} data-testid="fault-rule">
              {editing !== null && 'index' in editing && editing.index === index ? (
                editor
              ) : (
                <>
                  <input
                    type="checkbox"
                    checked={rule.enabled}
                    aria-label={`Enable rule ${index + 1}`}
                    disabled={busy}
                    onChange={(e) => void apply(rules.map((r, i) => (i === index ? { ...r, enabled: e.currentTarget.checked } : r)))}
                  />
                  <span className="fault-rule-number">#{index + 1}</span>
                  <span className="chip">{STAGE_LABELS[rule.stage]}</span>
                  <span className="fault-rule-text">
                    <span className="mono">{describeAction(rule.action)}</span>
                    {conditions(rule) ? <span className="muted"> · {conditions(rule)}</span> : null}
                    {rule.failFirst > 0 ? <span className="muted"> · first {rule.failFirst} attempt{rule.failFirst === 1 ? '' : 's'}, then accept</span> : null}
                  </span>
                  <span className="fault-hits" title="Times applied since saved or reset">
                    {rule.hits} {rule.hits === 1 ? 'hit' : 'hits'}
                  </span>
                  <span className="fault-rule-actions">
                    <button type="button" className="icon-button" aria-label={`Move rule ${index + 1} up`} disabled={index === 0 || busy} onClick={() => move(index, -1)}>
                      <Icon name="chevronUp" size={14} />
                    </button>
                    <button type="button" className="icon-button" aria-label={`Move rule ${index + 1} down`} disabled={index === rules.length - 1 || busy} onClick={() => move(index, 1)}>
                      <Icon name="chevronDown" size={14} />
                    </button>
                    <button type="button" className="icon-button" aria-label={`Edit rule ${index + 1}`} onClick={() => setEditing({ index })}>
                      <Icon name="edit" size={14} />
                    </button>
                    <button type="button" className="icon-button" aria-label={`Delete rule ${index + 1}`} disabled={busy} onClick={() => void apply(rules.filter((_, i) => i !== index))}>
                      <Icon name="trash" size={14} />
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {listError ? (
        <div className="form-errors" role="alert">
          <p>
            <Icon name="alert" size={14} /> {listError}
          </p>
        </div>
      ) : null}

      <h3 className="faults-section">Rate limit per client</h3>
      <RateLimitForm limit={faults.rateLimit} busy={busy} onSave={(rateLimit) => saveFaults({ ...faults, rateLimit })} />

      <h3 className="faults-section">Recent SMTP sessions</h3>
      <RecentSessions />
    </div>
  );
}
