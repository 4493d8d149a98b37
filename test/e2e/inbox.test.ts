/**
 * The inbox end to end: the real `mailscope serve` (child process, fresh
 * data dir, free ports), real SMTP from nodemailer, Debian's Chromium.
 * Tests run in order and share one host and one page, like a QA session:
 * empty inbox → mail arrives live → every tab → hostile HTML → search →
 * dark mode → import → delete → clear. Screenshots go to /tmp/shots/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { compose } from '../support/compose';
import { evasionMail, hostileMail, invoiceMail, resetMail, welcomeMail } from '../support/sample-mail';
import { chromiumMissingReason, launchChromium } from './support/browser';
import { InboxPage } from './support/inbox-page';
import { startRemoteServer } from './support/remote-server';
import type { RemoteServer } from './support/remote-server';
import { startHost } from './support/serve';
import type { RunningHost } from './support/serve';
import { sendMail, SMTP_PASSWORD, SMTP_USER } from './support/send-mail';

const SHOTS = '/tmp/shots';
const missing = chromiumMissingReason();

/** Poll until `check` passes (it throws until then); fails with its last error after `ms`. */
async function eventually(check: () => void | Promise<void>, ms = 8000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - started > ms) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

if (missing) {
  describe('inbox in Chromium', () => {
    it.skip(`skipped: ${missing}`, () => undefined);
  });
} else {
  describe('inbox in Chromium against mailscope serve', () => {
    let host: RunningHost;
    let remote: RemoteServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let inbox: InboxPage;
    const dialogs: string[] = [];
    const consoleTexts: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      [host, remote, browser] = await Promise.all([startHost(), startRemoteServer(), launchChromium()]);
      context = await browser.newContext({ viewport: { width: 1440, height: 880 }, colorScheme: 'light', acceptDownloads: true });
      page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('console', (m) => consoleTexts.push(m.text()));
      page.on('pageerror', (e) => pageErrors.push(e.message));
      inbox = new InboxPage(page);
    });

    afterAll(async () => {
      await browser?.close();
      await Promise.all([host?.stop(), remote?.close()]);
    });

    it('shows the empty state with the real SMTP address, and strips the token from the URL', async () => {
      await page.goto(host.url);
      await inbox.emptyState.waitFor();
      await expect.poll(() => inbox.emptyState.textContent()).toContain(`Point your app at 127.0.0.1:${host.smtpPort}`);
      expect(await page.getByTestId('empty-snippet').textContent()).toContain(`swaks --server 127.0.0.1:${host.smtpPort}`);
      expect(page.url()).not.toContain('token');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
      await page.screenshot({ path: `${SHOTS}/e2e-empty.png` });
    });

    it('shows a message sent over SMTP live, without a reload', async () => {
      await sendMail(host.smtpPort, welcomeMail());
      await inbox.row('Welcome to Acme, Quinn!').waitFor({ timeout: 10_000 });
      const row = inbox.row('Welcome to Acme, Quinn!');
      expect(await row.textContent()).toContain('Acme Staging');
      expect(await row.getAttribute('class')).toContain('row-unread');
      await expect.poll(() => page.getByTestId('message-count').textContent()).toContain('1 message');
    });

    it('keeps the selection and the open message when more mail arrives', async () => {
      await inbox.open('Welcome to Acme, Quinn!');
      await sendMail(host.smtpPort, resetMail());
      await sendMail(host.smtpPort, invoiceMail());
      await inbox.row('Reset your password').waitFor();
      await inbox.row(/^.*Invoice INV-2024-0042/).waitFor();
      expect(await inbox.row('Welcome to Acme, Quinn!').getAttribute('aria-selected')).toBe('true');
      expect(await page.getByRole('article').getByRole('heading', { level: 2 }).textContent()).toBe('Welcome to Acme, Quinn!');
      // Opening marked it read, in the list and on the host.
      expect(await inbox.row('Welcome to Acme, Quinn!').getAttribute('class')).toContain('row-read');
      await page.screenshot({ path: `${SHOTS}/e2e-inbox.png` });
    });

    it('previews the HTML in a sandboxed frame with inline images from the message itself', async () => {
      await inbox.open('Welcome to Acme, Quinn!');
      await inbox.showTab('Preview');
      expect(await inbox.previewIframe.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
      await inbox.previewFrame.getByRole('heading', { name: /Welcome aboard, Quinn/ }).waitFor();
      const srcdoc = (await inbox.previewIframe.getAttribute('srcdoc')) ?? '';
      expect(srcdoc).toMatch(/^<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
      expect(srcdoc).toMatch(/<img src="data:image\/png;base64,/);
      expect(srcdoc).not.toContain('cid:logo@acme');
      expect(srcdoc).toContain('target="_blank" rel="noopener noreferrer"');
      await page.screenshot({ path: `${SHOTS}/e2e-message-preview.png` });
    });

    it('shows the text body, the headers in order (decoded and raw) and the exact raw bytes', async () => {
      const list = await host.api<{ items: { id: number; subject: string }[] }>('GET', '/api/messages');
      const invoice = list.items.find((m) => m.subject.startsWith('Invoice')) as { id: number };
      const raw = Buffer.from(await (await fetch(`${host.origin}/api/messages/${invoice.id}/raw`, { headers: { Authorization: `Bearer ${host.token}` } })).arrayBuffer());
      const rawText = raw.toString('utf8');
      const headerNames = rawText
        .slice(0, rawText.indexOf('\r\n\r\n'))
        .split('\r\n')
        .filter((l) => /^[^\s:]+:/.test(l))
        .map((l) => l.slice(0, l.indexOf(':')));

      await inbox.open(/Invoice INV-2024-0042/);
      const text = await inbox.showTab('Text');
      expect(await text.textContent()).toContain('Amount due: €1 234,50 by 31 May.');

      const headers = await inbox.showTab(/^Headers/);
      const names = await headers.locator('tbody th').allTextContents();
      expect(names).toEqual(headerNames);
      const subjectRow = headers.locator('tbody tr').filter({ has: page.locator('th', { hasText: /^Subject$/ }) });
      expect(await subjectRow.locator('td.header-value').textContent()).toBe('Invoice INV-2024-0042 — €1 234,50');
      await headers.getByRole('radio', { name: 'Raw' }).click();
      expect(await subjectRow.locator('td.header-value').textContent()).toMatch(/^=\?UTF-8\?[BQ]\?/i);

      const rawPanel = await inbox.showTab('Raw');
      await rawPanel.getByTestId('raw-view').waitFor();
      const lineCount = rawText.split('\n').length;
      expect(await rawPanel.textContent()).toContain(`${lineCount.toLocaleString('en-US')} lines`);
      const firstLines = rawText.split('\r\n').slice(0, 3);
      const rendered = await rawPanel.locator('.raw-text').allTextContents();
      expect(rendered.slice(0, 3)).toEqual(firstLines);
      await rawPanel.getByRole('checkbox', { name: 'Show line endings' }).check();
      expect(await rawPanel.locator('.raw-row .raw-eol').first().textContent()).toBe('\\r\\n');
      await page.screenshot({ path: `${SHOTS}/e2e-message-raw.png` });
    });

    it('lists attachments, saves them, and downloads the message as .eml byte for byte', async () => {
      const attachments = await inbox.showTab(/^Attachments/);
      const table = attachments.getByTestId('attachments-table');
      expect((await table.locator('tbody th').allTextContents()).map((t) => t.trim())).toEqual(['INV-2024-0042.pdf', 'line-items.csv']);
      expect(await table.textContent()).toContain('application/pdf');
      const [download] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: 'Save line-items.csv' }).click()]);
      expect(download.suggestedFilename()).toBe('line-items.csv');
      const saved = await download.path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8')));
      expect(saved).toBe('item,qty,price\nWidget,3,411.50\n');

      const list = await host.api<{ items: { id: number; subject: string }[] }>('GET', '/api/messages');
      const id = (list.items.find((m) => m.subject.startsWith('Invoice')) as { id: number }).id;
      const raw = Buffer.from(await (await fetch(`${host.origin}/api/messages/${id}/raw`, { headers: { Authorization: `Bearer ${host.token}` } })).arrayBuffer());
      const [eml] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '.eml' }).click()]);
      expect(eml.suggestedFilename()).toMatch(/\.eml$/);
      const bytes = await eml.path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p)));
      expect(bytes.equals(raw)).toBe(true);
    });

    it('shows the MIME tree and the SMTP session with TLS and AUTH, never the password', async () => {
      await inbox.open('Welcome to Acme, Quinn!');
      const mime = await inbox.showTab('MIME tree');
      const tree = mime.getByTestId('mime-tree');
      const types = await tree.locator('.mime-type').allTextContents();
      expect(types).toEqual(expect.arrayContaining(['multipart/alternative', 'text/plain', 'text/html', 'image/png']));
      expect(await tree.textContent()).toContain('logo.png');
      await tree.getByRole('button', { name: 'Collapse' }).first().click();
      expect(await tree.locator('.mime-type').count()).toBe(1);

      const session = await inbox.showTab('SMTP session');
      const transcript = session.getByTestId('transcript');
      await transcript.waitFor();
      const lines = await transcript.locator('li').allTextContents();
      expect(lines.some((l) => /C:\s*EHLO/i.test(l))).toBe(true);
      expect(lines.some((l) => /C:\s*STARTTLS/i.test(l))).toBe(true);
      expect(lines.some((l) => /C:\s*MAIL FROM:<no-reply@staging\.acme\.test>/i.test(l))).toBe(true);
      expect(lines.some((l) => /S:\s*250/.test(l))).toBe(true);
      // Every line starts with its time since the connection, in ms (the shared transcript view).
      expect(lines.every((l) => /^\d+ ms/.test(l))).toBe(true);
      const facts = await session.locator('.session-facts').textContent();
      expect(facts).toMatch(/TLSv1\.[23]/);
      expect(facts).toContain('STARTTLS');
      expect(facts).toContain(SMTP_USER);
      const html = await page.content();
      expect(html).not.toContain(SMTP_PASSWORD);
      expect(html).not.toContain(Buffer.from(`\u0000${SMTP_USER}\u0000${SMTP_PASSWORD}`).toString('base64'));
      await page.screenshot({ path: `${SHOTS}/e2e-message-session.png` });
    });

    it('keeps a hostile HTML email inert and offline until remote content is allowed', async () => {
      await page.evaluate("window.__messages = []; window.addEventListener('message', (e) => window.__messages.push(String(e.data)));");
      await sendMail(host.smtpPort, hostileMail(remote.origin));
      await inbox.row('Hostile HTML probe').waitFor();
      await inbox.open('Hostile HTML probe');
      await inbox.showTab('Preview');
      await inbox.previewFrame.getByRole('heading', { name: 'Hostile content test' }).waitFor();
      // Give anything that might load or run time to do so.
      await page.waitForTimeout(1500);

      expect(remote.requests).toEqual([]);
      expect(await page.title()).toBe('Mailscope');
      expect(await page.evaluate('window.__messages')).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(consoleTexts.filter((t) => t.includes('PWNED'))).toEqual([]);
      expect(await inbox.previewIframe.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
      const srcdoc = ((await inbox.previewIframe.getAttribute('srcdoc')) ?? '').toLowerCase();
      for (const banned of ['<script', 'onerror', 'onload', '<iframe', '<form', 'http-equiv="refresh"', '<base', '<object', '<embed', '<link', 'javascript:']) {
        expect(srcdoc, banned).not.toContain(banned);
      }
      expect(await page.getByRole('status').filter({ hasText: 'Remote content blocked' }).count()).toBe(1);
      await page.screenshot({ path: `${SHOTS}/e2e-hostile-blocked.png` });

      await page.getByRole('button', { name: 'Load remote content' }).click();
      await eventually(() => expect(remote.requests).toContain('/remote.png'));
      await page.waitForTimeout(800);
      for (const never of ['/script-fetch', '/iframe.html', '/object.swf', '/embed.swf', '/form', '/meta-refresh']) {
        expect(remote.requests.some((r) => r.startsWith(never)), never).toBe(false);
      }
      expect(await page.title()).toBe('Mailscope');
      expect(await page.evaluate('window.__messages')).toEqual([]);
      expect(dialogs).toEqual([]);

      // The evasions message: nothing loads or runs until asked, and /never/ paths never do.
      remote.requests.length = 0;
      await sendMail(host.smtpPort, evasionMail(remote.origin));
      await inbox.row('Hostile HTML probe 2: evasions').waitFor();
      await inbox.open('Hostile HTML probe 2: evasions');
      await inbox.showTab('Preview');
      await inbox.previewFrame.getByRole('heading', { name: 'Evasions' }).waitFor();
      await inbox.previewFrame.locator('#import-trick').hover();
      await inbox.previewFrame.locator('#js-mixed').click();
      await inbox.previewFrame.locator('#js-entity').click();
      await page.waitForTimeout(1500);
      expect(remote.requests).toEqual([]);
      expect(await page.evaluate('window.__messages')).toEqual([]);
      await page.getByRole('button', { name: 'Load remote content' }).click();
      await eventually(() => expect(remote.requests).toContain('/protocol-relative.png'));
      await page.waitForTimeout(800);
      expect(remote.requests.filter((r) => r.startsWith('/never/'))).toEqual([]);
      expect(await page.evaluate('window.__messages')).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(await page.title()).toBe('Mailscope');
      // Leave the inbox as the later tests expect it: without the evasions message.
      const listed = await host.api<{ items: { id: number; subject: string }[] }>('GET', '/api/messages');
      const evasion = listed.items.find((m) => m.subject.startsWith('Hostile HTML probe 2')) as { id: number };
      await host.api('POST', '/api/messages/delete', { ids: [evasion.id] });
      await eventually(async () => expect(await inbox.row('Hostile HTML probe 2').count()).toBe(0));
      await inbox.open('Hostile HTML probe');

      // A link opens outside the app (a new window here; the system browser in Electron); the app stays put.
      const appUrl = page.url();
      const [popup] = await Promise.all([context.waitForEvent('page'), inbox.previewFrame.locator('#web-link').click()]);
      await eventually(() => expect(remote.requests).toContain('/clicked-link'));
      expect(page.url()).toBe(appUrl);
      await popup.close();
      expect(pageErrors).toEqual([]);
    });

    it('filters with the search syntax and shows query errors', async () => {
      await page.getByRole('listbox', { name: 'Messages' }).click({ position: { x: 5, y: 5 } }).catch(() => undefined);
      await page.keyboard.press('/');
      expect(await inbox.search.evaluate((el) => el === document.activeElement)).toBe(true);
      await inbox.searchFor('subject:invoice');
      await eventually(async () => expect(await inbox.rows.allTextContents()).toHaveLength(1));
      expect(await inbox.rows.first().textContent()).toContain('Invoice INV-2024-0042');
      await inbox.searchFor('from:security@acme.test');
      await eventually(async () => expect((await inbox.rows.allTextContents()).map((t) => t.includes('Reset your password'))).toEqual([true]));
      await inbox.searchFor('has:attachment');
      await eventually(async () => {
        const texts = await inbox.rows.allTextContents();
        expect(texts.some((t) => t.includes('Invoice'))).toBe(true);
        expect(texts.some((t) => t.includes('Reset your password'))).toBe(false);
      });
      await inbox.searchFor('colour:blue');
      await eventually(async () => expect(await page.getByRole('alert').filter({ hasText: /colour/i }).count()).toBe(1));
      await inbox.search.press('Escape');
      await eventually(async () => expect(await inbox.rows.count()).toBe(4));
    });

    it('has a dark theme (system preference and the toggle)', async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await inbox.open('Welcome to Acme, Quinn!');
      const bg = await page.evaluate("getComputedStyle(document.body).backgroundColor");
      expect(bg).toBe('rgb(29, 31, 35)');
      await page.screenshot({ path: `${SHOTS}/e2e-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });
      const toggle = page.getByRole('button', { name: /^Theme:/ });
      await toggle.click(); // system → light
      await toggle.click(); // light → dark
      expect(await page.evaluate("document.documentElement.dataset.theme")).toBe('dark');
      expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).toBe('rgb(29, 31, 35)');
      await toggle.click(); // dark → system
      expect(await page.evaluate("document.documentElement.dataset.theme ?? null")).toBeNull();
    });

    it('exports the selection: one message as .eml, several as one mbox', async () => {
      await inbox.row('Welcome to Acme, Quinn!').click();
      const toolbar = page.getByRole('toolbar', { name: 'Inbox actions' });
      const [one] = await Promise.all([page.waitForEvent('download'), toolbar.getByRole('button', { name: /^Export/ }).click()]);
      expect(one.suggestedFilename()).toMatch(/\.eml$/);
      await inbox.row(/Invoice INV-2024-0042/).click({ modifiers: ['Control'] });
      const [both] = await Promise.all([page.waitForEvent('download'), toolbar.getByRole('button', { name: 'Export mbox' }).click()]);
      expect(both.suggestedFilename()).toMatch(/\.mbox$/);
      const mbox = await both.path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8')));
      expect(mbox.match(/^From /gm)).toHaveLength(2);
      expect(mbox).toContain('Subject: Welcome to Acme, Quinn!');
      expect(mbox).toContain('From: Billing <billing@acme.test>');
    });

    it('stops and restarts capture from the header, and warns before listening beyond loopback', async () => {
      const status = page.getByTestId('capture-status');
      await status.getByRole('button', { name: 'Stop' }).click();
      await eventually(async () => expect(await status.textContent()).toContain('Capture stopped'));
      await expect(sendMail(host.smtpPort, resetMail())).rejects.toThrow();
      await status.getByRole('button', { name: 'Start' }).click();
      await eventually(async () => expect(await status.textContent()).toContain('SMTP listening on 127.0.0.1:'));
      const { capture } = await host.api<{ capture: { port: number; running: boolean } }>('GET', '/api/status');
      expect(capture.running).toBe(true);
      expect(await status.textContent()).toContain(`127.0.0.1:${capture.port}`);

      await page.getByRole('button', { name: 'Capture settings' }).click();
      const dialog = page.getByRole('dialog', { name: 'Capture settings' });
      await dialog.getByLabel('Listen address').fill('0.0.0.0');
      await eventually(async () => expect(await dialog.getByRole('alert').textContent()).toContain('is not a loopback address'));
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect((await host.api<{ host: string }>('GET', '/api/settings')).host).toBe('127.0.0.1');
    });

    it('deletes with the keyboard and with multi-select, then clears all after confirming', async () => {
      await inbox.open('Reset your password');
      await inbox.list.focus();
      await page.keyboard.press('Delete');
      await eventually(async () => expect(await inbox.row('Reset your password').count()).toBe(0));
      await eventually(async () => expect((await host.api<{ messageCount: number }>('GET', '/api/status')).messageCount).toBe(3));
      // The cursor moves on to the next message, which opens. The host's messages.deleted
      // event can reach the page before the DELETE response that moves the cursor, so wait.
      await eventually(async () => expect(await inbox.list.locator('[role=option][aria-selected=true]').count()).toBe(1));

      await inbox.row('Welcome to Acme, Quinn!').click();
      await inbox.row('Hostile HTML probe').click({ modifiers: ['Control'] });
      await expect.poll(() => page.getByText('2 selected').count()).toBe(1);
      await page.getByRole('toolbar').getByRole('button', { name: 'Delete', exact: true }).click();
      await eventually(async () => expect(await inbox.rows.allTextContents()).toHaveLength(1));
      expect(await inbox.rows.first().textContent()).toContain('Invoice INV-2024-0042');

      await page.getByRole('button', { name: 'Clear all' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete all messages?' });
      await confirm.getByRole('button', { name: 'Delete all' }).click();
      await inbox.emptyState.waitFor();
      expect((await host.api<{ messageCount: number }>('GET', '/api/status')).messageCount).toBe(0);
      expect(pageErrors).toEqual([]);
    });

    it('imports an mbox picked with the file input', async () => {
      const parts = await Promise.all([1, 2, 3].map((n) => compose({ ...resetMail(), subject: `Imported ${n}` })));
      const mbox = parts.map((p) => `From sender@example.com Mon Jan  1 00:00:00 2024\n${Buffer.from(p).toString('latin1').replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n`).join('');
      await page.getByTestId('import-input').setInputFiles({ name: 'three.mbox', mimeType: 'application/mbox', buffer: Buffer.from(mbox, 'latin1') });
      await eventually(async () => expect(await page.getByTestId('import-result').textContent()).toContain('Imported 3 messages'));
      await eventually(async () => expect(await inbox.rows.count()).toBe(3));
    });


    it('imports .eml files dropped on the window', async () => {
      const eml = Buffer.from(await compose({ ...resetMail(), subject: 'Dropped in' })).toString('latin1');
      const dataTransfer = await page.evaluateHandle((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'dropped.eml', { type: 'message/rfc822' }));
        return dt;
      }, eml);
      await page.dispatchEvent('.drop-zone', 'dragenter', { dataTransfer });
      await page.getByText('Drop to import').waitFor();
      await page.dispatchEvent('.drop-zone', 'drop', { dataTransfer });
      await eventually(async () => expect(await page.getByTestId('import-result').textContent()).toContain('Imported 1 message'));
      await inbox.row('Dropped in').waitFor();
    });

    it('says when the inbox is near its retention limit, and drops the oldest past it', async () => {
      // Four messages now (three imported, one dropped), far below the default 50 000: no hint.
      await eventually(async () => expect(await page.getByTestId('message-count').textContent()).toContain('4 messages'));
      expect(await page.getByTestId('retention-hint').count()).toBe(0);
      const setLimit = async (limit: string): Promise<void> => {
        await page.getByRole('button', { name: 'Capture settings' }).click();
        const dialog = page.getByRole('dialog', { name: 'Capture settings' });
        await dialog.getByLabel('Keep at most (messages)').fill(limit);
        await dialog.getByRole('button', { name: 'Save' }).click();
        await dialog.waitFor({ state: 'detached' });
      };
      await setLimit('4');
      const hint = page.getByTestId('retention-hint');
      await hint.waitFor({ timeout: 8000 });
      expect(await hint.textContent()).toContain('keeps the newest 4');
      expect(await hint.getAttribute('title')).toContain('the oldest are deleted as new mail arrives');
      const { capture } = await host.api<{ capture: { port: number } }>('GET', '/api/status');
      await sendMail(capture.port, { ...resetMail(), subject: 'Over the limit' });
      await inbox.row('Over the limit').waitFor();
      await eventually(async () => expect(await inbox.row('Imported 1').count()).toBe(0));
      expect(await inbox.rows.count()).toBe(4);
      await page.screenshot({ path: `${SHOTS}/e2e-retention.png` });
      await setLimit('50000');
      await eventually(async () => expect(await hint.count()).toBe(0));
      expect(pageErrors).toEqual([]);
    });

    it('keeps the tabs on screen for a 5 000-character subject and 40 recipients', async () => {
      const to = Array.from({ length: 40 }, (_, i) => `"Person ${i}" <person${i}@qa.acme.test>`).join(', ');
      const subject = `Enormous ${'subject '.repeat(625)}`;
      const { capture } = await host.api<{ capture: { port: number } }>('GET', '/api/status');
      await sendMail(capture.port, { ...resetMail(), to, subject });
      await inbox.open(/Enormous subject/);
      const heading = page.getByRole('article').getByRole('heading', { level: 2 });
      await heading.waitFor();
      // Three lines at most; the whole subject is still in the tooltip (first 1 000 characters) and the Headers tab.
      expect((await heading.boundingBox())!.height).toBeLessThan(80);
      expect(await heading.getAttribute('title')).toHaveLength(1000);
      const more = page.getByRole('button', { name: '+28 more' });
      await more.waitFor();
      const viewport = page.viewportSize()!;
      const tabsOnScreen = async (): Promise<boolean> => {
        const box = await page.getByRole('article').getByRole('tablist').boundingBox();
        return box !== null && box.y + box.height <= viewport.height;
      };
      expect(await tabsOnScreen()).toBe(true);
      await more.click();
      // From (1) and every To (40), and no button left.
      await eventually(async () => expect(await page.getByRole('article').locator('.message-fields .address').count()).toBe(41));
      expect(await more.count()).toBe(0);
      expect(await tabsOnScreen()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/e2e-long-subject.png` });
      // Opened "+N more" belongs to that message: another one, and back, start short again.
      await inbox.open('Over the limit');
      await inbox.open(/Enormous subject/);
      await page.getByRole('button', { name: '+28 more' }).waitFor();
      expect(pageErrors).toEqual([]);
    });
  });
}
