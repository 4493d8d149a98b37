/**
 * The SPF evaluation tree: every term as written, what it resolved to, whether
 * it counted against the 10-lookup limit or was a void lookup, its problem,
 * and — with a sending IP — the term that decided. Includes and redirects
 * nest their record's terms below them.
 */
import type { SpfTreeNode } from '../../../shared/model/probe';

function Node({ node }: { node: SpfTreeNode }) {
  const shown = node.resolvesTo.slice(0, 12);
  return (
    <li className={node.problem ? 'spf-node spf-node-problem' : 'spf-node'}>
      <div className="spf-term">
        <code className={node.matchedIp ? 'spf-matched' : undefined}>{node.term}</code>
        {node.countsLookup ? <span className="probe-tag" title="Counts against the limit of 10 DNS-querying terms">lookup</span> : null}
        {node.voidLookup ? <span className="probe-tag probe-tag-warn" title="Its lookup found nothing (limit: 2 void lookups)">void</span> : null}
        {node.matchedIp ? <span className="probe-tag probe-tag-ok">matched the IP</span> : null}
        {shown.length ? (
          <span className="spf-resolves muted mono">
            → {shown.join(', ')}
            {node.resolvesTo.length > shown.length ? ` … ${node.resolvesTo.length - shown.length} more` : ''}
          </span>
        ) : null}
      </div>
      {node.problem ? <div className="spf-problem">{node.problem}</div> : null}
      {node.children.length ? (
        <ul className="spf-children">
          {node.children.map((child, i) => (
            <Node key={i} node={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function SpfTree({ root }: { root: SpfTreeNode }) {
  return (
    <ul className="spf-tree" aria-label="SPF evaluation tree">
      <Node node={root} />
    </ul>
  );
}
