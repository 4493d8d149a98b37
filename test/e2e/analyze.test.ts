/**
 * Analyze end to end: the real `mailscope serve`, Debian's Chromium, the app
 * opened from its URL, the Analyze tool picked in the nav rail. Paste a
 * Microsoft 365 junk-folder header block and a Gmail header block (genuine,
 * see test/fixtures/analysis/README.md): the summary names the right causes,
 * the hop timeline, the Authentication-Results groups and the vendor table
 * render, and the live checks go through POST /api/analyze to a loopback DNS
 * server (never the network). Screenshots go to /tmp/shots/analyze-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type LoopbackDnsServer, startLoopbackDnsServer } from '../support/dns/loopback-dns-server';
import { chromiumMissingReason, launchChromium } from './support/browser';
import { InboxPage } from './support/inbox-page';
import { sendMail } from './support/send-mail';
import { startHost } from './support/serve';
import { welcomeMail } from '../support/sample-mail';
import type { RunningHost } from './support/serve';

const SHOTS = '/tmp/shots';
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/analysis');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, `${name}.txt`), 'utf8');
const missing = chromiumMissingReason();

if (missing) {
  describe('Analyze in Chromium', () => {
    it.skip(`skipped: ${missing}`, () => undefined);
  });
} else {
  describe('Analyze in Chromium against mailscope serve', () => {
    let host: RunningHost;
    let dns: LoopbackDnsServer;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];

    const results = () => page.locator('.analyze-results');
    const findings = () => page.locator('#analyze-findings .finding');
    const paste = async (text: string) => {
      await page.locator('#analyze-text').fill(text);
      // The offline analysis runs in the page as the text changes; the report trails the text (a deferred value)
      // and the results are marked busy until it has caught up.
      await expect.poll(() => page.locator('#analyze-hops').count()).toBe(1);
      await expect.poll(() => results().getAttribute('aria-busy')).toBe('false');
    };

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      [host, dns, browser] = await Promise.all([
        startHost(),
        // Answers NXDOMAIN for everything: the live checks run, find nothing, and send no packet off this machine.
        startLoopbackDnsServer({}),
        launchChromium(),
      ]);
      page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(host.url);
      await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Analyze', exact: true }).click();
      await page.locator('#analyze-text').waitFor();
    });

    afterAll(async () => {
      await browser?.close();
      await Promise.all([host?.stop(), dns?.close()]);
    });

    it('explains an empty screen instead of showing a blank one', async () => {
      await expect.poll(() => results().textContent()).toContain('Why did this land in spam?');
      await page.screenshot({ path: `${SHOTS}/analyze-empty.png` });
    });

    it('Microsoft 365 junk folder: names the spam filter, not authentication, as the cause', async () => {
      await paste(fixture('m365-junk-esp'));
      const first = findings().first();
      await expect.poll(() => first.getAttribute('data-finding')).toBe('spam-despite-auth');
      const text = (await first.textContent()) ?? '';
      expect(text).toContain('Authentication passed; the spam filter still scored it');
      expect(text).toContain('Microsoft SCL 5 (spam), delivered to Junk (dest:J) — reputation or content, not authentication.');
      // Evidence is one click away.
      await first.getByText(/^Evidence/).click();
      await expect.poll(() => first.locator('.evidence').count()).toBeGreaterThan(1);
      await page.screenshot({ path: `${SHOTS}/analyze-m365-summary.png` });
    });

    it('Microsoft 365: the hop timeline marks the boundary and the total', async () => {
      const hops = page.locator('#analyze-hops tbody tr');
      expect(await hops.count()).toBe(5);
      const boundary = page.locator('#analyze-hops tr.hop-boundary');
      expect(await boundary.textContent()).toContain('52.128.44.60');
      expect(await boundary.textContent()).toContain('CO1PEPF000066E8.mail.protection.outlook.com');
      expect(await page.locator('#analyze-hops .hops-foot').textContent()).toContain('Total: 5 s');
      await page.locator('#analyze-hops').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/analyze-m365-hops.png` });

      // The user can move the boundary; the timeline follows.
      await page.locator('#analyze-hops tr[data-hop="3"]').hover();
      await page.locator('#analyze-hops tr[data-hop="3"]').getByRole('button', { name: 'Boundary here' }).click();
      await expect.poll(() => page.locator('#analyze-hops tr.hop-boundary').getAttribute('data-hop')).toBe('3');
      expect(await page.locator('#analyze-hops .hops-foot').textContent()).toContain('Chosen by you');
      await page.getByRole('button', { name: 'Reset boundary' }).click();
      await expect.poll(() => page.locator('#analyze-hops tr.hop-boundary').getAttribute('data-hop')).toBe('1');
    });

    it('Microsoft 365: the receiver\'s AR group counts, the original text is one click away, the vendor table decodes SCL', async () => {
      const counting = page.locator('#analyze-auth .ar-group-counts');
      expect(await counting.count()).toBe(1);
      expect(await counting.textContent()).toContain('Microsoft 365 (writes no authserv-id)');
      expect(await counting.locator('.ar-results tr').count()).toBe(5);
      await counting.getByText('Original text').click();
      expect(await counting.locator('pre').textContent()).toContain('compauth=pass reason=100');

      const forefront = page.locator('#analyze-vendors .vendor').filter({ hasText: 'X-Forefront-Antispam-Report' });
      const scl = forefront.locator('tr').filter({ has: page.locator('td', { hasText: /^SCL$/ }) });
      expect(await scl.locator('td').nth(1).textContent()).toBe('5');
      expect(await scl.textContent()).toContain('documented');
      const dest = page.locator('#analyze-vendors .vendor').filter({ hasText: 'X-Microsoft-Antispam-Mailbox-Delivery' }).locator('tr').filter({ has: page.locator('td', { hasText: /^dest$/ }) });
      expect(await dest.textContent()).toContain('community-observed');
      await page.locator('#analyze-vendors').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/analyze-m365-vendors.png` });
    });

    it('Gmail: names the DMARC failure through the ESP and says Gmail keeps its spam reason out of headers', async () => {
      await paste(fixture('gmail-dmarc-fail-esp'));
      await expect.poll(() => findings().first().getAttribute('data-finding')).toBe('dmarc-fail');
      const first = (await findings().first().textContent()) ?? '';
      expect(first).toContain('DMARC failed: the From domain kernel.org aligns with neither the SPF domain (gmail.com) nor the DKIM domain (gmail.com).');
      expect(first).toContain('Fix: Sign with d=kernel.org');
      expect(await page.locator('[data-finding="gmail-no-reason"]').textContent()).toContain('Gmail does not write its spam verdict or the reason into the message headers');
      await page.locator('#analyze-findings').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/analyze-gmail-summary.png` });

      const groups = page.locator('#analyze-auth .ar-group');
      expect(await groups.count()).toBe(2);
      expect(await page.locator('#analyze-auth .ar-group-counts').textContent()).toContain('Receiver: mx.google.com');
      expect(await page.locator('#analyze-auth .ar-group[data-role="arc"]').textContent()).toContain('ARC-Authentication-Results i=1');
      expect(await page.locator('#analyze-hops tr.hop-boundary').textContent()).toContain('209.85.220.65');
      expect(await page.locator('#analyze-alignment').textContent()).toContain('estimated from the Public Suffix List');
    });

    it('live checks go through the API to the chosen DNS server and sit beside what Gmail recorded', async () => {
      await page.getByLabel('DNS server').fill(dns.server);
      await page.getByRole('button', { name: 'Verify against DNS' }).click();
      const live = page.locator('#analyze-live .live-table');
      await live.waitFor({ timeout: 30_000 });
      const dkimRow = live.locator('tbody tr').filter({ hasText: 'DKIM d=gmail.com s=20161025' });
      expect(await dkimRow.locator('td').nth(1).textContent()).toBe('pass');
      expect(await dkimRow.textContent()).toContain('differs');
      expect(dns.questions.map((q) => `${q.type} ${q.name}`)).toContain('TXT 20161025._domainkey.gmail.com');
      expect(await page.locator('#analyze-live').textContent()).toContain(`via ${dns.server}`);
      // The difference became a finding with the DNS answer as evidence.
      await expect.poll(() => page.locator('[data-finding="dkim-key-rotated"]').count()).toBe(1);
      await page.locator('#analyze-live').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/analyze-gmail-live.png` });
    });

    it('bad input: shows what it could not read, never a blank panel', async () => {
      await page.locator('#analyze-text').fill('Hi, my newsletter goes to spam. Can you help?');
      await expect.poll(() => page.locator('.read-problems').textContent()).toContain('This does not look like mail headers');
      expect(await findings().first().getAttribute('data-finding')).toBe('input-not-headers');
      await page.screenshot({ path: `${SHOTS}/analyze-not-headers.png` });
    });

    it('a captured message opens in Analyze from the inbox', async () => {
      await sendMail(host.smtpPort, welcomeMail());
      const tools = page.getByRole('navigation', { name: 'Tools' });
      await tools.getByRole('button', { name: 'Inbox', exact: true }).click();
      const inbox = new InboxPage(page);
      await inbox.row('Welcome to Acme, Quinn!').waitFor({ timeout: 10_000 });
      await inbox.open('Welcome to Acme, Quinn!');
      await page.getByRole('article').getByRole('button', { name: 'Analyze', exact: true }).click();
      await expect.poll(() => page.locator('#analyze-text').inputValue()).toContain('Subject: Welcome to Acme, Quinn!');
      expect(await page.locator('.analyze-source').textContent()).toMatch(/^Captured message #\d+$/);
      // Straight from the app under test: no Received chain yet, and the analysis says so rather than showing nothing.
      // The previous test's input also had no Received headers, and the report trails the text (a deferred value):
      // wait for this message's own finding and a settled report before reading the hop panel.
      await expect.poll(() => page.locator('[data-finding="no-receiver-ar"]').count()).toBe(1);
      await expect.poll(() => results().getAttribute('aria-busy')).toBe('false');
      expect(await page.locator('#analyze-hops').textContent()).toContain('No Received headers');
      await page.screenshot({ path: `${SHOTS}/analyze-captured.png` });

      // Edit the text, then ask again for the same message: it is reloaded, not left as edited.
      await page.locator('#analyze-text').fill('Subject: edited by hand');
      await tools.getByRole('button', { name: 'Inbox', exact: true }).click();
      await page.getByRole('article').getByRole('button', { name: 'Analyze', exact: true }).click();
      await expect.poll(() => page.locator('#analyze-text').inputValue()).toContain('Subject: Welcome to Acme, Quinn!');
      expect(await page.locator('#analyze-text').inputValue()).not.toContain('edited by hand');
    });

    it('threw no errors in the page', () => {
      expect(pageErrors).toEqual([]);
    });
  });
}
