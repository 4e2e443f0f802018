// Content behind a tab or a button: a shop's 店铺资质 tab, a 证照信息 panel opened on click, the
// rest of a results feed behind 加载更多 or an infinite scroll. Opened before the capture, a few
// clicks at most, so the checks judge what a visitor sees one click away and the screenshot shows
// it where it sits. Links that lead to another page are left to the visit, which follows them as
// pages of their own.
import type { Page } from 'playwright-core';
import { settle } from './settle.js';

/** The words of a tab or button that opens a seller's or operator's licence information. */
const REVEAL = /^(?:店铺|商家|企业|经营者|卖家|商户|门店)?(?:资质|证照|执照|资质证照|证照信息|营业执照|工商信息|经营资质|资质信息|资质证书|照面信息)$/;
/** The words of a button that appends the next batch of a list: 加载更多, 查看更多宝贝, 点击加载更多 … */
const MORE = /^(?:点击)?(?:加载|查看|显示|展开|浏览)更多(?:宝贝|商品|结果|货源|闲置|商家|内容)?$|^(?:下一批|更多宝贝|更多商品)$/;
const MAX_CLICKS = 3;
/** Batches of a feed loaded at most: by its button, or by scrolling to its end. */
const MAX_BATCHES = 3;
const MARK = 'data-wj-reveal';
/** After a first scroll to the end, how soon a page that loads on sight asks for its next batch. */
const FIRST_SCROLL_REQUEST_MS = 1_000;

/**
 * Marks the controls whose whole words match `source` (innermost, visible, not a link away),
 * clearing the marks of an earlier round (a feed's button, then a shop's tabs); returns their words.
 */
function markControls(opts: { source: string; mark: string; max: number }): string[] {
  document.querySelectorAll(`[${opts.mark}]`).forEach((el) => el.removeAttribute(opts.mark));
  const re = new RegExp(opts.source);
  const words = (el: Element) => (el.textContent ?? '').replace(/\s+/g, '');
  const found: string[] = [];
  for (const el of Array.from(document.querySelectorAll('[role=tab], button, a, li, span, div, dt, summary, label'))) {
    if (found.length >= opts.max) break;
    if (!re.test(words(el)) || Array.from(el.children).some((c) => re.test(words(c)))) continue;
    const href = el.getAttribute('href');
    if (el.tagName === 'A' && href && !href.startsWith('#') && !/^javascript:/i.test(href)) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.getAttribute('aria-selected') === 'true') continue;
    el.setAttribute(opts.mark, String(found.length));
    found.push(words(el));
  }
  return found;
}

/**
 * How long a click may wait for its control to take it. A busy 2-core machine was seen to need
 * 2.1 s for a shop's 商户资质 tab; a tab left shut hides the licence (the shop would be judged on a
 * page without it), a 加载更多 left unclicked hides the rest of the feed. Only a slow control waits.
 */
const CLICK_MS = 6_000;

/** Clicks the control marked `index` and waits for what it shows; 'left' when it led to another page (then gone back from). */
async function clickMarked(page: Page, index: number, timeoutMs: number): Promise<'opened' | 'not-clicked' | 'left'> {
  const before = page.url();
  const clicked = await page
    .locator(`[${MARK}="${index}"]`)
    .click({ timeout: CLICK_MS, noWaitAfter: true })
    .then(() => true)
    .catch(() => false);
  if (!clicked) return 'not-clicked';
  // A tab may load its panel: what it renders is waited for until the page stays still.
  await settle(page, timeoutMs);
  if (page.url().replace(/#.*$/, '') === before.replace(/#.*$/, '')) return 'opened';
  // the control was a link in disguise: back to the page being captured
  await page.goBack({ timeout: timeoutMs }).catch(() => undefined);
  return 'left';
}

/** Clicks each control that opens licence information; returns the words of those clicked. */
export async function revealHidden(page: Page, timeoutMs: number): Promise<string[]> {
  const candidates = await page.evaluate(markControls, { source: REVEAL.source, mark: MARK, max: MAX_CLICKS }).catch(() => [] as string[]);
  const opened: string[] = [];
  for (const [i, text] of candidates.entries()) {
    const result = await clickMarked(page, i, timeoutMs);
    if (result === 'left') break;
    if (result === 'opened') opened.push(text);
  }
  return opened;
}

/**
 * Scrolls to the end of the page, where an infinite feed loads its next batch on sight; returns
 * the page's height before, or null when there was nothing below to scroll to. Called while the
 * page settles, the batch it starts is waited for with the rest of the page's requests.
 */
export function scrollToEnd(page: Page): Promise<number | null> {
  return page
    .evaluate(() => {
      const { scrollHeight } = document.documentElement;
      if (scrollHeight - innerHeight <= scrollY + 1) return null;
      scrollTo(0, scrollHeight);
      return scrollHeight;
    })
    .catch(() => null);
}

const SCROLLED = '滚动加载';

const grownSince = (page: Page, height: number) => page.evaluate((h) => document.documentElement.scrollHeight > h, height).catch(() => false);

/**
 * How long a batch that came back may take to be drawn: a busy browser renders it a while after
 * the DOM fell quiet (the feed once lost its later batches on a loaded 2-core run).
 */
const DRAW_MS = 1_000;
const grows = (page: Page, height: number, ms: number) =>
  page.waitForFunction((h) => document.documentElement.scrollHeight > h, height, { timeout: ms }).then(
    () => true,
    () => false,
  );

/**
 * Loads the next batches of a list built in the browser: clicks its 加载更多 button, or, without
 * one, scrolls to the end of the page where an infinite feed loads on sight. `scrolledFrom` is the
 * height before a scroll already made while the page settled (scrollToEnd). Returns what loaded a
 * batch, once a batch ("加载更多", "滚动加载"). Called before tabs are opened: a tab opened grows
 * the page as a batch does.
 */
export async function loadMore(page: Page, timeoutMs: number, scrolledFrom: number | null): Promise<string[]> {
  const loaded: string[] = [];
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const [button] = await page.evaluate(markControls, { source: MORE.source, mark: MARK, max: 1 }).catch(() => [] as string[]);
    if (button) {
      if ((await clickMarked(page, 0, timeoutMs)) !== 'opened') break;
      loaded.push(button);
      continue;
    }
    // A list that had a button has shown all it has once the button is gone.
    if (loaded.length && !loaded.includes(SCROLLED)) break;
    // No button: a batch counts only if the page grew after a scroll to its end.
    if (batch === 0 && scrolledFrom !== null) {
      if (!(await grownSince(page, scrolledFrom))) break;
    } else {
      // The next batch is a request the scroll starts; without one there is no more. A feed seen to
      // load on a scroll gets the time a batch may take; a page scrolled for the first time here
      // (its list drawn after the load, too late for the scroll while it settled) a second, as a
      // busy browser may take that long to see its end.
      const window = batch === 0 ? FIRST_SCROLL_REQUEST_MS : timeoutMs;
      const asked = page.waitForRequest((r) => ['fetch', 'xhr'].includes(r.resourceType()), { timeout: window }).catch(() => null);
      const height = await scrollToEnd(page);
      const request = height === null ? null : await asked;
      if (height === null || !request) break;
      await request.response().catch(() => null);
      await settle(page, timeoutMs);
      if (!(await grows(page, height, DRAW_MS))) break;
    }
    loaded.push(SCROLLED);
  }
  await page.evaluate(() => scrollTo(0, 0)).catch(() => undefined);
  return loaded;
}
