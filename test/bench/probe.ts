/**
 * npm run bench:probe — how long a full domain report takes when every DNS
 * answer costs 50 ms (a loopback DNS server adds the delay), against:
 *
 * - the same check modules run one after another, in the same bench run
 *   (one shared per-run cache, as a sequential implementation would have);
 * - the critical path: the longest chain of lookups that depend on each
 *   other's answers, computed from the recorded queries
 *   (test/bench/probe-critical-path.ts) — the floor no amount of
 *   concurrency can beat;
 * - every query one after another (real queries × 50 ms), for scale.
 *
 * Goal: the full report within 1.3 × the critical path. The SMTP probe is
 * off: its time is a TCP/TLS conversation with the mail servers, not DNS.
 * The zone (below) is a domain with two MX hosts, a three-level SPF include
 * chain with a:/mx terms, DKIM, DMARC, TLS-RPT, and no MTA-STS/BIMI record
 * (those would fetch over HTTPS from the network). Everything stays on
 * 127.0.0.1.
 *
 * The DNS server runs on its own thread (this same file, started as a
 * worker), so answering does not queue behind the probe on one event loop:
 * what is measured is the probe, not the test server. The load average is
 * printed because a busy machine stretches every hop.
 *
 * Options: --runs N (default 7), --delay MS (default 50).
 */
import { loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ProbeRequest } from '../../shared/model/probe';
import { defaultRunnerDeps } from '../../electron/core/probes/probe-deps';
import { runProbe, type ProbeOutcome, type ProbeRunnerDeps } from '../../electron/core/probes/probe-runner';
import { type LoopbackRecord, startLoopbackDnsServer } from '../support/dns/loopback-dns-server';
import { criticalPath } from './probe-critical-path';
import { fmt, median, table } from './stats';

const DOMAIN = 'bench.example';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

function zone(): Record<string, LoopbackRecord[]> {
  return {
    [DOMAIN]: [
      { type: 'MX', priority: 10, exchange: `mx1.${DOMAIN}` },
      { type: 'MX', priority: 20, exchange: `mx2.${DOMAIN}` },
      { type: 'TXT', value: ['v=spf1 include:_spf.esp-one.example include:_spf.esp-two.example mx -all'] },
      { type: 'TXT', value: ['google-site-verification=bench'] },
      { type: 'A', value: '192.0.2.80' },
    ],
    [`mx1.${DOMAIN}`]: [{ type: 'A', value: '192.0.2.10' }],
    [`mx2.${DOMAIN}`]: [{ type: 'A', value: '192.0.2.11' }],
    '10.2.0.192.in-addr.arpa': [{ type: 'PTR', value: `mx1.${DOMAIN}` }],
    '11.2.0.192.in-addr.arpa': [{ type: 'PTR', value: `mx2.${DOMAIN}` }],
    '_spf.esp-one.example': [{ type: 'TXT', value: ['v=spf1 include:_netblocks.esp-one.example ~all'] }],
    '_netblocks.esp-one.example': [{ type: 'TXT', value: ['v=spf1 ip4:198.51.100.0/24 a:relay.esp-one.example -all'] }],
    'relay.esp-one.example': [{ type: 'A', value: '198.51.100.7' }],
    '_spf.esp-two.example': [{ type: 'TXT', value: ['v=spf1 ip4:203.0.113.0/24 -all'] }],
    [`_dmarc.${DOMAIN}`]: [{ type: 'TXT', value: [`v=DMARC1; p=quarantine; rua=mailto:dmarc@${DOMAIN}`] }],
    [`_smtp._tls.${DOMAIN}`]: [{ type: 'TXT', value: [`v=TLSRPTv1; rua=mailto:tls@${DOMAIN}`] }],
    [`s1._domainkey.${DOMAIN}`]: [{ type: 'TXT', value: ['v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='] }],
  };
}

function request(server: string): ProbeRequest {
  return {
    domain: DOMAIN,
    ip: null,
    selectors: ['s1'],
    smtp: { enabled: false, host: null, port: null, rcptTest: null },
    dns: { servers: [server], timeoutMs: 3000, tries: 2 },
  };
}

async function timed(fn: () => Promise<ProbeOutcome>): Promise<{ ms: number; outcome: ProbeOutcome }> {
  const t0 = performance.now();
  const outcome = await fn();
  return { ms: performance.now() - t0, outcome };
}

