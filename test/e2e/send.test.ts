/**
 * The Send screen end to end: the real `mailscope serve` (child process,
 * fresh data dir, free ports), Debian's Chromium, and the app's own capture
 * server as the target — loopback only. Tests run in order on one page, like
 * a support session: compose and send (STARTTLS with the capture server's
 * self-signed certificate, AUTH PLAIN), watch the transcript, find the
 * message in the inbox and the analyzer, reopen the send from history; then
 * a 550 5.1.1 fault rule set through the API and a captured message replayed
 * from the message view, refused with its explanation. Screenshots go to
 * /tmp/shots/.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium } from './support/browser';
import { InboxPage } from './support/inbox-page';
import { startHost } from './support/serve';
import type { RunningHost } from './support/serve';

const SHOTS = '/tmp/shots';
const missing = chromiumMissingReason();
/** Typed into the password field: must never be shown, stored in a transcript or left in the form. */
const PASSWORD = 'E2e-Send-Passw0rd-Never-Shown';
const SUBJECT = 'Send screen e2e: order confirmation';

const NO_FAULTS = { rules: [], rateLimit: { enabled: false, maxMessages: 10, windowSeconds: 60, reply: { code: 451, enhanced: '4.7.1', text: 'Too many messages' } } };
const RCPT_550 = {
  ...NO_FAULTS,
  rules: [{ id: '', enabled: true, stage: 'rcpt', sender: '', recipient: '', failFirst: 0, hits: 0, action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'No such user here' } }],
};

