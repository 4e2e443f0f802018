// A kept tab loads every page as a document of its own: a URL that differs from the tab's only in
// its fragment (a hash route's app), or the very same URL, would otherwise not load at all and
// leave the last page's state behind (a feed's 加载更多 already clicked away).
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOptions } from '../../src/browser/chromium.js';
import { loadInto, PAGES_PER_TAB, Tabs } from '../../src/crawl/tabs.js';
import { listenLocal, sendHtml, type LocalServer } from '../../src/demo/http.js';

const APP = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>闲置</title></head><body><main></main><script>
function render() { document.querySelector('main').innerHTML = '<p>' + location.hash + '</p><button class="more" onclick="this.remove()">加载更多</button>'; }
addEventListener('hashchange', render); render();</script></body></html>`;

let server: LocalServer;
let browser: Browser;

beforeAll(async () => {
  server = await listenLocal((_req, res) => sendHtml(res, 200, APP));
  browser = await chromium.launch(launchOptions());
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a kept tab', () => {
  it('loads the same URL, or one differing only in its fragment, as a fresh document', async () => {
    const tabs = new Tabs(await browser.newContext());
    const tab = await tabs.take();
    const search = `${server.url}#/search?q=手机`;
    await loadInto(tab, search, 10_000);
    await tab.page.click('.more');
    expect(await tab.page.locator('.more').count()).toBe(0);
    tabs.give(tab, true);

    const again = await tabs.take();
    expect(again.page).toBe(tab.page);
    const response = await loadInto(again, search, 10_000);
    // a document load (its response), with the feed as the app first draws it
    expect(response?.status()).toBe(200);
    await again.page.waitForSelector('.more');
    await loadInto(again, `${server.url}#/item/1`, 10_000);
    expect(await again.page.locator('main p').innerText()).toBe('#/item/1');
  });

  it('is closed for a new one after PAGES_PER_TAB pages, so its renderer does not grow for the whole visit', async () => {
    const tabs = new Tabs(await browser.newContext());
    const first = await tabs.take();
    tabs.give(first, true);
    for (let n = 2; n <= PAGES_PER_TAB; n++) {
      const tab = await tabs.take();
      expect(tab.page).toBe(first.page);
      tabs.give(tab, true);
    }
    const next = await tabs.take();
    expect(next.page).not.toBe(first.page);
    expect(next.pages).toBe(1);
  });
});