/** The same modules, each awaited before the next starts, over one run's DNS (cache shared). */
async function sequential(req: ProbeRequest, deps: ProbeRunnerDeps): Promise<ProbeOutcome> {
  const signal = new AbortController().signal;
  let shared: ReturnType<ProbeRunnerDeps['createDns']> | null = null;
  const outcomes: ProbeOutcome[] = [];
  for (const module of deps.checks.filter((m) => m.applies(req))) {
    // One module at a time, but over the same run DNS: what it already asked stays cached.
    outcomes.push(
      await runProbe(req, { ...deps, checks: [module], createDns: (options, hooks) => (shared ??= deps.createDns(options, hooks)) }, signal),
    );
  }
  const last = outcomes.at(-1) as ProbeOutcome;
  return { ...last, checks: outcomes.flatMap((o) => o.checks) };
}

/** The loopback DNS server on a worker thread; resolves with its "127.0.0.1:port" and a stop function. */
async function dnsOnWorker(delay: number): Promise<{ server: string; close(): Promise<void> }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'dns', delay } });
  const server = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { server: string }) => resolve(m.server));
    worker.once('error', reject);
  });
  return { server, close: async () => void (await worker.terminate()) };
}

async function main(): Promise<void> {
  const runs = Math.max(1, Math.round(arg('runs', 7)));
  const delay = arg('delay', 50);
  const dns = await dnsOnWorker(delay);
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  try {
    const deps = defaultRunnerDeps();
    const req = request(dns.server);
    const modules = deps.checks.filter((m) => m.applies(req));
    // Warm-up: module loading, JIT, the first UDP socket.
    await runProbe(req, deps, new AbortController().signal);

    const concurrent: number[] = [];
    let last: ProbeOutcome | null = null;
    for (let i = 0; i < runs; i++) {
      const r = await timed(() => runProbe(req, deps, new AbortController().signal));
      concurrent.push(r.ms);
      last = r.outcome;
    }
    const sequentialRuns: number[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) sequentialRuns.push((await timed(() => sequential(req, deps))).ms);

    const outcome = last as ProbeOutcome;
    const critical = criticalPath(outcome.dns, DOMAIN, req.ip);
    const criticalMs = critical.depth * delay;
    const realQueries = outcome.dns.length;
    const wall = median(concurrent);
    const ratio = wall / criticalMs;

    console.log(`bench:probe — full domain report over a loopback DNS server adding ${delay} ms to every answer, Node ${process.version}`);
    console.log(`modules: ${modules.map((m) => m.name).join(', ')} (${modules.length}; SMTP probe off)`);
    console.log(`report: ${outcome.checks.length} checks, ${realQueries} DNS queries (${outcome.counts.fail} fail, ${outcome.counts.warn} warn, ${outcome.counts.error} could not check)\n`);
    console.log(
      table(
        ['how', 'median ms', 'min ms', 'max ms', 'runs', '× critical path'],
        [
          ['Mailscope (modules concurrent, shared cache)', fmt(wall), fmt(Math.min(...concurrent)), fmt(Math.max(...concurrent)), String(concurrent.length), fmt(ratio, 2)],
          ['same modules one after another', fmt(median(sequentialRuns)), fmt(Math.min(...sequentialRuns)), fmt(Math.max(...sequentialRuns)), String(sequentialRuns.length), fmt(median(sequentialRuns) / criticalMs, 2)],
          [`critical path (${critical.depth} dependent lookups × ${delay} ms)`, fmt(criticalMs), '', '', '', '1.00'],
          [`every query one after another (${realQueries} × ${delay} ms)`, fmt(realQueries * delay), '', '', '', fmt((realQueries * delay) / criticalMs, 2)],
        ],
      ),
    );
    console.log(`\ncritical path: ${critical.chain.join(' → ')}`);
    console.log(`goal: full report within 1.3 × the critical path — ${ratio <= 1.3 ? 'met' : 'NOT met'} (${fmt(ratio, 2)} ×).`);
    console.log(`machine: load average ${load} at the start (1, 5, 15 min) on ${navigator.hardwareConcurrency} cores; the DNS server answers from its own thread.`);
    if (outcome.state !== 'done') {
      console.error(`the run ended ${outcome.state}${outcome.error ? `: ${outcome.error}` : ''}`);
      process.exitCode = 1;
    }
  } finally {
    await dns.close();
  }
}

if (isMainThread) await main();
else if ((workerData as { role?: string } | null)?.role === 'dns') {
  const server = await startLoopbackDnsServer(zone(), { delayMs: (workerData as { delay: number }).delay });
  parentPort?.postMessage({ server: server.server });
}
