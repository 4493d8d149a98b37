/**
 * Probe end to end: the real `mailscope serve`, Debian's Chromium, the Probe
 * tool picked in the nav rail, the resolver field set to a DNS server the
 * test runs on loopback (with a little latency so the report visibly fills
 * in), the SMTP probe pointed at the host's own capture server. Checks stream
 * in, one check's DNS transcript opens, a second run after a zone change says
 * what changed, the analyzer's "Check <domain> now" opens Probe on its
 * domain, and runs are deleted from the history (one, then the domain's). Nothing leaves this machine. Screenshots: /tmp/shots/probe-*.png.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type LoopbackDnsServer, type LoopbackRecord, startLoopbackDnsServer } from '../support/dns/loopback-dns-server';
import { chromiumMissingReason, launchChromium } from './support/browser';
import { startHost } from './support/serve';
import type { RunningHost } from './support/serve';

const SHOTS = '/tmp/shots';
const missing = chromiumMissingReason();
const DOMAIN = 'shop.example';

function dkimKey(): string[] {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const record = `v=DKIM1; k=rsa; p=${b64}`;
  // TXT character-strings hold at most 255 bytes: split as a zone file would.
  return record.match(/.{1,255}/g) ?? [record];
}

function zone(spf: string): Record<string, LoopbackRecord[]> {
  return {
    [DOMAIN]: [
      { type: 'MX', priority: 10, exchange: `mx.${DOMAIN}` },
      { type: 'TXT', value: [spf] },
    ],
    [`mx.${DOMAIN}`]: [{ type: 'A', value: '127.0.0.1' }],
    [`_dmarc.${DOMAIN}`]: [{ type: 'TXT', value: ['v=DMARC1; p=reject; rua=mailto:dmarc@shop.example'] }],
    [`s1._domainkey.${DOMAIN}`]: [{ type: 'TXT', value: dkimKey() }],
    '1.0.0.127.in-addr.arpa': [{ type: 'PTR', value: `mx.${DOMAIN}` }],
  };
}

if (missing) {
  describe('Probe in Chromium', () => {
    it.skip(`skipped: ${missing}`, () => undefined);
  });
} else {
  describe('Probe in Chromium against mailscope serve', () => {
    let host: RunningHost;
    let dns: LoopbackDnsServer;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    const tools = () => page.getByRole('navigation', { name: 'Tools' });
    const state = () => page.getByTestId('probe-state');

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      [host, dns, browser] = await Promise.all([startHost(), startLoopbackDnsServer(zone('v=spf1 mx ~all'), { delayMs: 40 }), launchChromium()]);
      page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(host.url);
      // Analyze first: its lazy chunk is loaded now, not late in the run (other builds in a shared work tree rewrite dist/).
      await tools().getByRole('button', { name: 'Analyze', exact: true }).click();
      await page.locator('#analyze-text').waitFor();
      await tools().getByRole('button', { name: 'Probe', exact: true }).click();
      await page.locator('#probe-domain').waitFor();
    });

    afterAll(async () => {
      await browser?.close();
      await Promise.all([host?.stop(), dns?.close()]);
    });

    it('explains the empty screen', async () => {
      expect(await page.locator('.probe-empty').textContent()).toContain("Check a domain's mail health");
      await page.screenshot({ path: `${SHOTS}/probe-empty.png` });
    });

    it('says what is wrong with a bad domain instead of starting', async () => {
      await page.locator('#probe-domain').fill('user@shop.example');
      await page.getByRole('button', { name: 'Run probe' }).click();
      await expect.poll(() => page.locator('#probe-start-error').textContent()).toContain('not an address');
      expect(await page.locator('.probe-report').count()).toBe(0);
    });

    it('streams checks in as they finish, grouped by section, then finishes', async () => {
      await page.locator('#probe-domain').fill(DOMAIN);
      await page.locator('#probe-selectors').fill('s1');
      await page.locator('#probe-mx-host').fill(`127.0.0.1:${host.smtpPort}`);
      await page.locator('#probe-dns').fill(dns.server);
      // Slow enough answers that the report is seen half-filled even on a busy machine.
      dns.delayMs = 150;
      await page.getByRole('button', { name: 'Run probe' }).click();
      // Sample the report while it runs: some checks shown while the run still says "running".
      const samples: { running: boolean; checks: number }[] = [];
      const deadline = Date.now() + 60_000;
      for (;;) {
        const sample = await page.evaluate(() => ({
          running: document.querySelector('[data-testid="probe-state"]')?.textContent === 'running',
          checks: document.querySelectorAll('.probe-check').length,
        }));
        samples.push(sample);
        if ((!sample.running && sample.checks > 0) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      dns.delayMs = 40;
      expect(samples.some((s) => s.running && s.checks > 0)).toBe(true);
      const final = samples.at(-1)!;
      expect(final.running).toBe(false);
      expect(samples.some((s) => s.running && s.checks > 0 && s.checks < final.checks)).toBe(true);
      await expect.poll(() => state().textContent()).toMatch(/^finished in/);
      await page.screenshot({ path: `${SHOTS}/probe-report.png` });

      // Sections come in report order.
      const groups = await page.locator('.probe-group[data-group]').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
      expect(groups.length).toBeGreaterThan(2);
      const order = ['mx', 'spf', 'dkim', 'dmarc', 'mta-sts', 'tls-rpt', 'bimi', 'ptr', 'dnsbl', 'smtp', 'requirements'];
      expect([...groups].sort((a, b) => order.indexOf(a!) - order.indexOf(b!))).toEqual(groups);
      expect(groups).toContain('spf');
      // Every DNS query went to the loopback server.
      expect(dns.questions.some((q) => q.name === DOMAIN && q.type === 'TXT')).toBe(true);
      // The history lists the run.
      expect(await page.getByRole('complementary', { name: 'Probe history' }).textContent()).toContain(DOMAIN);
    });

    it("opens one check's DNS transcript", async () => {
      const spf = page.locator('.probe-group[data-group="spf"] .probe-check').first();
      await spf.locator('.probe-check-head').click();
      await spf.locator('.probe-check-dns summary').click();
      const table = spf.getByTestId('dns-transcript');
      await table.waitFor();
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      const spfRow = rows.filter({ hasText: 'v=spf1' }).first();
      expect(await spfRow.textContent()).toContain(DOMAIN);
      expect(await spfRow.locator('td').nth(2).textContent()).toBe('TXT');
      // TTL and time are there.
      expect(await spfRow.locator('td').nth(5).textContent()).toMatch(/^\d+$/);
      expect(await spfRow.locator('td').nth(6).textContent()).toMatch(/^\d+ ms$/);
      await spf.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/probe-check-dns.png` });
    });

    it('an SMTP check shows the conversation with the capture server in the shared transcript view', async () => {
      await page.locator('.probe-jump a', { hasText: 'SMTP' }).click();
      const smtpChecks = page.locator('.probe-group[data-group="smtp"] .probe-check');
      expect(await smtpChecks.count()).toBeGreaterThan(0);
      const last = smtpChecks.last();
      await last.locator('.probe-check-head').click();
      const transcript = last.getByTestId('transcript');
      await transcript.waitFor();
      const text = (await transcript.textContent()) ?? '';
      // The banner of Mailscope's own capture server, and EHLO: a real conversation, never DATA.
      expect(text).toMatch(/220 /);
      expect(text).toContain('EHLO');
      expect(text).not.toMatch(/\bDATA\b/);
      await last.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/probe-smtp.png` });
    });

    it('a re-run after a zone change says what changed since the last run', async () => {
      dns.setRecords(DOMAIN, [
        { type: 'MX', priority: 10, exchange: `mx.${DOMAIN}` },
        { type: 'TXT', value: ['v=spf1 mx include:_spf.esp.example -all'] },
      ]);
      dns.setRecords('_spf.esp.example', [{ type: 'TXT', value: ['v=spf1 ip4:192.0.2.0/24 -all'] }]);
      await page.getByRole('button', { name: 'Re-run' }).click();
      await expect.poll(() => state().textContent(), { timeout: 60_000 }).toMatch(/^finished in/);
      const changes = page.getByTestId('probe-changes');
      await expect.poll(() => changes.textContent(), { timeout: 10_000 }).toContain('since the last run');
      expect(await changes.textContent()).toMatch(/SPF changed since .*: ~all → -all; include:_spf\.esp\.example added/);
      await page.screenshot({ path: `${SHOTS}/probe-changes.png` });
    });

    it('exports the run as a Markdown report (a download in the browser)', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Markdown' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^mailscope-probe-shop\.example-\d+\.md$/);
      const file = await download.path();
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('# Mail health of shop.example');
      expect(text).toContain('## SPF');
      expect(text).toContain('## DNS transcript');
    });

    it('cancel stops a slow run; what had not finished says so', async () => {
      dns.delayMs = 1500;
      try {
        await page.getByRole('button', { name: 'Re-run' }).click();
        await expect.poll(() => state().textContent(), { timeout: 10_000 }).toBe('running');
        await page.getByRole('button', { name: 'Cancel' }).click();
        await expect.poll(() => state().textContent(), { timeout: 5_000 }).toBe('cancelled');
        await expect.poll(() => page.locator('.probe-check', { hasText: 'Cancelled before' }).count()).toBeGreaterThan(0);
        expect(await page.locator('.probe-check-error').count()).toBeGreaterThan(0);
        await page.screenshot({ path: `${SHOTS}/probe-cancelled.png` });
      } finally {
        dns.delayMs = 40;
      }
    });

    it('dark mode renders the report', async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${SHOTS}/probe-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('the analyzer offers "Check <domain> now", which opens Probe on that domain', async () => {
      await tools().getByRole('button', { name: 'Analyze', exact: true }).click();
      await page.locator('#analyze-text').fill(
        [
          'Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=bounce@shop.example; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example',
          'From: Shop <news@shop.example>',
          'To: someone@example.net',
          'Subject: Hello',
          'Date: Tue, 24 Nov 2026 10:00:00 +0000',
          '',
        ].join('\n'),
      );
      const button = page.getByRole('button', { name: `Check ${DOMAIN} now` }).first();
      await button.waitFor();
      await button.click();
      await expect.poll(() => page.locator('#probe-domain').inputValue()).toBe(DOMAIN);
      await expect.poll(() => state().textContent(), { timeout: 60_000 }).toMatch(/^(running|finished in)/);
      // It kept the resolver the user chose: still only the loopback server.
      expect(await page.locator('#probe-dns').inputValue()).toBe(dns.server);
      await expect.poll(() => state().textContent(), { timeout: 60_000 }).toMatch(/^finished in/);
    });

    it('deletes a run from the history (keyboard and button, after a confirm) and clears the history of the domain', async () => {
      const history = page.getByRole('complementary', { name: 'Probe history' });
      const rows = history.locator('.probe-history-row');
      const stored = async () => (await host.api<{ total: number; items: { id: number }[] }>('GET', '/api/probes')).items.map((r) => r.id);
      const before = await stored();
      expect(before.length).toBeGreaterThanOrEqual(3);
      await expect.poll(() => rows.count()).toBe(before.length);

      // Keyboard: Delete on a focused row asks first; Escape keeps the run.
      const dialog = page.getByRole('dialog', { name: 'Delete probe run' });
      await rows.nth(1).locator('.probe-history-item').focus();
      await page.keyboard.press('Delete');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(DOMAIN);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await stored()).toEqual(before);
      // The keyboard is back on that row (the app puts it there once the dialog has closed).
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('probe-history-item') ?? false)).toBe(true);

      // Delete again, confirmed from the keyboard (Tab to the button, Enter): that run is gone, here and in the core.
      await page.keyboard.press('Delete');
      await dialog.waitFor();
      const confirm = dialog.getByRole('button', { name: 'Delete run' });
      for (let i = 0; i < 4 && !(await confirm.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => rows.count()).toBe(before.length - 1);
      expect(await stored()).toEqual(before.filter((id) => id !== before[1]));
      // The keyboard stays in the list: the row that took the deleted one's place has the focus.
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('probe-history-item') ?? false)).toBe(true);

      // The row's own delete button (the mouse path).
      const last = rows.last();
      await last.getByRole('button', { name: /^Delete the run of / }).click();
      await dialog.getByRole('button', { name: 'Delete run' }).click();
      await expect.poll(() => rows.count()).toBe(before.length - 2);
      await page.screenshot({ path: `${SHOTS}/probe-history-deleted.png` });

      // Deleted elsewhere (another window, the API): the probe.deleted event takes it off this list too.
      const elsewhere = (await stored()).find((id) => id !== before[0]);
      if (elsewhere !== undefined) {
        await host.api('DELETE', `/api/probes/${elsewhere}`);
        await expect.poll(() => rows.count()).toBe(before.length - 3);
      }

      // Clear the domain's history: confirm dialog, then nothing left of it.
      await history.getByRole('button', { name: `Clear history of ${DOMAIN}…` }).click();
      const clear = page.getByRole('dialog', { name: 'Clear probe history' });
      await clear.waitFor();
      await page.screenshot({ path: `${SHOTS}/probe-history-clear.png` });
      await clear.getByRole('button', { name: 'Clear history' }).click();
      await expect.poll(() => rows.count()).toBe(0);
      expect(await history.textContent()).toContain('No runs yet.');
      expect(await stored()).toEqual([]);
      // The report that was shown was one of them: it is closed, not left pointing at nothing.
      expect(await page.locator('.probe-report').count()).toBe(0);
    });

    it('threw no errors in the page', () => {
      // The host's stderr says why, when a page error comes from the host going away.
      expect(pageErrors.join('\n'), host.stderr()).toBe('');
    });
  });
}
