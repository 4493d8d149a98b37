/** The plain-text body, as the host extracted it (text/plain, or text derived from HTML). */
import type { MessageDetail } from '../../../shared/model/message';

export function TextTab({ detail }: { detail: MessageDetail }) {
  if (detail.text === '') return <div className="tab-empty">This message has no text body.</div>;
  return <pre className="text-body" data-testid="text-body">{detail.text}</pre>;
}
