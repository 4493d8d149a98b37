/**
 * Page object for the inbox: the selectors the e2e tests share (ARIA roles
 * and labels first, data-testid where no role fits).
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

export class InboxPage {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByRole('listbox', { name: 'Messages' });
  }
  /** Loaded message rows (placeholders excluded). */
  get rows(): Locator {
    return this.list.locator('[role=option][data-id]');
  }
  row(subject: string | RegExp): Locator {
    return this.rows.filter({ hasText: subject });
  }
  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search messages' });
  }
  get emptyState(): Locator {
    return this.page.getByTestId('empty-state');
  }
  tab(name: string | RegExp): Locator {
    return this.page.getByRole('tab', { name });
  }
  get panel(): Locator {
    return this.page.getByRole('tabpanel');
  }
  get previewFrame(): FrameLocator {
    return this.page.frameLocator('iframe[data-testid=preview-frame]');
  }
  get previewIframe(): Locator {
    return this.page.locator('iframe[data-testid=preview-frame]');
  }

  async open(subject: string | RegExp): Promise<void> {
    await this.row(subject).click();
    await this.page.getByRole('article').getByRole('heading', { level: 2 }).filter({ hasText: subject }).waitFor();
  }

  async showTab(name: string | RegExp): Promise<Locator> {
    await this.tab(name).click();
    return this.panel;
  }

  async searchFor(query: string): Promise<void> {
    await this.search.fill(query);
    await this.search.press('Enter');
  }
}
