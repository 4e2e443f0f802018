// A shop whose licence information sits behind a 店铺资质 tab, its panel loaded on click: the
// visit opens the tab before the capture, so the information is captured as shown, with its box,
// and the tab's words are in the page metadata. A link to another page is not clicked. And
// results in an infinite feed, each batch fetched when the end of the list comes into view: the
// visit scrolls until the feed stops growing (three batches at most), so the capture holds them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATION } from '../../rules/lib/rendered.js';
import { loadHtml } from '../../rules/lib/text.js';
import type { Snapshot } from '../../rules/types.js';
import { launchOptions } from '../../src/browser/chromium.js';
import { loadMore, revealHidden } from '../../src/crawl/reveal.js';
import { listenLocal, sendBody, sendHtml, sendJson, type LocalServer } from '../../src/demo/http.js';
import { FAST_VISIT, visitForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const LICENCE = '企业名称：杭州某某贸易有限公司　统一社会信用代码：91330106673959654P';
const SHOP = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某某旗舰店</title>
<style>.panel{display:none}.panel.on{display:block}.tabs span{cursor:pointer;margin-right:12px}</style></head>
<body><h1>某某旗舰店</h1>
<div class="tabs" role="tablist"><span role="tab" aria-selected="true" data-for="goods">全部商品</span><span role="tab" data-for="licence">店铺资质</span><a href="/elsewhere">营业执照</a></div>
<div class="panel on" id="goods"><p>商品一 ¥19.90</p><p>商品二 ¥29.90</p></div>
<div class="panel" id="licence"><p>加载中…</p></div>
<script>
document.querySelectorAll('[role=tab]').forEach(function (tab) {
  tab.addEventListener('click', function () {
    document.querySelectorAll('.panel').forEach(function (p) { p.classList.remove('on'); });
    var panel = document.getElementById(tab.dataset.for);
    panel.classList.add('on');
    if (tab.dataset.for === 'licence') fetch('/api/licence').then(function (r) { return r.text(); }).then(function (t) { panel.innerHTML = '<p class="lic">' + t + '</p>'; });
  });
});
</script></body></html>`;

/** Results of six batches of four, a batch fetched each time the sentinel under the list comes into view. */
const FEED = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索结果</title>
<style>.card{height:300px;border:1px solid #ddd;margin:8px}</style></head>
<body><form action="/s"><input type="search" name="q" placeholder="搜索"><button>搜索</button></form>
<ul class="feed"></ul><div id="sentinel">正在加载…</div>
<script>
var page = 0;
var feed = document.querySelector('.feed');
function next() {
  if (page >= 6) return;
  fetch('/api/feed?page=' + (++page)).then(function (r) { return r.json(); }).then(function (cards) {
    feed.insertAdjacentHTML('beforeend', cards.map(function (c) { return '<li class="card"><a href="/item/' + c + '">宝贝 ' + c + '</a> ¥' + c + '.00</li>'; }).join(''));
  });
}
new IntersectionObserver(function (entries) { if (entries[0].isIntersecting) next(); }).observe(document.getElementById('sentinel'));
</script></body></html>`;

const tmp = tempDir();
let server: LocalServer;
let shop: Snapshot;
let results: Snapshot;
let elsewhere = 0;

beforeAll(async () => {
  server = await listenLocal((_req, res, url) => {
    if (url.pathname === '/api/licence') return sendBody(res, 200, 'text/plain; charset=utf-8', Buffer.from(LICENCE));
    if (url.pathname === '/api/feed') {
      const page = Number(url.searchParams.get('page'));
      return sendJson(res, 200, [1, 2, 3, 4].map((i) => (page - 1) * 4 + i));
    }
    if (url.pathname === '/elsewhere') elsewhere++;
    sendHtml(res, 200, url.pathname === '/s' ? FEED : SHOP);
  });
  const platform = { id: 'reveal', name: '某某网络科技有限公司', uscc: '91330106MA27U8XK3X', url: server.url, risk: 'general' as const };
  const feed = { ...platform, id: 'feed', url: `${server.url}s` };
  // The homepage is the shop page here: what is revealed on a homepage is revealed on a shop page alike.
  const [visit, searched] = await Promise.all([visitForTest(tmp.dir, platform, ['homepage']), visitForTest(tmp.dir, feed, ['homepage', 'search'], [], { ...FAST_VISIT, maxPages: 1 })]);
  shop = visit[0]!;
  results = searched.find((s) => s.kind === 'search')!;
}, 120_000);

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

const metadataOf = (s: Snapshot) => JSON.parse(readFileSync(join(tmp.dir, s.files.find((f) => f.kind === 'page-metadata')!.path), 'utf8')) as { revealed: string[] };

describe('content behind a tab', () => {
  it('is opened before the capture and captured as shown, with its box', () => {
    const $ = loadHtml(shop.html);
    const lic = $('p.lic');
    expect(lic.text()).toBe(LICENCE);
    expect(lic.attr(ANNOTATION.hidden)).toBeUndefined();
    expect(lic.attr(ANNOTATION.box)).toMatch(/^\d+,\d+,\d+,\d+$/);
  });

  it('names the tabs it opened in the page metadata, and follows no link to another page', () => {
    expect(metadataOf(shop).revealed).toEqual(['店铺资质']);
    expect(elsewhere).toBe(0);
  });
});

describe('results in an infinite feed', () => {
  it('are captured as far as three scrolls to the end load them, each batch named in the metadata', () => {
    const cards = loadHtml(results.html)('li.card a').toArray().map((a) => a.attribs.href);
    // the first batch on sight, then one a scroll: the one at load and two more
    expect(cards).toEqual(Array.from({ length: 16 }, (_, i) => `/item/${i + 1}`));
    expect(metadataOf(results).revealed).toEqual(['滚动加载', '滚动加载', '滚动加载']);
  });
});

describe('a shop page with a list that never ends and a licence tab', () => {
  it('loads three batches, then still opens the tab: the button marked for a batch is not taken for the tab', async () => {
    const browser = await chromium.launch(launchOptions());
    try {
      const page = await browser.newPage();
      await page.setContent(`<!doctype html><meta charset="utf-8"><ul id="goods"><li>商品 1</li></ul><button id="more">加载更多</button>
<div class="tabs"><span role="tab" id="tab">店铺资质</span></div><div id="licence" hidden>${LICENCE}</div>
<script>
document.getElementById('more').onclick = function () { document.getElementById('goods').insertAdjacentHTML('beforeend', '<li>商品</li>'); };
document.getElementById('tab').onclick = function () { document.getElementById('licence').hidden = false; };
</script>`);
      expect(await loadMore(page, 2_000, null)).toEqual(['加载更多', '加载更多', '加载更多']);
      expect(await revealHidden(page, 2_000)).toEqual(['店铺资质']);
      expect(await page.locator('#licence').isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
