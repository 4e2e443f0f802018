// Content behind a tab or a button: a shop's 店铺资质 tab, a 证照信息 panel opened on click. Opened
// before the capture, a few clicks at most, so the checks judge what a visitor sees one click
// away and the screenshot shows it where it sits. Links that lead to another page are left to
// the visit, which follows them as pages of their own.
import type { Page } from 'playwright-core';

/** The words of a tab or button that opens a seller's or operator's licence information. */
const REVEAL = /^(?:店铺|商家|企业|经营者|卖家|商户|门店)?(?:资质|证照|执照|资质证照|证照信息|营业执照|工商信息|经营资质|资质信息|资质证书|照面信息)$/;
const MAX_CLICKS = 3;
const MARK = 'data-wj-reveal';
/** Still for this long after a click: the panel has rendered (the network state is no guide once the page has loaded). */
const QUIET_MS = 400;

function domQuiet(page: Page, quietMs: number, maxMs: number): Promise<void> {
  return page
    .evaluate(
      ({ quiet, max }) =>
        new Promise<void>((resolve) => {
          const done = () => {
            observer.disconnect();
            clearTimeout(timer);
            clearTimeout(cap);
            resolve();
          };
          let timer = setTimeout(done, quiet);
          const cap = setTimeout(done, max);
          const observer = new MutationObserver(() => {
            clearTimeout(timer);
            timer = setTimeout(done, quiet);
          });
          observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        }),
      { quiet: quietMs, max: maxMs },
    )
    .catch(() => undefined);
}

/** Clicks each control that opens licence information; returns the words of those clicked. */
export async function revealHidden(page: Page, timeoutMs: number): Promise<string[]> {
  const candidates = await page
    .evaluate(
      ({ source, mark, max }) => {
        const re = new RegExp(source);
        const words = (el: Element) => (el.textContent ?? '').replace(/\s+/g, '');
        const found: string[] = [];
        for (const el of Array.from(document.querySelectorAll('[role=tab], button, a, li, span, div, dt, summary, label'))) {
          if (found.length >= max) break;
          if (!re.test(words(el)) || Array.from(el.children).some((c) => re.test(words(c)))) continue;
          const href = el.getAttribute('href');
          if (el.tagName === 'A' && href && !href.startsWith('#') && !/^javascript:/i.test(href)) continue;
          const box = el.getBoundingClientRect();
          if (!box.width || !box.height || el.getAttribute('aria-selected') === 'true') continue;
          el.setAttribute(mark, String(found.length));
          found.push(words(el));
        }
        return found;
      },
      { source: REVEAL.source, mark: MARK, max: MAX_CLICKS },
    )
    .catch(() => [] as string[]);
  const opened: string[] = [];
  for (const [i, text] of candidates.entries()) {
    const before = page.url();
    const clicked = await page
      .locator(`[${MARK}="${i}"]`)
      .click({ timeout: timeoutMs, noWaitAfter: true })
      .then(() => true)
      .catch(() => false);
    if (!clicked) continue;
    // A tab may load its panel: what it renders is waited for until the page stays still.
    await domQuiet(page, QUIET_MS, timeoutMs);
    if (page.url().replace(/#.*$/, '') !== before.replace(/#.*$/, '')) {
      // the control was a link in disguise: back to the page being captured
      await page.goBack({ timeout: timeoutMs }).catch(() => undefined);
      break;
    }
    opened.push(text);
  }
  return opened;
}
