/**
 * "Analyze" for a captured message: the inbox's message view places this
 * button; the app decides how to open the Analyze screen with that message
 * (`onAnalyze(id)`), e.g. by switching the nav rail to Analyze with
 * `<AnalyzePage messageId={id} …/>`.
 */
import { Icon } from '../../components/icon';

export function AnalyzeButton({ messageId, onAnalyze }: { messageId: number; onAnalyze(messageId: number): void }) {
  return (
    <button type="button" className="button button-small" onClick={() => onAnalyze(messageId)} title="Explain this message's headers: hops, SPF/DKIM/DMARC, spam verdicts">
      <Icon name="analyze" size={14} /> Analyze
    </button>
  );
}
