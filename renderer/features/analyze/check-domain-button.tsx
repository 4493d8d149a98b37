/**
 * "Check <domain> now": from a finding or an alignment row straight to a live
 * Probe of the domain (the Probe screen opens pre-filled and runs it) — the
 * finding says what the headers claim, the probe shows what DNS says now.
 */
import { useApp } from '../../app/store-context';
import { Icon } from '../../components/icon';

export function CheckDomainButton({ domain }: { domain: string }) {
  const checkDomainNow = useApp((s) => s.checkDomainNow);
  return (
    <button type="button" className="link-button check-domain-now" onClick={() => checkDomainNow(domain)} title={`Probe ${domain}'s DNS and mail servers live`}>
      <Icon name="probe" size={12} /> Check {domain} now
    </button>
  );
}
