// The tabs of one visit, kept from page to page: a page is loaded into a tab the last page left,
// and a tab is closed when its page failed (a hung script or a storm of dialogs is not trusted
// with the next page) or it has loaded PAGES_PER_TAB pages. What a tab did while a page was in it
// (dialogs, windows, its newest document) is counted afresh for each page.
import type { BrowserContext, Dialog, Page, Response } from 'playwright-core';
import type { PageWatch } from './failures.js';
import { watchPage } from './settle.js';

export interface Tab {
  page: Page;
  /** What the tab did while the current page was in it. */
  watch: PageWatch;
  /**
   * The newest main-document response: a search typed into a box navigates (or not) after the
   * page was first loaded.
   */
  document: Response | null;
  /** Pages loaded into the tab so far. */
  pages: number;
}

/**
 * Pages a tab loads before it is closed for a new one: its renderer process grows from page to
 * page, V8 collecting the pages left behind late (renderers' PSS, one tab over 80 synthetic pages:
 * 100 → 260 MB; with a new tab every 20 pages, never over 160 MB). A new tab costs about a page.
 */
export const PAGES_PER_TAB = 20;

export class Tabs {
  private readonly idle: Tab[] = [];

  constructor(private readonly context: BrowserContext) {}

  /** A tab for the next page, its watch reset. */
  async take(): Promise<Tab> {
    const tab = this.idle.pop() ?? (await this.open());
    tab.pages++;
    tab.watch = { documents: 0, dialogs: 0, dialogMessages: [], popups: 0 };
    tab.document = null;
    return tab;
  }

  /** Back for the next page, or closed. */
  give(tab: Tab, reusable: boolean): void {
    if (reusable && tab.pages < PAGES_PER_TAB && !tab.page.isClosed()) {
      this.idle.push(tab);
      return;
    }
    // Not waited for: a page that hangs may take its time to go.
    void tab.page.close({ runBeforeUnload: false }).catch(() => undefined);
  }

  private async open(): Promise<Tab> {
    const page = await this.context.newPage();
    const tab: Tab = { page, watch: { documents: 0, dialogs: 0, dialogMessages: [], popups: 0 }, document: null, pages: 0 };
    page.on('dialog', (dialog: Dialog) => {
      if (++tab.watch.dialogs <= 10) tab.watch.dialogMessages.push(`${dialog.type()}: ${dialog.message().slice(0, 100)}`);
      // Dismissing a beforeunload dialog would keep the tab on the page it is leaving.
      void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
    });
    page.on('popup', (popup: Page) => {
      tab.watch.popups++;
      void popup.close().catch(() => undefined);
    });
    page.on('response', (r: Response) => {
      if (!r.request().isNavigationRequest() || r.frame() !== page.mainFrame()) return;
      tab.document = r;
      tab.watch.documents++;
    });
    await watchPage(page);
    return tab;
  }
}

const withoutFragment = (url: string) => url.replace(/#.*$/, '');

/**
 * Loads `url` into the tab as a document of its own, as a link opened in a new tab would be: a URL
 * that differs from the tab's only in its fragment is otherwise no load at all (a hash route's app
 * routes without reloading, and the same URL again changes nothing, leaving the last page's state).
 */
export async function loadInto(tab: Tab, url: string, timeoutMs: number): Promise<Response | null> {
  if (withoutFragment(tab.page.url()) === withoutFragment(url)) await tab.page.goto('about:blank', { timeout: timeoutMs });
  return tab.page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
}
