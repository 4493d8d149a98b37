/**
 * Deleting probe history over the real HTTP + WebSocket adapter (startHost,
 * token and all, the contract-driven router): runs made against a DNS server
 * on loopback (SMTP probe off, so nothing leaves the machine), then DELETE
 * /api/probes/:id and POST /api/probes/clear — status codes, what the list
 * and reads say afterwards, the `probe.deleted` events on /ws, and a running
 * run that cannot be deleted (409) and survives a clear of its domain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../../../electron/host/start-host';
import { type LoopbackDnsServer, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { callApi } from '../../support/api-call';
import { openEventSocket } from '../../support/event-socket';

let dir: string;
let host: HostHandle;
let dns: LoopbackDnsServer;
let socket: WebSocket;
const events: { type: string; ids?: number[]; run?: { id: number } }[] = [];

/** What the tests read from response bodies (each route returns some of these fields). */
interface Body {
  runId?: number;
  state?: string;
  deleted?: number;
  items?: { id: number }[];
  previous?: { id: number } | null;
  error?: { code: string; message: string };
}

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: Body | null }> {
  const { status, text } = await callApi(host, method, route, body);
  return { status, json: text ? (JSON.parse(text) as Body) : null };
}

const request = (domain: string) => ({ domain, ip: null, selectors: [], smtp: { enabled: false, host: null, port: null, rcptTest: null }, dns: { servers: [dns.server], timeoutMs: 2000, tries: 1 } });

/** Start a probe of `domain`; with `wait`, until it has finished. */
async function probe(domain: string, wait = true): Promise<number> {
  const started = await api('POST', '/api/probes', request(domain));
  expect(started.status).toBe(200);
  const id = started.json?.runId ?? 0;
  if (wait) await expect.poll(async () => (await api('GET', `/api/probes/${id}`)).json?.state, { timeout: 30_000, interval: 50 }).not.toBe('running');
  return id;
}

const listed = async (domain?: string): Promise<number[]> => {
  const page = await api('GET', `/api/probes${domain ? `?input=${encodeURIComponent(JSON.stringify({ domain }))}` : ''}`);
  return (page.json?.items ?? []).map((r) => r.id);
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-probe-history-http-'));
  const zoneFor = (d: string) => ({ [d]: [{ type: 'TXT' as const, value: ['v=spf1 -all'] }], [`_dmarc.${d}`]: [{ type: 'TXT' as const, value: ['v=DMARC1; p=reject'] }] });
  [host, dns] = await Promise.all([
    startHost({ dataDir: path.join(dir, 'ws'), smtpPort: 0, log: () => undefined }),
    startLoopbackDnsServer({ ...zoneFor('keep.example'), ...zoneFor('gone.example') }),
  ]);
  socket = await openEventSocket<(typeof events)[number]>(host.origin, host.token, (event) => events.push(event));
});

afterAll(async () => {
  socket?.close();
  await host?.close();
  await dns?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('probe history delete over HTTP', () => {
  it('DELETE /api/probes/:id removes one run: 200, then 404 to read or delete it again; the others stay', async () => {
    const first = await probe('gone.example');
    const second = await probe('gone.example');
    const other = await probe('keep.example');

    const deleted = await api('DELETE', `/api/probes/${second}`);
    expect(deleted).toEqual({ status: 200, json: { deleted: 1 } });
    expect((await api('GET', `/api/probes/${second}`)).status).toBe(404);
    const again = await api('DELETE', `/api/probes/${second}`);
    expect(again.status).toBe(404);
    expect(again.json?.error?.code).toBe('not_found');
    expect(await listed()).toEqual([other, first]);
    await expect.poll(() => events.some((e) => e.type === 'probe.deleted' && e.ids?.join() === String(second))).toBe(true);
    // A later run of the domain is compared with the run before the deleted one.
    const third = await probe('gone.example');
    expect((await api('GET', `/api/probes/${third}/compare`)).json?.previous?.id).toBe(first);
  });

  it("POST /api/probes/clear removes a domain's history and nothing else; a running run is kept (and cannot be deleted)", async () => {
    const before = await listed('gone.example');
    expect(before.length).toBeGreaterThan(0);
    const keep = await listed('keep.example');

    // A run still running: slow answers keep it going while we ask.
    dns.delayMs = 1000;
    let running = 0;
    try {
      running = await probe('gone.example', false);
      const refused = await api('DELETE', `/api/probes/${running}`);
      expect(refused.status).toBe(409);
      expect(refused.json?.error?.message).toMatch(/still running/);

      const cleared = await api('POST', '/api/probes/clear', { domain: 'GONE.example.' });
      expect(cleared).toEqual({ status: 200, json: { deleted: before.length } });
      expect(await listed('gone.example')).toEqual([running]);
      expect(await listed('keep.example')).toEqual(keep);
      await expect.poll(() => events.some((e) => e.type === 'probe.deleted' && [...(e.ids ?? [])].sort().join() === [...before].sort().join())).toBe(true);
    } finally {
      dns.delayMs = 0;
      if (running) await api('POST', `/api/probes/${running}/cancel`);
    }
    // The running run ended normally and is still there.
    expect((await api('GET', `/api/probes/${running}`)).json?.state).toBe('cancelled');

    // Nothing to clear: 200 with 0, and no event. A missing domain is a 400 naming the field.
    const count = events.length;
    expect(await api('POST', '/api/probes/clear', { domain: 'never.example' })).toEqual({ status: 200, json: { deleted: 0 } });
    const missing = await api('POST', '/api/probes/clear', {});
    expect(missing.status).toBe(400);
    expect(missing.json?.error?.message).toContain('"domain"');
    expect(events.slice(count).filter((e) => e.type === 'probe.deleted')).toEqual([]);
  });
});
