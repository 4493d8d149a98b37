/**
 * The MIME structure as a collapsible tree (WAI-ARIA tree pattern, simplified:
 * each node is a button that toggles its children).
 */
import { useState } from 'react';
import type { MimePart } from '../../../shared/model/message';
import { formatBytes } from '../../components/format';
import { Icon } from '../../components/icon';

function PartLabel({ part }: { part: MimePart }) {
  const charset = part.params.charset;
  return (
    <span className="mime-label">
      <span className="mime-type mono">{part.contentType}</span>
      {charset ? <span className="chip">{charset}</span> : null}
      {part.children.length === 0 ? <span className="chip">{part.transferEncoding}</span> : null}
      {part.disposition ? <span className="chip">{part.disposition}</span> : null}
      {part.filename ? <span className="mime-filename">{part.filename}</span> : null}
      {part.contentId ? <span className="muted mono">&lt;{part.contentId}&gt;</span> : null}
      <span className="mime-size muted">
        {formatBytes(part.encodedSize)}
        {part.children.length === 0 && part.decodedSize !== part.encodedSize ? ` → ${formatBytes(part.decodedSize)} decoded` : ''}
      </span>
      <span className="mime-path muted mono" title="Part number (IMAP BODY section)">
        {part.path ? `part ${part.path}` : 'root'}
      </span>
    </span>
  );
}

function Node({ part, depth }: { part: MimePart; depth: number }) {
  const [open, setOpen] = useState(true);
  const hasChildren = part.children.length > 0;
  return (
    <li role="treeitem" aria-expanded={hasChildren ? open : undefined} aria-level={depth + 1} aria-selected={false}>
      <div className="mime-row" style={{ paddingLeft: depth * 18 }}>
        {hasChildren ? (
          <button type="button" className="icon-button mime-toggle" aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen((o) => !o)}>
            <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
          </button>
        ) : (
          <span className="mime-leaf" aria-hidden="true" />
        )}
        <PartLabel part={part} />
      </div>
      {hasChildren && open ? (
        <ul role="group">
          {part.children.map((child) => (
            <Node key={child.path} part={child} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function MimeTreeTab({ root }: { root: MimePart }) {
  return (
    <ul className="mime-tree" role="tree" aria-label="MIME structure" data-testid="mime-tree">
      <Node part={root} depth={0} />
    </ul>
  );
}