if (missing) {
  describe('send in Chromium', () => {
    it.skip(`skipped: ${missing}`, () => undefined);
  });
} else {
  describe('send in Chromium against mailscope serve', () => {
    let host: RunningHost;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let inbox: InboxPage;
    const pageErrors: string[] = [];

    const outcome = () => page.getByTestId('send-outcome');
    const transcriptLines = () => page.locator('.send-watch [data-testid=transcript] > li');

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      [host, browser] = await Promise.all([startHost(), launchChromium()]);
      context = await browser.newContext({ viewport: { width: 1440, height: 880 }, colorScheme: 'light', acceptDownloads: true });
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      inbox = new InboxPage(page);
    });

    afterAll(async () => {
      await host?.api('PUT', '/api/faults', { faults: NO_FAULTS }).catch(() => undefined);
      await browser?.close();
      await host?.stop();
    });

    it('opens from the nav rail with an empty state and says what is wrong with an empty form', async () => {
      await page.goto(host.url);
      await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Send', exact: true }).click();
      await page.getByRole('heading', { name: 'Send a test message and watch every step' }).waitFor();
      await page.getByRole('heading', { name: 'History' }).waitFor();
      await page.getByRole('button', { name: 'Send', exact: true }).and(page.locator('.send-button')).click();
      await page.getByText('Enter the From address.').waitFor();
      expect(await page.getByLabel('From', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      // The keyboard is taken to the first field that needs attention.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('send-from');
      await page.getByText('Add at least one recipient (To, Cc or Bcc).').waitFor();
      await page.screenshot({ path: `${SHOTS}/e2e-send-empty.png` });
    });

    it('sends a composed message to the capture server and streams the transcript, password masked', async () => {
      await page.getByRole('button', { name: /Use this app.s capture server/ }).click();
      expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe(String(host.smtpPort));
      await page.getByLabel('Security', { exact: true }).selectOption('starttls-required');
      await page.getByRole('checkbox', { name: /Accept a self-signed/ }).check();
      await page.getByText(/The certificate will not be checked/).waitFor();
      await page.getByLabel('Authentication', { exact: true }).selectOption('PLAIN');
      await page.getByLabel('User', { exact: true }).fill('qa-bot');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);

      await page.getByLabel('From', { exact: true }).fill('Shop <orders@shop.example.test>');
      await page.getByLabel('To', { exact: true }).fill('Quinn <quinn@example.test>');
      await page.getByLabel('Bcc', { exact: true }).fill('audit@example.test');
      await page.getByLabel('Subject', { exact: true }).fill(SUBJECT);
      await page.getByLabel('Text', { exact: true }).fill('Thank you for your order #1042.');
      await page.locator('.send-drop input[type=file]').first().setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 1042: 2 × widget\n') });
      await page.getByText('receipt.txt').waitFor();
      await page.getByRole('button', { name: '+ Add a header' }).click();
      await page.getByLabel('Header 1: name').fill('X-Campaign');
      await page.getByLabel('Header 1: value').fill('e2e-send');

      await page.locator('.send-button').click();
      // The transcript streams in: lines show up while the outcome still says it is running, or at the latest with it.
      await transcriptLines().first().waitFor({ timeout: 10_000 });
      await page.locator('[data-testid=send-outcome][data-status=delivered]').waitFor({ timeout: 20_000 });

      const lines = await transcriptLines().allTextContents();
      expect(lines.some((l) => /TCP/.test(l))).toBe(true);
      expect(lines.some((l) => /C:\s*EHLO/.test(l))).toBe(true);
      expect(lines.some((l) => /C:\s*STARTTLS/.test(l))).toBe(true);
      expect(await transcriptLines().and(page.locator('[data-kind=tls]')).count()).toBeGreaterThan(0);
      expect(lines.some((l) => /C:\s*AUTH PLAIN/.test(l))).toBe(true);
      expect(lines.some((l) => /C:\s*RCPT TO:<audit@example\.test>/.test(l))).toBe(true);
      // Each server reply carries its explanation; the final 250 reads as "accepted".
      expect(await page.locator('.send-watch [data-testid=transcript] [data-testid=explanation]').count()).toBeGreaterThan(3);
      expect(await outcome().textContent()).toMatch(/Message accepted/);
      expect(await outcome().textContent()).toContain(`127.0.0.1:${host.smtpPort}`);

      // The secret: gone from the form, never on screen, never in the stored record.
      expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
      expect(await page.locator('body').innerText()).not.toContain(PASSWORD);
      const sends = await host.api<{ items: { id: number; subject: string }[] }>('GET', '/api/sends');
      const sent = sends.items.find((s) => s.subject === SUBJECT);
      expect(sent).toBeDefined();
      const record = await host.api<unknown>('GET', `/api/sends/${sent?.id}`);
      expect(JSON.stringify(record)).not.toContain(PASSWORD);
      expect(JSON.stringify(record)).not.toContain(Buffer.from(`\0qa-bot\0${PASSWORD}`).toString('base64'));
      await page.screenshot({ path: `${SHOTS}/e2e-send-delivered.png` });

      // Copy/Export give the same text as the screen: export it and read it back.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.send-watch .transcript-toolbar').getByRole('button', { name: 'Export' }).click()]);
      const exported = readFileSync(await download.path(), 'utf8');
      expect(exported).toMatch(/^Mailscope send #\d+/);
      expect(exported).toMatch(/EHLO/);
      expect(exported).not.toContain(PASSWORD);
    });

    it('lists the send in the history and shows the message in the inbox and the analyzer', async () => {
      const item = page.getByRole('list', { name: 'Past sends' }).getByRole('button', { name: new RegExp(SUBJECT) });
      await item.waitFor();
      expect(await item.textContent()).toMatch(/delivered/i);

      await page.getByRole('button', { name: 'Show in Inbox' }).click();
      await page.getByRole('article').getByRole('heading', { level: 2, name: SUBJECT }).waitFor({ timeout: 10_000 });
      await inbox.row(SUBJECT).waitFor();
      const session = await inbox.showTab('SMTP session');
      await session.getByTestId('transcript').waitFor();
      // Captured sessions are explained on the fly: the 250 after the body is the message accepted.
      expect(await session.getByTestId('transcript').textContent()).toMatch(/Message accepted/);
      expect(await session.textContent()).not.toContain(PASSWORD);
      await page.screenshot({ path: `${SHOTS}/e2e-send-captured-session.png` });

      await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Send', exact: true }).click();
      await page.getByRole('button', { name: 'Open in analyzer' }).click();
      await page.getByRole('region', { name: 'Analyze headers' }).or(page.locator('section.analyze')).first().waitFor();
      await expect.poll(() => page.locator('#analyze-text').inputValue(), { timeout: 10_000 }).toContain(`Subject: ${SUBJECT}`);
    });

    it('reopens a past send from the history with its transcript', async () => {
      await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Send', exact: true }).click();
      await page.getByRole('button', { name: /Compose/ }).click();
      await page.getByLabel('Subject', { exact: true }).fill('A second send');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.locator('.send-button').click();
      await page.locator('[data-testid=send-outcome][data-status=delivered]').filter({ hasText: 'A second send' }).waitFor({ timeout: 20_000 });

      await page.getByRole('list', { name: 'Past sends' }).getByRole('button', { name: new RegExp(SUBJECT) }).click();
      await outcome().filter({ hasText: SUBJECT }).waitFor();
      await expect.poll(async () => (await transcriptLines().allTextContents()).some((l) => /C:\s*RCPT TO:<audit@example\.test>/.test(l))).toBe(true);
      expect(await page.getByRole('list', { name: 'Past sends' }).getByRole('button', { name: new RegExp(SUBJECT) }).getAttribute('aria-current')).toBe('true');
    });

    it('replays a captured message from the message view into a 550 5.1.1 fault rule and explains the refusal', async () => {
      await host.api('PUT', '/api/faults', { faults: RCPT_550 });
      await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Inbox', exact: true }).click();
      await inbox.open(SUBJECT);
      await page.getByRole('article').getByRole('button', { name: /Send \/ Replay/ }).click();

      await page.getByRole('heading', { name: 'History' }).waitFor();
      await page.locator('.send-source-picked').filter({ hasText: SUBJECT }).waitFor();
      expect(await page.getByRole('button', { name: 'Exact bytes' }).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: /Use this app.s capture server/ }).click();
      await page.locator('.send-button').click();

      const rejected = page.locator('[data-testid=send-outcome][data-status=rejected]');
      await rejected.waitFor({ timeout: 20_000 });
      const text = (await rejected.textContent()) ?? '';
      expect(text).toMatch(/Rejected/);
      expect(text).toContain('5.1.1');
      // The deciding explanation is open, with its meaning and fix.
      const deciding = rejected.getByTestId('explanation');
      expect(await deciding.getAttribute('open')).not.toBeNull();
      expect(await deciding.textContent()).toMatch(/fix:/i);
      // In the transcript, the 550 line has its explanation open under it.
      const refusal = transcriptLines().filter({ hasText: '550 5.1.1 No such user here' }).first();
      await refusal.waitFor();
      expect(await refusal.getByTestId('explanation').getAttribute('open')).not.toBeNull();
      await page.screenshot({ path: `${SHOTS}/e2e-send-rejected.png` });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${SHOTS}/e2e-send-rejected-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('replays an edited copy (header edits) and the copy lands in the inbox with the edit', async () => {
      await host.api('PUT', '/api/faults', { faults: NO_FAULTS });
      await page.getByRole('button', { name: 'Copy with edited headers' }).click();
      await page.getByRole('button', { name: '+ Add a header' }).click();
      await page.getByLabel('Header 1: change').selectOption('set');
      await page.getByLabel('Header 1: name').fill('Subject');
      await page.getByLabel('Header 1: value').fill('Replayed: order confirmation');
      await page.locator('.send-button').click();
      await page.locator('[data-testid=send-outcome][data-status=delivered]').filter({ hasText: 'Replayed: order confirmation' }).waitFor({ timeout: 20_000 });
      await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Inbox', exact: true }).click();
      await inbox.row('Replayed: order confirmation').waitFor({ timeout: 10_000 });
      await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Send', exact: true }).click();
    });

    it('keeps the reader where they scrolled while a slow send streams, and offers a jump to the new lines', async () => {
      // The server waits 2.5 s before answering the message body: time to scroll up mid-send.
      await host.api('PUT', '/api/faults', { faults: { ...NO_FAULTS, rules: [{ ...RCPT_550.rules[0], stage: 'after-data', action: { kind: 'delay', ms: 2500 } }] } });
      try {
        await page.setViewportSize({ width: 1440, height: 560 });
        await page.getByRole('button', { name: 'Compose' }).click();
        await page.getByLabel('Subject', { exact: true }).fill('A slow send');
        await page.locator('.send-button').click();
        const box = page.locator('.send-watch .transcript-scroll');
        await page.locator('[data-testid=send-outcome][data-status=running]').waitFor({ timeout: 10_000 });
        // Wait for the body to be on its way (the DATA summary line), then scroll to the top.
        await transcriptLines().and(page.locator('[data-kind=data]')).first().waitFor({ timeout: 10_000 });
        expect(await box.evaluate((el) => el.scrollHeight > el.clientHeight + 40)).toBe(true);
        // Scroll up the way a reader does (the wheel), and let the view see it before the next lines come.
        await box.hover();
        await page.mouse.wheel(0, -10_000);
        await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBe(0);
        await page.waitForTimeout(100);
        await page.locator('[data-testid=send-outcome][data-status=delivered]').waitFor({ timeout: 15_000 });
        // New lines arrived while the reader was up there: the view stayed put and says so.
        const jump = page.getByRole('button', { name: /new lines?/ });
        await jump.waitFor({ timeout: 5000 });
        expect(await box.evaluate((el) => el.scrollTop)).toBe(0);
        await jump.click();
        await expect.poll(() => box.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight <= 24)).toBe(true);
      } finally {
        await page.setViewportSize({ width: 1440, height: 880 });
        await host.api('PUT', '/api/faults', { faults: NO_FAULTS });
      }
    });

    it('cancels a send that hangs with Esc', async () => {
      await host.api('PUT', '/api/faults', { faults: { ...NO_FAULTS, rules: [{ ...RCPT_550.rules[0], stage: 'after-data', action: { kind: 'delay', ms: 20_000 } }] } });
      try {
        await page.getByLabel('Subject', { exact: true }).fill('A send to cancel');
        await page.locator('.send-button').click();
        const running = page.locator('[data-testid=send-outcome][data-status=running]').filter({ hasText: 'A send to cancel' });
        await running.waitFor({ timeout: 10_000 });
        await transcriptLines().and(page.locator('[data-kind=data]')).first().waitFor({ timeout: 10_000 });
        expect(await running.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);
        // Esc cancels from the keyboard (focus is still on the Send button).
        await page.keyboard.press('Escape');
        await page.locator('[data-testid=send-outcome][data-status=failed]').filter({ hasText: 'A send to cancel' }).waitFor({ timeout: 10_000 });
      } finally {
        // A rule left behind would hang every later send.
        await host.api('PUT', '/api/faults', { faults: NO_FAULTS });
      }
    });

    it('saves a profile with its password (headless: memory only), and sends with the saved password without showing it', async () => {
      await page.getByRole('button', { name: /Use this app.s capture server/ }).click();
      await page.getByLabel('Security', { exact: true }).selectOption('starttls-required');
      await page.getByRole('checkbox', { name: /Accept a self-signed/ }).check();
      await page.getByLabel('Authentication', { exact: true }).selectOption('LOGIN');
      await page.getByLabel('User', { exact: true }).fill('relay-user');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Save…' }).click();
      await page.getByLabel('Profile name').fill('Local relay');
      // Headless: no keychain; the secret stays in memory unless "Store it on disk" is ticked.
      expect(await page.getByRole('checkbox', { name: 'Store it on disk' }).isChecked()).toBe(false);
      await page.getByRole('button', { name: 'Save profile' }).click();
      await expect.poll(() => page.getByLabel('Profile', { exact: true }).locator('option:checked').textContent()).toBe('Local relay');
      await page.getByText(/memory/).first().waitFor();
      expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');

      // A fresh page (new form state) loads the profile and sends with the secret the core keeps.
      await page.reload();
      await page.getByRole('navigation', { name: 'Tools' }).getByRole('button', { name: 'Send', exact: true }).click();
      await page.getByLabel('Profile', { exact: true }).selectOption({ label: 'Local relay' });
      expect(await page.getByLabel('User', { exact: true }).inputValue()).toBe('relay-user');
      expect(await page.getByLabel('Password', { exact: true }).getAttribute('placeholder')).toMatch(/saved/);
      await page.getByLabel('From', { exact: true }).fill('relay@shop.example.test');
      await page.getByLabel('To', { exact: true }).fill('quinn@example.test');
      await page.getByLabel('Subject', { exact: true }).fill('Via the saved profile');
      await page.locator('.send-button').click();
      await page.locator('[data-testid=send-outcome][data-status=delivered]').filter({ hasText: 'Via the saved profile' }).waitFor({ timeout: 20_000 });
      expect(await transcriptLines().filter({ hasText: /C:\s*AUTH LOGIN/ }).count()).toBe(1);
      expect(await page.content()).not.toContain(PASSWORD);
    });

    it('signs with DKIM on send, and the analyzer shows the signature of the captured copy', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      await page.getByLabel('Profile', { exact: true }).selectOption({ label: '— not saved —' });
      await page.getByRole('button', { name: /Use this app.s capture server/ }).click();
      await page.getByLabel('Subject', { exact: true }).fill('DKIM signed on send');
      await page.getByRole('checkbox', { name: /Sign the message with DKIM/ }).check();
      await page.getByLabel('Domain (d=)').fill('shop.example.test');
      await page.getByLabel('Selector (s=)').fill('e2e2026');
      await page.getByLabel('Private key (PEM)').fill(pem);
      await page.locator('.send-button').click();
      await page.locator('[data-testid=send-outcome][data-status=delivered]').filter({ hasText: 'DKIM signed on send' }).waitFor({ timeout: 20_000 });
      // The key is never part of what the core keeps or shows.
      const sends = await host.api<{ items: { id: number; subject: string }[] }>('GET', '/api/sends');
      const id = sends.items.find((x) => x.subject === 'DKIM signed on send')?.id;
      const record = JSON.stringify(await host.api<unknown>('GET', `/api/sends/${id}`));
      expect(record).not.toContain('PRIVATE KEY');

      await page.getByRole('button', { name: 'Open in analyzer' }).click();
      await expect.poll(() => page.locator('#analyze-text').inputValue(), { timeout: 10_000 }).toContain('DKIM-Signature:');
      const dkimRow = page.locator('#analyze-auth tbody tr').filter({ hasText: 'shop.example.test' });
      await dkimRow.first().waitFor({ timeout: 10_000 });
      expect(await dkimRow.first().textContent()).toContain('e2e2026');
      await page.screenshot({ path: `${SHOTS}/e2e-send-dkim-analyzer.png` });
      expect(pageErrors).toEqual([]);
    });
  });
}
