/**
 * The HTML preview: sanitised document in a sandboxed srcdoc frame (see
 * preview-document.ts). Remote content stays blocked until the user clicks
 * "Load remote content" for this message. Inline (cid:) images are fetched
 * from the message's own parts first, so they show without any network.
 */
import { useEffect, useMemo, useState } from 'react';
import type { MessageDetail } from '../../../shared/model/message';
import { useApp } from '../../app/store-context';
import { Icon } from '../../components/icon';
import { buildPreviewDocument, referencedCids } from './preview-document';

/** Inline images bigger than this are not embedded (a data: URL of it would stall the frame). */
const MAX_INLINE_IMAGE_BYTES = 16 * 1024 * 1024;

function toDataUrl(bytes: Uint8Array, type: string): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return `data:${type || 'application/octet-stream'};base64,${btoa(binary)}`;
}

/** Fetch the parts the HTML references by cid: and turn them into data: URLs. */
function useCidUrls(detail: MessageDetail): { urls: ReadonlyMap<string, string>; ready: boolean } {
  const fetchAttachment = useApp((s) => s.fetchAttachment);
  const [state, setState] = useState<{ id: number; urls: Map<string, string> } | null>(null);
  const id = detail.summary.id;
  const html = detail.html;
  const attachments = detail.attachments;
  useEffect(() => {
    let cancelled = false;
    const wanted = new Set(html ? referencedCids(html) : []);
    const parts = attachments.filter((a) => a.contentId && wanted.has(a.contentId) && a.size <= MAX_INLINE_IMAGE_BYTES);
    Promise.all(
      parts.map(async (a) => {
        try {
          const file = await fetchAttachment(id, a.index);
          return [a.contentId, toDataUrl(file.bytes, a.contentType)] as const;
        } catch {
          return null;
        }
      }),
    ).then((entries) => {
      if (!cancelled) setState({ id, urls: new Map(entries.filter((e): e is readonly [string, string] => e !== null)) });
    });
    return () => {
      cancelled = true;
    };
  }, [id, html, attachments, fetchAttachment]);
  return state?.id === id ? { urls: state.urls, ready: true } : { urls: new Map(), ready: false };
}

export function PreviewTab({ detail }: { detail: MessageDetail }) {
  const id = detail.summary.id;
  const allowed = useApp((s) => s.remoteAllowed.has(id));
  const allowRemote = useApp((s) => s.allowRemote);
  const { urls, ready } = useCidUrls(detail);
  const html = detail.html ?? '';
  const doc = useMemo(() => (ready ? buildPreviewDocument({ html, allowRemote: allowed, cidUrls: urls }) : null), [html, allowed, urls, ready]);

  if (!doc) return <div className="preview-loading">Preparing preview…</div>;
  return (
    <div className="preview">
      {doc.remoteCount > 0 || allowed ? (
        <div className={allowed ? 'remote-bar remote-bar-allowed' : 'remote-bar'} role="status">
          <Icon name={allowed ? 'eye' : 'lock'} size={14} />
          {allowed ? (
            <span>Remote images and styles are loaded for this message.</span>
          ) : (
            <>
              <span>
                Remote content blocked: {doc.remoteCount} {doc.remoteCount === 1 ? 'reference' : 'references'} to other servers. Loading them tells the sender
                you opened this.
              </span>
              <button type="button" className="button button-small" onClick={() => allowRemote(id)}>
                Load remote content
              </button>
            </>
          )}
        </div>
      ) : null}
      {doc.missingCids.length > 0 ? (
        <div className="remote-bar remote-bar-warn" role="status">
          <Icon name="alert" size={14} /> Inline image{doc.missingCids.length > 1 ? 's' : ''} not found in the message: {doc.missingCids.join(', ')}
        </div>
      ) : null}
      <iframe
        key={`${id}-${allowed ? 'remote' : 'blocked'}`}
        className="preview-frame"
        title="HTML preview of the message"
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        srcDoc={doc.srcdoc}
        data-testid="preview-frame"
      />
    </div>
  );
}
