/**
 * Fault injection end to end: the real `mailscope serve`, Debian's Chromium,
 * real SMTP from nodemailer. A QA engineer opens the Faults panel from the
 * header, adds a "No such user" rule from a preset (limited to one domain),
 * sees the header badge count it, sends mail to a good and a refused
 * recipient, and finds the rule and the 550 in the message's SMTP session
 * transcript; the hit counter moves live; a rule set through the API shows up
 * without a reload; disable and delete from the keyboard. Screenshots go to
 * /tmp/shots/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FaultSettings } from '../../shared/model/faults';
import { DEFAULT_RATE_LIMIT } from '../../shared/faults/fault-rules';
import { chromiumMissingReason, launchChromium } from './support/browser';
import { InboxPage } from './support/inbox-page';
import { startHost } from './support/serve';
import type { RunningHost } from './support/serve';
import { sendMail } from './support/send-mail';

const SHOTS = '/tmp/shots';
/** expect.poll with room for a page load and an event round trip (its default is 1 s). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });
const missing = chromiumMissingReason();

if (missing) {
  describe('fault injection in Chromium', () => {
    it.skip(`skipped: ${missing}`, () => undefined);
  });
} else {
  describe('fault injection in Chromium against mailscope serve', () => {
    let host: RunningHost;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let inbox: InboxPage;
    const pageErrors: string[] = [];

    const badge = () => page.getByTestId('faults-badge');
    const dialog = () => page.getByRole('dialog', { name: 'Fault injection' });

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      [host, browser] = await Promise.all([startHost(), launchChromium()]);
      context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      inbox = new InboxPage(page);
      await page.goto(host.url);
    });

    afterAll(async () => {
      await browser?.close();
      await host?.stop();
    });

    it('adds a rule from a preset in the Faults panel, opened from the header badge', async () => {
      await poll(() => badge().textContent()).toContain('No faults');
      await badge().click();
      await dialog().waitFor();
      await poll(() => dialog().textContent()).toContain('No rules');
      await dialog().getByLabel('Add a preset rule').selectOption('no-such-user');
      const editor = dialog().getByRole('form', { name: 'New rule' });
      await editor.waitFor();
      expect(await editor.getByLabel('Stage').inputValue()).toBe('rcpt');
      expect(await editor.getByLabel('Enhanced code').inputValue()).toBe('5.1.1');
      await editor.getByLabel('Recipient pattern (RCPT TO, * wildcard)').fill('*@gone.test');
      await editor.getByRole('button', { name: 'Save rule' }).click();
      const rows = dialog().getByTestId('fault-rule');
      await poll(() => rows.count()).toBe(1);
      const row = await rows.first().textContent();
      expect(row).toContain('RCPT');
      expect(row).toContain('550 5.1.1 No such user here');
      expect(row).toContain('to *@gone.test');
      expect(row).toContain('0 hits');
      await page.screenshot({ path: `${SHOTS}/e2e-faults-panel.png` });

      // Saved in the core, as the API shows it.
      const saved = await host.api<FaultSettings>('GET', '/api/faults');
      expect(saved.rules).toHaveLength(1);
      expect(saved.rules[0]).toMatchObject({ stage: 'rcpt', recipient: '*@gone.test', action: { kind: 'reply', code: 550, enhanced: '5.1.1' } });
    });

    it('refuses a bad rule with the reason before saving', async () => {
      await dialog().getByRole('button', { name: 'Add rule' }).click();
      const editor = dialog().getByRole('form', { name: 'New rule' });
      await editor.getByLabel('Enhanced code').fill('4.1.1');
      await editor.getByRole('button', { name: 'Save rule' }).click();
      await poll(() => editor.getByRole('alert').textContent()).toContain('the enhanced code 4.1.1 is class 4 but the reply code 550 is class 5');
      await editor.getByRole('radio', { name: 'Delay' }).click();
      await editor.getByLabel('Delay (ms)').fill('900000');
      await editor.getByRole('button', { name: 'Save rule' }).click();
      await poll(() => editor.getByRole('alert').textContent()).toContain('from 1 to 600000');
      await editor.getByRole('button', { name: 'Cancel' }).click();
      expect(await dialog().getByTestId('fault-rule').count()).toBe(1);
    });

    it('shows the active rule in the header badge once the panel is closed (Escape)', async () => {
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'hidden' });
      await poll(() => badge().textContent()).toBe('1 fault rule active');
    });

    it('sends mail: the refused recipient is in the session transcript with the rule, and the hit counter moves', async () => {
      await sendMail(host.smtpPort, { from: 'app@staging.test', to: ['ok@fine.test', 'lost@gone.test'], subject: 'Fault rule e2e', text: 'hello' });
      await inbox.open('Fault rule e2e');
      const session = await inbox.showTab('SMTP session');
      const transcript = session.getByTestId('transcript');
      await transcript.waitFor();
      const lines = await transcript.locator('li').allTextContents();
      const applied = lines.findIndex((l) => l.includes('fault rule #1 applied at RCPT: 550 5.1.1 No such user here'));
      expect(applied, lines.join('\n')).toBeGreaterThan(0);
      expect(lines[applied - 1]).toMatch(/C:\s*RCPT TO:<lost@gone\.test>/);
      expect(lines[applied + 1]).toMatch(/S:\s*550 5\.1\.1 No such user here/);
      expect(lines.some((l) => /C:\s*RCPT TO:<ok@fine\.test>/.test(l))).toBe(true);
      await transcript.locator('li', { hasText: 'fault rule #1' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/e2e-faults-transcript.png` });

      await badge().click();
      await poll(() => dialog().getByTestId('fault-rule').first().textContent()).toContain('1 hit');
    });

    it('shows a refused, unstored message\'s session under Recent SMTP sessions, with the rule and the explained 550', async () => {
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'hidden' });
      const refused = await sendMail(host.smtpPort, { from: 'app@staging.test', to: ['only@gone.test'], subject: 'Refused entirely', text: 'x' }).then(
        () => null,
        (error: { responseCode?: number; command?: string }) => error,
      );
      expect(refused).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
      await badge().click();
      const recent = dialog().getByRole('list', { name: 'Recent SMTP sessions' });
      const newest = recent.getByRole('button').first();
      await poll(() => newest.textContent()).toContain('nothing stored');
      await newest.click();
      const transcript = dialog().getByTestId('transcript');
      await transcript.waitFor();
      const lines = await transcript.locator('li').allTextContents();
      const applied = lines.findIndex((l) => l.includes('fault rule #1 applied at RCPT: 550 5.1.1'));
      expect(applied, lines.join('\n')).toBeGreaterThan(0);
      expect(lines[applied + 1]).toMatch(/S:\s*550 5\.1\.1/);
      // Explained like any captured reply (the explainer names the enhanced code).
      expect(lines[applied + 1]).toMatch(/5\.1\.1/);
      await transcript.locator('li', { hasText: 'fault rule #1' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/e2e-faults-recent-session.png` });
      expect(await page.getByTestId('message-count').textContent()).toContain('1 message');
    });

    it('shows a rule set through the API without a reload (faults.changed)', async () => {
      const current = await host.api<FaultSettings>('GET', '/api/faults');
      const next: FaultSettings = {
        rules: [...current.rules, { id: '', enabled: true, stage: 'connect', sender: '', recipient: '', failFirst: 0, hits: 0, action: { kind: 'delay', ms: 200 } }],
        rateLimit: { ...DEFAULT_RATE_LIMIT, enabled: true, maxMessages: 5 },
      };
      await host.api('PUT', '/api/faults', { faults: next });
      await poll(() => dialog().getByTestId('fault-rule').count()).toBe(2);
      expect(await dialog().getByTestId('fault-rule').nth(1).textContent()).toContain('delay 200 ms');
      await poll(() => badge().textContent()).toBe('3 fault rules active');
    });

    it('reorders, disables and deletes rules from the keyboard', async () => {
      const up = dialog().getByRole('button', { name: 'Move rule 2 up' });
      await up.focus();
      await page.keyboard.press('Enter');
      await poll(() => dialog().getByTestId('fault-rule').first().textContent()).toContain('delay 200 ms');

      const enable = dialog().getByRole('checkbox', { name: 'Enable rule 1' });
      await enable.focus();
      await page.keyboard.press('Space');
      await poll(() => badge().textContent()).toBe('2 fault rules active');
      const saved = await host.api<FaultSettings>('GET', '/api/faults');
      expect(saved.rules.map((r) => [r.stage, r.enabled])).toEqual([
        ['connect', false],
        ['rcpt', true],
      ]);

      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${SHOTS}/e2e-faults-panel-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });

      for (let i = 0; i < 2; i++) {
        const del = dialog().getByRole('button', { name: 'Delete rule 1' });
        await del.focus();
        await page.keyboard.press('Enter');
        await poll(() => dialog().getByTestId('fault-rule').count()).toBe(1 - i);
      }
      await dialog().getByRole('checkbox', { name: 'Limit each client IP to' }).uncheck();
      await dialog().getByRole('button', { name: 'Save rate limit' }).click();
      await poll(() => badge().textContent()).toContain('No faults');
      expect(pageErrors).toEqual([]);
    });

    it('adds a rule with the keyboard alone', async () => {
      await dialog().getByRole('button', { name: 'Add rule' }).focus();
      await page.keyboard.press('Enter');
      const editor = dialog().getByRole('form', { name: 'New rule' });
      await editor.waitFor();
      // The form takes the focus: its first field, the stage.
      await poll(() => page.evaluate(() => document.activeElement?.closest('label')?.textContent ?? '')).toContain('Stage');
      await page.keyboard.press('ArrowUp'); // RCPT → MAIL
      await page.keyboard.press('Tab'); // → "Fail the first N attempts"
      await page.keyboard.press('Control+A');
      await page.keyboard.type('1');
      await page.keyboard.press('Enter'); // submits the form
      await poll(() => dialog().getByTestId('fault-rule').count()).toBe(1);
      const row = await dialog().getByTestId('fault-rule').first().textContent();
      expect(row).toContain('MAIL');
      expect(row).toContain('550 5.1.1 No such user here');
      expect(row).toContain('first 1 attempt, then accept');
      await poll(() => badge().textContent()).toBe('1 fault rule active');
      expect(pageErrors).toEqual([]);
    });
  });
}
