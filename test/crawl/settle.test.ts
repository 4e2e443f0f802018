// Settling waits for what the page has under way, not for a fixed quiet network: a footer a
// script draws 700 ms after the load (past networkidle's 500 ms), a list a slow response fills, a
// search box's debounce then its request, a click's request Node has not heard of; and a page
// that never stops moving (a ticker, a carousel, a polling loop) settles all the same instead of
// waiting out the limit.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOptions } from '../../src/browser/chromium.js';
import { settle, watchPage } from '../../src/crawl/settle.js';
import { listenLocal, sendHtml, sendJson, type LocalServer } from '../../src/demo/http.js';

const page = (body: string) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

const PAGES: Record<string, string> = {
  '/late-footer': page(`<main>商品</main><script>addEventListener('load', function () { setTimeout(function () {
    document.body.insertAdjacentHTML('beforeend', '<footer>营业执照：91330106673959654P</footer>'); }, 700); });</script>`),
  '/slow-list': page(`<ul id="list"></ul><script>fetch('/api/slow').then(function (r) { return r.json(); }).then(function (items) {
    document.getElementById('list').innerHTML = items.map(function (i) { return '<li>' + i + '</li>'; }).join(''); });</script>`),
  '/debounce': page(`<input id="q"><ul id="hits"></ul><script>var t; document.getElementById('q').addEventListener('input', function (e) {
    clearTimeout(t); t = setTimeout(function () { fetch('/api/slow').then(function (r) { return r.json(); }).then(function (items) {
    document.getElementById('hits').innerHTML = items.map(function (i) { return '<li>' + e.target.value + i + '</li>'; }).join(''); }); }, 300); });</script>`),
  '/click-fetch': page(`<button id="more">加载更多</button><ul id="list"></ul><script>document.getElementById('more').addEventListener('click', function () {
    fetch('/api/slow').then(function (r) { return r.json(); }).then(function (items) { document.getElementById('list').innerHTML = items.map(function (i) { return '<li>' + i + '</li>'; }).join(''); }); });</script>`),
  '/restless': page(`<div id="ticker" style="position:relative">公告：平台规则更新</div><div id="slide">1</div><span id="poll"></span><script>
    var top = 0; setInterval(function () { document.getElementById('ticker').style.top = (top = (top + 1) % 20) + 'px'; }, 30);
    (function next(n) { setTimeout(function () { document.getElementById('slide').textContent = String(n); next(n + 1); }, 3000); })(2);
    (function poll() { setTimeout(poll, 100); })();</script>`),
};

let server: LocalServer;
let browser: Browser;

beforeAll(async () => {
  server = await listenLocal((_req, res, url) => {
    if (url.pathname === '/api/slow') return void setTimeout(() => sendJson(res, 200, ['一', '二', '三']), 600);
    sendHtml(res, 200, PAGES[url.pathname] ?? page('首页'));
  });
  browser = await chromium.launch(launchOptions());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function opened(path: string): Promise<Page> {
  const tab = await browser.newPage();
  await watchPage(tab);
  await tab.goto(`${server.url}${path.slice(1)}`, { waitUntil: 'load' });
  return tab;
}

const LIMIT_MS = 10_000;

describe('settling a page', () => {
  it('waits for a footer a short timer draws after the load', async () => {
    const tab = await opened('/late-footer');
    await settle(tab, LIMIT_MS);
    expect(await tab.textContent('footer')).toContain('营业执照');
    await tab.close();
  });

  it('waits for a slow response and what the page draws from it', async () => {
    const tab = await opened('/slow-list');
    await settle(tab, LIMIT_MS);
    expect(await tab.locator('li').count()).toBe(3);
    await tab.close();
  });

  it('waits for a debounce and the request it starts', async () => {
    const tab = await opened('/debounce');
    await tab.fill('#q', '手机');
    await settle(tab, LIMIT_MS);
    expect(await tab.locator('#hits li').allTextContents()).toEqual(['手机一', '手机二', '手机三']);
    await tab.close();
  });

  it('waits for a request a click starts even before Node hears of it (here: never)', async () => {
    const tab = await opened('/click-fetch');
    // a busy machine reports the request to Node late; with no report at all the page's own count must hold
    tab.removeAllListeners('request');
    await tab.click('#more');
    await settle(tab, LIMIT_MS);
    expect(await tab.locator('li').count()).toBe(3);
    await tab.close();
  });

  it('settles a page that never stops moving (a ticker, a carousel, a polling loop) without waiting out the limit', async () => {
    const tab = await opened('/restless');
    const start = performance.now();
    await settle(tab, LIMIT_MS);
    expect(performance.now() - start).toBeLessThan(LIMIT_MS / 2);
    await tab.close();
  });
});
