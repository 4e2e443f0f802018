// A single-page app with hash routes: the footer, its links and every document are built in the
// browser from JSON fetched after load. The visit waits for what the page renders, follows the
// hash routes as pages of their own, and captures each with its fragment and its rendered text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../rules/types.js';
import { listenLocal, routeTable, sendBody, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { visitForTest } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const DOCUMENTS: Record<string, { title: string; text: string }> = {
  agreement: { title: '用户服务协议', text: '第一条 本协议是您与单页商城之间关于使用平台服务所订立的协议。' },
  licence: { title: '营业执照信息', text: '企业名称：杭州单页网络科技有限公司 统一社会信用代码：91330106673959654P' },
};

// The app: fetches its footer after a delay, renders the route in location.hash, re-renders on hashchange.
const APP = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>单页商城</title></head>
<body><div id="app">加载中…</div><footer id="foot"></footer>
<script>
function json(url) { return fetch(url).then(function (r) { return r.json(); }); }
function route() {
  var name = (location.hash.match(/^#\\/([a-z]+)/) || [])[1];
  if (!name) { document.getElementById('app').innerHTML = '<h1>单页商城</h1><p>今日推荐</p>'; return; }
  json('/api/doc/' + name).then(function (d) { document.title = d.title + ' - 单页商城'; document.getElementById('app').innerHTML = '<h1>' + d.title + '</h1><p>' + d.text + '</p>'; });
}
setTimeout(function () {
  json('/api/footer').then(function (links) {
    document.getElementById('foot').innerHTML = links.map(function (l) { return '<a href="' + l.href + '">' + l.text + '</a>'; }).join(' | ');
  });
}, 300);
window.addEventListener('hashchange', route);
route();
</script></body></html>`;

const json = (body: unknown) => Buffer.from(JSON.stringify(body));
let server: LocalServer;
let snapshots: Snapshot[];
const tmp = tempDir();

beforeAll(async () => {
  server = await listenLocal(
    routeTable(
      {
        '/': (_req, res) => sendHtml(res, 200, APP),
        '/api/footer': (_req, res) => sendBody(res, 200, 'application/json', json([{ text: '用户协议', href: '#/agreement' }, { text: '营业执照', href: '#/licence' }])),
      },
      (_req, res, url) => {
        const doc = DOCUMENTS[url.pathname.replace('/api/doc/', '')];
        if (doc) sendBody(res, 200, 'application/json', json(doc));
        else sendHtml(res, 404, 'not found');
      },
    ),
  );
  const platform = { id: 'spa', name: '杭州单页网络科技有限公司', uscc: '91330106673959654P', url: server.url, risk: 'general' as const };
  snapshots = await visitForTest(tmp.dir, platform, ['homepage', 'agreement', 'licence']);
}, 120_000);

afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('a client-rendered app with hash routes', () => {
  it('finds the links its script renders after load, and visits each hash route as a page of its own', () => {
    const byKind = Object.fromEntries(snapshots.map((s) => [s.kind, s]));
    expect(snapshots.map((s) => s.kind).sort()).toEqual(['agreement', 'homepage', 'licence']);
    expect(byKind.agreement!.finalUrl).toBe(`${server.url}#/agreement`);
    expect(byKind.licence!.finalUrl).toBe(`${server.url}#/licence`);
  });

  it('captures what each route rendered, not the loading shell', () => {
    for (const [kind, doc] of Object.entries(DOCUMENTS)) {
      const s = snapshots.find((x) => x.kind === kind)!;
      expect(s.failure).toBeNull();
      expect(s.html).toContain(doc.text);
      expect(s.title).toBe(`${doc.title} - 单页商城`);
    }
  });
});
