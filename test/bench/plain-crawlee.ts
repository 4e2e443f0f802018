// The yardstick of the crawl-speed goal: a plain Crawlee PlaywrightCrawler that visits the same
// pages as the scan did and keeps, for each, what any archiving crawler keeps (a full-page
// screenshot and the HTML), with Crawlee's defaults otherwise. wangjian's pages a second are
// compared with its pages a second in `npm run bench`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Configuration, PlaywrightCrawler } from 'crawlee';
import { chromium } from 'playwright-core';
import { launchOptions } from '../../src/browser/chromium.js';

export interface PlainCrawl {
  pages: number;
  seconds: number;
}

/** Visits `urls` with `concurrency` pages at once, a screenshot and the HTML of each written to `outDir`. */
export async function plainCrawl(urls: readonly string[], concurrency: number, outDir: string): Promise<PlainCrawl> {
  mkdirSync(outDir, { recursive: true });
  let pages = 0;
  const crawler = new PlaywrightCrawler(
    {
      launchContext: { launcher: chromium, launchOptions: launchOptions() },
      browserPoolOptions: { useFingerprints: false },
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      maxRequestRetries: 0,
      requestHandler: async ({ page }) => {
        const n = ++pages;
        writeFileSync(join(outDir, `${n}.png`), await page.screenshot({ fullPage: true }));
        writeFileSync(join(outDir, `${n}.html`), await page.content());
      },
    },
    new Configuration({ persistStorage: false }),
  );
  const started = performance.now();
  // Each URL once, in the scan's order, even where two pages of the scan share a URL.
  await crawler.run(urls.map((url, i) => ({ url, uniqueKey: `${i} ${url}` })));
  return { pages, seconds: (performance.now() - started) / 1000 };
}
