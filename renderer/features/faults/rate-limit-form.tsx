/**
 * The per-client rate limit: N messages per window from one client IP,
 * counted at MAIL FROM; the MAIL command over the limit gets the reply
 * (421 hangs up, 451 lets the client try again later).
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { RateLimit } from '../../../shared/model/faults';
import { rateLimitProblems } from '../../../shared/faults/fault-rules';
import { Icon } from '../../components/icon';

interface Draft {
  enabled: boolean;
  maxMessages: string;
  windowSeconds: string;
  code: string;
  enhanced: string;
  text: string;
}

const toDraft = (l: RateLimit): Draft => ({
  enabled: l.enabled,
  maxMessages: String(l.maxMessages),
  windowSeconds: String(l.windowSeconds),
  code: String(l.reply.code),
  enhanced: l.reply.enhanced,
  text: l.reply.text,
});

const int = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function RateLimitForm({ limit, busy, onSave }: { limit: RateLimit; busy: boolean; onSave(limit: RateLimit): Promise<string | null> }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(limit));
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const update = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: RateLimit = {
      enabled: draft.enabled,
      maxMessages: int(draft.maxMessages),
      windowSeconds: int(draft.windowSeconds),
      reply: { code: int(draft.code), enhanced: draft.enhanced.trim(), text: draft.text.trim() },
    };
    const found = rateLimitProblems(next);
    setProblems(found);
    if (found.length > 0) return;
    const failure = await onSave(next);
    if (failure) setProblems([failure]);
    else setSaved(true);
  };

  return (
    <form className="fault-rate" aria-label="Rate limit per client" onSubmit={(e) => void submit(e)} noValidate>
      <div className="fault-rate-head">
        <label className="checkbox">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} /> Limit each client IP to
        </label>
        <input className="input input-small mono" aria-label="Messages per window" inputMode="numeric" value={draft.maxMessages} onChange={(e) => update({ maxMessages: e.currentTarget.value })} />
        <span>messages per</span>
        <input className="input input-small mono" aria-label="Window in seconds" inputMode="numeric" value={draft.windowSeconds} onChange={(e) => update({ windowSeconds: e.currentTarget.value })} />
        <span>seconds</span>
        <span className="fault-hits" title="MAIL commands refused by the limit">
          {limit.hits ?? 0} refused
        </span>
      </div>
      <div className="fault-reply-grid">
        <label className="form-row">
          <span>Reply code</span>
          <select className="input mono" value={draft.code} onChange={(e) => update({ code: e.currentTarget.value, enhanced: e.currentTarget.value === '421' ? '4.7.0' : '4.7.1' })}>
            {[...new Set(['421', '451', draft.code])].map((code) => (
              <option key={code} value={code}>
                {code === '421' ? '421 — and close the connection' : code === '451' ? '451 — try again later' : code}
              </option>
            ))}
          </select>
        </label>
        <label className="form-row">
          <span>Enhanced code</span>
          <input className="input mono" value={draft.enhanced} onChange={(e) => update({ enhanced: e.currentTarget.value })} />
        </label>
        <label className="form-row fault-reply-text">
          <span>Reply text</span>
          <input className="input" value={draft.text} onChange={(e) => update({ text: e.currentTarget.value })} />
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
        {saved ? <span className="muted" role="status">Saved.</span> : null}
        <button type="submit" className="button" disabled={busy}>
          Save rate limit
        </button>
      </div>
    </form>
  );
}
