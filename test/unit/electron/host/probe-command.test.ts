import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../../electron/host/parse-args';
import { probeRequestFromArgs, runProbeCommand } from '../../../../electron/host/probe-command';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  // No checks and a resolver nobody is asked: only the argument handling runs.
  const code = await runProbeCommand(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, { checks: [] });
  return { code, stdout, stderr };
}

describe('mailscope probe arguments', () => {
  it('collects repeatable flags in order', () => {
    expect(parseArgs(['--selector', 'a', '--selector=b', 'x'], { selector: 'strings' })).toEqual({ flags: {}, lists: { selector: ['a', 'b'] }, positionals: ['x'] });
  });

  it('maps the flags onto a probe request', () => {
    const { request, json } = probeRequestFromArgs(['example.org', '--ip', '192.0.2.1', '--selector', 's1', '--selector', 's2', '--mx-host', '127.0.0.1:2525', '--dns', '127.0.0.1:5353', '--rcpt', 'postmaster@example.org', '--json']);
    expect(json).toBe(true);
    expect(request).toEqual({
      domain: 'example.org',
      ip: '192.0.2.1',
      selectors: ['s1', 's2'],
      smtp: { enabled: true, host: '127.0.0.1:2525', port: null, rcptTest: 'postmaster@example.org' },
      dns: { servers: ['127.0.0.1:5353'] },
    });
    expect(probeRequestFromArgs(['example.org', '--no-smtp']).request).toMatchObject({ smtp: { enabled: false } });
  });

  it('exits 2 with a message on bad usage, naming the flag', async () => {
    for (const [argv, message] of [
      [[], 'needs a DOMAIN'],
      [['a.org', 'b.org'], 'one domain at a time'],
      [['example.org', '--frobnicate'], 'Unknown option --frobnicate'],
      [['example.org', '--ip', 'nope'], '--ip is not an IPv4 or IPv6 address'],
      [['example.org', '--dns', 'dns.example'], '--dns: "dns.example" is not an IP address'],
      [['example.org', '--mx-host', 'mx.example.org:0'], '--mx-host: the port'],
      [['example.org', '--no-smtp', '--mx-host', 'mx.example.org'], 'contradicts'],
      [['user@example.org'], 'not an address'],
      [['example.org', '--selector'], '--selector needs a value'],
    ] as const) {
      const r = await run([...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('mailscope probe --help');
      expect(r.stdout).toBe('');
    }
  });

  it('prints its help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: mailscope probe DOMAIN');
  });
});
