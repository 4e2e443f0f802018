// The visit finds a platform's own search whatever its form, runs each probe keyword, and
// follows sampled results to products, their shops and the shops' licence pages: real Chromium
// against three small sites served here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageKind, Snapshot } from '../../rules/types.js';
import { listenLocal, routeTable, sendBody, sendHtml, type Handler } from '../../src/demo/http.js';
import { visitPlatform } from '../../src/crawl/visit.js';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const results = (q: string) =>
  Array.from({ length: 6 }, (_, i) => `<li class="item"><a href="/item/${i}">${q} 商品${i}</a><span class="price">¥${i + 10}.00</span>${i === 4 ? '<span class="tag">广告</span>' : ''}</li>`).join('');

const HOMES: Record<string, string> = {
  'get-form': `<form action="/search"><input name="keyword"><button>搜索</button></form>`,
  'script-button': `<div class="search"><input id="kw" placeholder="搜索商品"><a class="search-btn" href="javascript:void 0" onclick="location.href='/s?q='+encodeURIComponent(document.getElementById('kw').value)">搜索</a></div>`,
  'rendered-in-place': `<form id="f"><input name="w" placeholder="搜索"><button>搜</button></form><ul id="r"></ul>
    <script>document.getElementById('f').onsubmit=function(e){e.preventDefault();fetch('/api/search?w='+encodeURIComponent(this.w.value)).then(r=>r.json()).then(d=>{document.getElementById('r').innerHTML=d.html})}</script>`,
  'links-only': `<p>热搜：<a href="/search?keyword=%E7%A4%BA%E4%BE%8B">示例</a></p>`,
  'no-search': `<p>本店暂无搜索</p>`,
};

function site(family: string): Handler {
  const list: Handler = (_req, res, url) => sendHtml(res, 200, `<ul>${results(url.searchParams.get('keyword') ?? url.searchParams.get('q') ?? '')}</ul>`);
  return routeTable(
    {
      '/': (_req, res) => sendHtml(res, 200, `<html><body>${HOMES[family]}</body></html>`),
      '/search': list,
      '/s': list,
      '/api/search': (_req, res, url) => sendBody(res, 200, 'application/json', Buffer.from(JSON.stringify({ html: results(url.searchParams.get('w') ?? '') }))),
    },
    (_req, res, url) => {
      const item = /^\/item\/(\d+)$/.exec(url.pathname);
      const shop = /^\/shop\/(\d+)$/.exec(url.pathname);
      if (item) return sendHtml(res, 200, `<h1>商品${item[1]}</h1><a href="/shop/${Number(item[1]) % 2}">进入店铺</a>`);
      if (shop) return sendHtml(res, 200, `<h1>店铺${shop[1]}</h1><a href="/shop/${shop[1]}/licence">营业执照</a>`);
      sendHtml(res, 200, '<h1>营业执照信息</h1><p>名称：某某商贸有限公司</p>');
    },
  );
}

const ALL_KINDS = new Set<PageKind>(['homepage', 'search', 'product', 'shop', 'licence']);

// One visit a family, shared by the tests that look at it.
const visits = new Map<string, Promise<{ snapshots: Snapshot[]; base: string }>>();
function visit(family: string): Promise<{ snapshots: Snapshot[]; base: string }> {
  if (!visits.has(family)) visits.set(family, visitOnce(family));
  return visits.get(family)!;
}

async function visitOnce(family: string): Promise<{ snapshots: Snapshot[]; base: string }> {
  const server = await listenLocal(site(family));
  try {
    const bundle = new EvidenceBundle(tmp.dir, family);
    bundle.reset();
    const platform = { id: family, name: '某某商贸有限公司', uscc: '91330106673959654P', url: server.url, risk: 'general' as const };
    const snapshots = await visitPlatform(platform, bundle, { ...FAST_VISIT, keywords: ['手机', '纸巾'], productSample: 2, shopSample: 2 }, { pageKinds: ALL_KINDS, queries: ['军服'] }).snapshots;
    return { snapshots, base: server.url };
  } finally {
    await server.close();
  }
}

const path = (s: Snapshot, base: string) => s.finalUrl.replace(base, '/');

// Every family's visit at once: they wait on their pages far more than they compute.
beforeAll(async () => {
  await Promise.all(Object.keys(HOMES).map(visit));
}, 120_000);

describe('probe searches', () => {
  it.each([
    ['get-form', /^\/search\?keyword=/],
    ['script-button', /^\/s\?q=/],
    ['rendered-in-place', /^\/$/],
    ['links-only', /^\/search\?keyword=/],
  ])('runs every keyword, then the checks’ own queries, through a %s search and captures the rendered results', async (family, where) => {
    const { snapshots, base } = await visit(family);
    const searches = snapshots.filter((s) => s.kind === 'search');
    expect(searches.map((s) => s.query)).toEqual(['手机', '纸巾', '军服']);
    for (const s of searches) {
      expect(s.failure).toBeNull();
      expect(path(s, base)).toMatch(where);
      expect(s.html).toContain(`${s.query} 商品0`);
    }
  });

  it('follows the paid result and a sample of others, then their shops and the shops’ licence pages', async () => {
    const { snapshots, base } = await visit('get-form');
    const byKind = (k: PageKind) => snapshots.filter((s) => s.kind === k);
    expect(byKind('product').map((s) => path(s, base)).sort()).toEqual(['/item/0', '/item/1', '/item/4']);
    expect(byKind('shop').map((s) => path(s, base)).sort()).toEqual(['/shop/0', '/shop/1']);
    for (const licence of byKind('licence')) expect(byKind('shop').map((s) => s.id)).toContain(licence.via);
    expect(byKind('licence')).toHaveLength(2);
  });

  it('records every keyword of a site without search as not searched, not as empty results', async () => {
    const { snapshots } = await visit('no-search');
    const searches = snapshots.filter((s) => s.kind === 'search');
    expect(searches.map((s) => [s.query, s.failure?.reason])).toEqual(['手机', '纸巾', '军服'].map((k) => [k, 'page-kind-not-found']));
  });
});
