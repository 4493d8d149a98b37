/**
 * The SPF evaluation tree: a record with every include and redirect
 * expanded, and what each a / mx / exists term resolves to, so a support
 * engineer sees where the 10-lookup budget goes and which term a given IP
 * matches.
 *
 * The whole tree is expanded, not only the terms a given IP would reach:
 * receivers stop at the first match, so the counts here are the worst case —
 * the one a sender not matched early hits (RFC 7208 §4.6.4 limits: 10
 * DNS-querying terms, 2 void lookups). Sibling terms are looked up
 * concurrently; the depth of include chains is the critical path.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { ProbeDnsQuery, SpfTreeNode } from '../../../../shared/model/probe';
import type { DnsLookup, ProbeDns } from '../check-types';
import { absent, addressesOf, failed, outcomeText, txtOf } from './dns-check-helpers';
import { isSpfRecord, parseSpf, type SpfQualifier, type SpfTerm } from './spf-record';

/** Include depth beyond which expansion stops (far past any working record: the lookup limit is 10). */
const MAX_DEPTH = 12;
/** Expanded records beyond which expansion stops, so a pathological tree cannot run away. */
const MAX_RECORDS = 60;
/** RFC 7208 §4.6.4: an mx mechanism with more than 10 MX names is a permerror. */
const MAX_MX_NAMES = 10;

export interface SpfTreeResult {
  root: SpfTreeNode;
  /** DNS-querying terms in the whole tree (include, a, mx, ptr, exists, redirect). */
  lookups: number;
  /** Terms whose lookup found nothing (NXDOMAIN/NODATA). */
  voids: SpfTreeNode[];
  /** Include/redirect loops, as "a → b → a". */
  loops: string[];
  /** Problems anywhere in the tree: where (domain) and what. */
  problems: { domain: string; term: string; problem: string }[];
  /** Lookups that failed (SERVFAIL, timeout…): the tree is incomplete. */
  failures: ProbeDnsQuery[];
  /** Domains whose record uses ptr. */
  ptr: string[];
  /** The `all` that ends evaluation for the top-level record (following redirect=), or null when there is none. */
  finalAll: { qualifier: SpfQualifier; domain: string; via: string[] } | null;
  /** Included or redirected records that are missing or duplicated (permerror). */
  brokenTargets: { term: string; domain: string; why: string }[];
  /** Result for the given IP by walking the tree (a cross-check of mailauth's verdict): the deciding qualifier, or null. */
  ipResult: SpfQualifier | null;
}

interface Walk {
  dns: ProbeDns;
  records: number;
  result: SpfTreeResult;
  addresses: WeakMap<SpfTreeNode, string[]>;
  terms: WeakMap<SpfTreeNode, SpfTerm>;
}

function node(term: SpfTerm, domain: string | null): SpfTreeNode {
  return { term: term.raw, kind: term.kind, qualifier: term.qualifier, domain, resolvesTo: [], countsLookup: term.countsLookup, voidLookup: false, children: [], problem: term.problem, matchedIp: null };
}

/** Expand the record `text` published at `domain`. */
export async function buildSpfTree(dns: ProbeDns, domain: string, text: string, ip: string | null = null): Promise<SpfTreeResult> {
  const root: SpfTreeNode = { term: text, kind: 'record', qualifier: null, domain, resolvesTo: [], countsLookup: false, voidLookup: false, children: [], problem: null, matchedIp: null };
  const result: SpfTreeResult = { root, lookups: 0, voids: [], loops: [], problems: [], failures: [], ptr: [], finalAll: null, brokenTargets: [], ipResult: null };
  const walk: Walk = { dns, records: 1, result, addresses: new WeakMap(), terms: new WeakMap() };
  root.children = await expandRecord(walk, domain, text, [domain]);
  count(root, result);
  result.finalAll = findAll(root, [domain]);
  if (ip && (isIPv4(ip) || isIPv6(ip))) {
    const decided = evaluate(walk, root.children, ip);
    if (decided) {
      result.ipResult = decided.qualifier;
      for (const n of decided.path) n.matchedIp = true;
    }
  }
  return result;
}

