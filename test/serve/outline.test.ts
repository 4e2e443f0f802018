// Evidence that points, in real Chromium: a search page with a paid result whose 广告 label is
// hidden is annotated and captured as the crawler does, judged by the ad-label rule, and reviewed:
// the finding's card shows a crop of the screenshot with the listing outlined in a colour that
// stands out, clear of what it marks, says in Chinese why the label counts as hidden and where it
// sits in the markup, and is the one finding of the listing two searches showed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adLabel } from '../../rules/ad-label.js';
import { ANNOTATION } from '../../rules/lib/rendered.js';
import type { Box } from '../../rules/types.js';
import { annotatePage } from '../../src/crawl/annotate.js';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import { completeFinding } from '../../src/findings/finding.js';
import { createRoutineInspection } from '../../src/review/inspections.js';
import { completeJob, createRun, finishRun, listPlatforms } from '../../src/store/scans.js';
import { platform, snapshot } from '../helpers/snapshots.js';
import { logIn, useServeFixture } from './fixture.js';

const served = useServeFixture();
const SEARCH_URL = 'http://127.0.0.1:9/search?q=%E6%89%8B%E6%9C%BA';
const card = (n: number, link: string, extra = '') =>
  `<li class="item" style="height:110px;margin:12px 0;padding:8px;border:1px solid #ddd;background:#fafafa"><a href="${link}">商品${n} 手机 128GB 全网通</a><span class="price">¥${n}99.00</span>${extra}</li>`;
// The paid result is the second; its label is in the DOM but display:none.
const SEARCH = `<!doctype html><html><head><meta charset="utf-8"><title>手机 - 搜索</title></head>
<body style="margin:0;width:1200px;font:14px sans-serif;background:#fff"><div style="height:700px">页面顶部</div>
<ul class="list" style="list-style:none;margin:0;padding:0 20px;width:600px">
${card(1, '/item/1.html')}${card(2, '/click?ad_id=8802&to=item', '<span class="tag" style="display:none;color:#c81623">广告</span>')}${card(3, '/item/3.html')}
</ul><div style="height:900px"></div></body></html>`;

let page: Page;
let paidCard: Box;
let paidTitle: Box;

beforeAll(async () => {
  const { db, runDir, browser } = { ...served.fx, browser: served.browser };
  const shot = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await shot.setContent(SEARCH);
  await shot.evaluate(annotatePage, { attrs: ANNOTATION, maxElements: 10_000, itemSelector: null });
  const boxOf = (selector: string) =>
    shot.locator(selector).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    });
  paidCard = await boxOf('li.item:nth-child(2)');
  paidTitle = await boxOf('li.item:nth-child(2) a');
  const bundle = new EvidenceBundle(runDir, 'unscanned');
  bundle.reset();
  const html = await shot.content();
  const files = [bundle.write('p04-search.rendered.html', 'rendered-html', html), bundle.write('p04-search.png', 'screenshot', await shot.screenshot({ fullPage: true }))];
  await shot.close();

  const target = listPlatforms(db).find((p) => p.id === 'unscanned')!;
  const search = { ...snapshot({ id: 'p04', kind: 'search', url: SEARCH_URL, query: '手机', via: 'p01', html }), files };
  // a second search shows the same results: the paid listing is one finding naming both searches
  const again = { ...snapshot({ id: 'p05', kind: 'search', url: `${SEARCH_URL}%205G`, query: '手机 5G', via: 'p01', html }), files };
  const home = snapshot({ url: 'http://127.0.0.1:9/', html: '<!doctype html><html><body>首页</body></html>' });
  const drafts = adLabel.evaluate({ platform: platform({ id: 'unscanned', url: 'http://127.0.0.1:9/' }), snapshots: [home, search, again] });
  createRun(db, { id: 'run-3', startedAt: '2026-12-01T01:00:00Z', outDir: runDir, rosterPath: 'roster.csv', rosterSha256: 'x', checks: ['ad-label'], toolVersion: '0.1.0' }, [target], {});
  completeJob(db, 'run-3', 'unscanned', [], drafts.map((d) => completeFinding(d, adLabel, 'run-3', 'unscanned')));
  finishRun(db, 'run-3');
  const inspection = createRoutineInspection(db, { platformId: 'unscanned', unit: '晋城市市场监督管理局网络交易监督管理科', inspectors: ['jc-01', 'jc-02'], runId: 'run-3', actor: 'jc-01' });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(page, served.fx.base, 'jc-01');
  await page.goto(`${served.fx.base}/inspections/${inspection.id}`);
});

describe('evidence that points', () => {
  it("outlines a hidden label's listing on a crop of its screenshot, clear and in a contrasting colour", async () => {
    const finding = page.locator('.card[data-check="ad-label"]', { hasText: '商品2' });
    // one finding for the listing, whichever searches showed it
    await expect(finding.count()).resolves.toBe(1);
    // why it counts as hidden, in Chinese, and where the label sits in the page's markup
    expect(await finding.innerText()).toContain('display:none');
    await finding.locator('details:has(> summary:text("检查数据"))').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const data = await finding.locator('details:has(> summary:text("检查数据"))').innerText();
    expect(data).toContain('在网页代码中的位置');
    expect(data).toContain('li.item > span.tag');
    expect(data).toContain('出现于哪些搜索');
    for (const query of ['手机', '手机 5G']) expect(data).toContain(query);
    const outline = finding.locator('.outline');
    await expect(outline.count()).resolves.toBe(1);
    const img = finding.locator('.shot-window img');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());

    // a crop: the window shows the part of the page around the card, not the whole page
    const [win, pic, line] = [await finding.locator('.shot-window').boundingBox(), await img.boundingBox(), await outline.boundingBox()];
    expect(win!.height).toBeLessThan(pic!.height);
    const scale = pic!.width / 1200;
    // round what the card shows (its title at least), 6 px clear of it, within the card and the window
    const page$ = (b: Box) => ({ left: pic!.x + b.x * scale, top: pic!.y + b.y * scale, right: pic!.x + (b.x + b.width) * scale, bottom: pic!.y + (b.y + b.height) * scale });
    const [title, whole, margin] = [page$(paidTitle), page$(paidCard), 6 * scale];
    expect(line!.x).toBeLessThanOrEqual(title.left - margin + 0.5);
    expect(line!.y).toBeLessThanOrEqual(title.top - margin + 0.5);
    expect(line!.x + line!.width).toBeGreaterThanOrEqual(title.right + margin - 0.5);
    expect(line!.x).toBeGreaterThanOrEqual(whole.left - margin - 0.5);
    expect(line!.y + line!.height).toBeLessThanOrEqual(whole.bottom + margin + 0.5);
    expect(line!.y).toBeGreaterThanOrEqual(win!.y);
    expect(line!.y + line!.height).toBeLessThanOrEqual(win!.y + win!.height);

    // as the inspector sees it: the outline's pixels are the outline's blue, unlike the page under it
    const png = await finding.locator('.shot-window').screenshot();
    const at = { x: Math.round(line!.x - win!.x + 1), y: Math.round(line!.y - win!.y + line!.height / 2) };
    const pixel = await page.evaluate(
      async ({ b64, x, y }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${b64}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const g = canvas.getContext('2d')!;
        g.drawImage(image, 0, 0);
        return [...g.getImageData(x, y, 1, 1).data];
      },
      { b64: png.toString('base64'), ...at },
    );
    expect(pixel.slice(0, 3)).toEqual([21, 101, 192]);
  });
});
