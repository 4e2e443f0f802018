// A shop whose licence information sits behind a 店铺资质 tab, its panel loaded on click: the
// visit opens the tab before the capture, so the information is captured as shown, with its box,
// and the tab's words are in the page metadata. A link to another page is not clicked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATION } from '../../rules/lib/rendered.js';
import { loadHtml } from '../../rules/lib/text.js';
import type { Snapshot } from '../../rules/types.js';
import { listenLocal, sendBody, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { visitForTest } from '../helpers/scan.js';
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

const tmp = tempDir();
let server: LocalServer;
let shop: Snapshot;
let elsewhere = 0;

beforeAll(async () => {
  server = await listenLocal((_req, res, url) => {
    if (url.pathname === '/api/licence') return sendBody(res, 200, 'text/plain; charset=utf-8', Buffer.from(LICENCE));
    if (url.pathname === '/elsewhere') elsewhere++;
    sendHtml(res, 200, SHOP);
  });
  const platform = { id: 'reveal', name: '某某网络科技有限公司', uscc: '91330106MA27U8XK3X', url: server.url, risk: 'general' as const };
  // The homepage is the shop page here: what is revealed on a homepage is revealed on a shop page alike.
  shop = (await visitForTest(tmp.dir, platform, ['homepage']))[0]!;
}, 120_000);

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('content behind a tab', () => {
  it('is opened before the capture and captured as shown, with its box', () => {
    const $ = loadHtml(shop.html);
    const lic = $('p.lic');
    expect(lic.text()).toBe(LICENCE);
    expect(lic.attr(ANNOTATION.hidden)).toBeUndefined();
    expect(lic.attr(ANNOTATION.box)).toMatch(/^\d+,\d+,\d+,\d+$/);
  });

  it('names the tabs it opened in the page metadata, and follows no link to another page', () => {
    const meta = JSON.parse(readFileSync(join(tmp.dir, shop.files.find((f) => f.kind === 'page-metadata')!.path), 'utf8')) as { revealed: string[] };
    expect(meta.revealed).toEqual(['店铺资质']);
    expect(elsewhere).toBe(0);
  });
});