async function expandRecord(walk: Walk, domain: string, text: string, path: string[]): Promise<SpfTreeNode[]> {
  const parsed = parseSpf(text);
  for (const p of parsed.problems) walk.result.problems.push({ domain, term: '(record)', problem: p });
  if (parsed.terms.some((t) => t.kind === 'ptr' && !t.modifier)) walk.result.ptr.push(domain);
  const hasAll = parsed.terms.some((t) => t.kind === 'all' && !t.modifier);
  return Promise.all(
    parsed.terms.map(async (term) => {
      const n = node(term, term.kind === 'ip4' || term.kind === 'ip6' ? null : (term.value ?? (['a', 'mx', 'ptr'].includes(term.kind) ? domain : null)));
      walk.terms.set(n, term);
      if (term.problem) walk.result.problems.push({ domain, term: term.raw, problem: term.problem });
      if (term.problem && term.kind !== 'ptr') return n;
      switch (term.kind) {
        case 'ip4':
        case 'ip6':
          {
            const prefix = term.cidr4 ?? term.cidr6;
            n.resolvesTo = [prefix === null ? `${term.value}` : `${term.value}/${prefix}`];
          }
          break;
        case 'ptr':
          n.problem = `ptr is deprecated (RFC 7208 §5.5): slow, unreliable, and some receivers ignore it`;
          n.domain = term.value ?? domain;
          break;
        case 'a':
        case 'mx':
        case 'exists':
          if (term.hasMacros) n.resolvesTo = ['(macro: expanded per message)'];
          else await resolveLeaf(walk, n, term, term.value ?? domain);
          break;
        case 'include':
        case 'redirect':
          if (term.kind === 'redirect' && hasAll) {
            n.problem = 'ignored: the record has an "all" mechanism';
            break;
          }
          if (term.hasMacros) n.resolvesTo = ['(macro: expanded per message)'];
          else await expandTarget(walk, n, term.value as string, path);
          break;
        default:
          break;
      }
      return n;
    }),
  );
}

async function expandTarget(walk: Walk, n: SpfTreeNode, rawTarget: string, path: string[]): Promise<void> {
  const target = rawTarget.toLowerCase().replace(/\.$/, '');
  if (path.includes(target)) {
    const loop = [...path, target].join(' → ');
    n.problem = `loop: ${loop} — receivers stop with permerror`;
    walk.result.loops.push(loop);
    return;
  }
  if (path.length > MAX_DEPTH || walk.records >= MAX_RECORDS) {
    n.problem = 'not expanded: the tree is already far past the 10-lookup limit';
    return;
  }
  walk.records += 1;
  const lookup = await walk.dns.lookup(target, 'TXT');
  if (failed(lookup)) {
    n.problem = `${outcomeText(lookup.query)} — receivers return temperror`;
    walk.result.failures.push(lookup.query);
    return;
  }
  const spf = txtOf(lookup).filter((r) => isSpfRecord(r.text));
  if (spf.length === 0) {
    if (absent(lookup)) {
      n.voidLookup = true;
      walk.result.voids.push(n);
    }
    const why = `${target} has no SPF record${lookup.query.outcome === 'nxdomain' ? ' (the name does not exist)' : ''}`;
    n.problem = `${why} — ${n.kind} of a domain without SPF is a permerror`;
    walk.result.brokenTargets.push({ term: n.term, domain: target, why });
    return;
  }
  if (spf.length > 1) {
    const why = `${target} publishes ${spf.length} SPF records`;
    n.problem = `${why} — permerror`;
    n.resolvesTo = spf.map((r) => r.text);
    walk.result.brokenTargets.push({ term: n.term, domain: target, why });
    return;
  }
  const text = (spf[0] as { text: string }).text;
  n.resolvesTo = [text];
  n.children = await expandRecord(walk, target, text, [...path, target]);
}

async function resolveLeaf(walk: Walk, n: SpfTreeNode, term: SpfTerm, target: string): Promise<void> {
  const cidr = (addr: string) => {
    const c = isIPv4(addr) ? term.cidr4 : term.cidr6;
    return c === null ? addr : `${addr}/${c}`;
  };
  const addressLookups = async (name: string): Promise<{ addrs: string[]; lookups: DnsLookup[] }> => {
    const [a, aaaa] = await Promise.all([walk.dns.lookup(name, 'A'), walk.dns.lookup(name, 'AAAA')]);
    return { addrs: [...addressesOf(a), ...addressesOf(aaaa)], lookups: [a, aaaa] };
  };
  if (term.kind === 'exists') {
    const a = await walk.dns.lookup(target, 'A');
    if (failed(a)) {
      n.problem = `${outcomeText(a.query)} — temperror`;
      walk.result.failures.push(a.query);
      return;
    }
    n.resolvesTo = addressesOf(a);
    walk.addresses.set(n, n.resolvesTo);
    if (n.resolvesTo.length === 0) markVoid(walk, n);
    return;
  }
  if (term.kind === 'a') {
    const { addrs, lookups } = await addressLookups(target);
    const bad = lookups.find(failed);
    if (bad && addrs.length === 0) {
      n.problem = `${outcomeText(bad.query)} — temperror`;
      walk.result.failures.push(bad.query);
      return;
    }
    n.resolvesTo = addrs.map(cidr);
    walk.addresses.set(n, n.resolvesTo);
    if (addrs.length === 0) markVoid(walk, n);
    return;
  }
  // mx
  const mx = await walk.dns.lookup(target, 'MX');
  if (failed(mx)) {
    n.problem = `${outcomeText(mx.query)} — temperror`;
    walk.result.failures.push(mx.query);
    return;
  }
  const hosts = mx.records.flatMap((r) => (r.type === 'MX' && r.exchange ? [r.exchange] : []));
  if (hosts.length === 0) {
    markVoid(walk, n);
    return;
  }
  if (hosts.length > MAX_MX_NAMES) n.problem = `${target} has ${hosts.length} MX hosts; an mx mechanism may look up at most ${MAX_MX_NAMES} — permerror`;
  const resolved = await Promise.all(hosts.slice(0, MAX_MX_NAMES).map(async (h) => ({ h, ...(await addressLookups(h)) })));
  n.resolvesTo = resolved.map((r) => `${r.h} → ${r.addrs.map(cidr).join(', ') || '(no address)'}`);
  walk.addresses.set(n, resolved.flatMap((r) => r.addrs.map(cidr)));
}

function markVoid(walk: Walk, n: SpfTreeNode): void {
  n.voidLookup = true;
  walk.result.voids.push(n);
}

function count(n: SpfTreeNode, result: SpfTreeResult): void {
  for (const c of n.children) {
    if (c.countsLookup && !(c.kind === 'redirect' && c.problem?.startsWith('ignored'))) result.lookups += 1;
    count(c, result);
  }
}

/** The `all` evaluation ends at: the record's own, or the redirect target's. */
function findAll(record: SpfTreeNode, via: string[]): SpfTreeResult['finalAll'] {
  const all = record.children.find((c) => c.kind === 'all');
  if (all && all.qualifier) return { qualifier: all.qualifier, domain: via[via.length - 1] as string, via };
  const redirect = record.children.find((c) => c.kind === 'redirect');
  if (redirect && redirect.children.length > 0) return findAll(redirect, [...via, redirect.domain ?? '']);
  return null;
}

function inNetwork(ip: string, network: string): boolean {
  const [addr = '', prefix] = network.split('/');
  const family = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : null;
  if (!family || (family === 'ipv4') !== isIPv4(ip)) return false;
  const list = new BlockList();
  if (prefix === undefined) list.addAddress(addr, family);
  else list.addSubnet(addr, Number(prefix), family);
  return list.check(ip, family);
}

/** First matching mechanism, in order, following includes and redirect (RFC 7208 §4.6.2, §5.2, §6.1). */
function evaluate(walk: Walk, nodes: SpfTreeNode[], ip: string): { qualifier: SpfQualifier; path: SpfTreeNode[] } | null {
  for (const n of nodes) {
    if (n.qualifier === null) continue;
    switch (n.kind) {
      case 'all':
        return { qualifier: n.qualifier, path: [n] };
      case 'ip4':
      case 'ip6':
        if (n.resolvesTo[0] && inNetwork(ip, n.resolvesTo[0])) return { qualifier: n.qualifier, path: [n] };
        break;
      case 'a':
      case 'mx':
      case 'exists': {
        const addrs = walk.addresses.get(n) ?? [];
        if (n.kind === 'exists' ? addrs.length > 0 : addrs.some((x) => inNetwork(ip, x))) return { qualifier: n.qualifier, path: [n] };
        break;
      }
      case 'include': {
        const inner = evaluate(walk, n.children, ip);
        if (inner?.qualifier === '+') return { qualifier: n.qualifier, path: [n, ...inner.path] };
        break;
      }
      default:
        break;
    }
  }
  const redirect = nodes.find((n) => n.kind === 'redirect' && n.children.length > 0 && !n.problem);
  if (redirect) {
    const inner = evaluate(walk, redirect.children, ip);
    if (inner) return { qualifier: inner.qualifier, path: [redirect, ...inner.path] };
  }
  return null;
}
