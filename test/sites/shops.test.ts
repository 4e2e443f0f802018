// A quick self-check of the labelled shop platforms over plain HTTP (no browser): every route
// answers, each family searches the way it is meant to (family 2's results are only in its JSON;
// family 5 is an app whose pages are hash routes, read here through the JSON its script reads),
// results link to exactly the labelled items and shops, and the pages show what the labels say,
// so the expected verdicts derived from them hold. The parts are found by the class names the
// family's markup gives them (the flash-sale site's are hashed, as its build makes them).
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUscc } from '../../rules/lib/uscc.js';
import { DECLARATIONS } from '../../src/demo/shops/common.js';
import { PLATFORM_CHECKS, SHOP_CHECKS, startShopSites, type ShopSites } from '../../src/demo/shops/index.js';
import { pagePath } from '../eval/eval.js';

const KEYWORDS = ['手机', '纸巾', '牛奶'];

/** Where each family's results page is (family 2's is a shell its script fills from /api/search). */
const RESULTS: Record<string, string> = { youpin: '/search?keyword=', kuaigou: '/search?w=', baibao: '/s?q=', haopi: '/offer_search.htm?keywords=', temai: '/search?q=', shuxiang: '/search?key=', linli: '/search?kw=' };
/** Platforms whose operator sells nothing itself: no 自营 shop, no listing is or is marked 自营. */
const NO_OPERATOR_SHOP = ['haopi', 'xianqu', 'linli'];

/** The selectors of the parts the checks read: common.ts's class names, or a family's own. */
const PARTS = { sellerLink: '.seller-box a', selfTag: 'h1 .tag-self', licence: '.seller-licence', regMark: '.reg-mark', addOn: '.addon input[type=checkbox]', addOnNote: '.addon-note', title: '' };
const FAMILY_PARTS: Record<string, Partial<typeof PARTS>> = {
  youpin: { title: '.result-item .title a' },
  baibao: { title: 'a.title' },
  haopi: { title: '.offer-title a' },
  temai: { sellerLink: '._sH0p4 a', selfTag: 'h1 ._2vR8c', licence: '._l2Cs8', regMark: '._r5Gm1', addOn: '._1pW3e [role=checkbox]', addOnNote: '._6uYb1', title: '._6bYh3 a' },
  shuxiang: { title: '.bigimg .name a' },
  linli: { title: '.deals a' },
};
const parts = (id: string) => ({ ...PARTS, ...FAMILY_PARTS[id] });
const resultsAt = (id: string, keyword: string) => `${RESULTS[id]}${encodeURIComponent(keyword)}`;

const get = (url: string) => fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(3000) });

async function html(url: string): Promise<cheerio.CheerioAPI> {
  const res = await get(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return cheerio.load(await res.text());
}

const text = ($: cheerio.CheerioAPI, sel = 'body') => $(sel).text().replace(/\s+/g, '');

let sites: ShopSites;
const base = (id: string) => sites.platforms.find((p) => p.id === id)!.url;
const at = (id: string, path: string) => new URL(path, base(id)).href;

beforeAll(async () => {
  sites = await startShopSites();
});
afterAll(async () => {
  await sites?.close();
});

/** Where a link from a results page leads: its own path, or the path a click-tracking redirect sends it to. */
async function destination(id: string, href: string): Promise<string> {
  const url = new URL(href, base(id));
  const truth = sites.truth[id]!;
  if (truth.items[pagePath(url)] || truth.shops[pagePath(url)]) return pagePath(url);
  const res = await get(url.href);
  expect(res.status, `${href} is neither an item, a shop nor a click redirect`).toBe(302);
  return new URL(res.headers.get('location')!, url).pathname;
}

/** A page as its visitor sees it: served, or (a hash route) the view the app fetches for it. */
async function pageAt(id: string, path: string): Promise<cheerio.CheerioAPI> {
  if (!path.includes('#')) return html(at(id, path));
  const res = await get(at(id, `/api/view?route=${encodeURIComponent(path.slice(path.indexOf('#') + 1))}`));
  expect(res.status, path).toBe(200);
  return cheerio.load(((await res.json()) as { html: string }).html);
}

interface AppCard {
  title: string;
  href: string;
  sellerHref: string;
}

/** Every card family 5's app shows for a keyword, 加载更多 after 加载更多. */
async function appResults(keyword: string): Promise<AppCard[]> {
  const cards: AppCard[] = [];
  for (let page = 1; ; page++) {
    const body = (await (await get(at('xianqu', `/api/search?q=${encodeURIComponent(keyword)}&page=${page}`))).json()) as { total: number; cards: AppCard[] };
    cards.push(...body.cards);
    if (!body.cards.length || cards.length >= body.total) return cards;
  }
}

/** The links of a family's results for a keyword: from the page, or (family 2) from the search API. */
async function resultLinks(id: string, keyword: string): Promise<string[]> {
  if (id === 'kuaigou') {
    const res = await get(at(id, `/api/search?w=${encodeURIComponent(keyword)}`));
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as { items: { title: string; url: string; shop: { url: string } }[] };
    for (const i of body.items) expect(i.title.startsWith(keyword)).toBe(true);
    return body.items.flatMap((i) => [i.url, i.shop.url]);
  }
  if (id === 'xianqu') return (await appResults(keyword)).flatMap((c) => [c.href, c.sellerHref]);
  const $ = await html(at(id, resultsAt(id, keyword)));
  return $('main a[href]')
    .toArray()
    .map((a) => a.attribs.href!)
    // not the sort bar's own links back to the results
    .filter((h) => h !== '#' && !h.startsWith(RESULTS[id]!));
}

describe('labelled shop platforms', () => {
  it('serves eight platforms on ports of their own, with the listing, shop and platform-level checks expected for each', () => {
    expect(sites.platforms.map((p) => p.id)).toEqual(['youpin', 'kuaigou', 'baibao', 'haopi', 'xianqu', 'temai', 'shuxiang', 'linli']);
    expect(new Set(sites.platforms.map((p) => p.url)).size).toBe(8);
    for (const p of sites.platforms) {
      expect(isValidUscc(p.uscc), p.id).toBe(true);
      expect(Object.keys(sites.expected[p.id]!)).toEqual([...SHOP_CHECKS, ...PLATFORM_CHECKS]);
    }
  });

  it('shows on each operator shop, or its licence page, the roster name and code; the wholesale, second-hand and services operators sell nothing themselves', async () => {
    for (const p of sites.platforms) {
      const truth = sites.truth[p.id]!;
      const own = [...new Set(Object.values(truth.items).filter((i) => i.selfOperated).map((i) => i.sellerShop))];
      expect(own.length > 0, p.id).toBe(!NO_OPERATOR_SHOP.includes(p.id));
      for (const shop of own) {
        const link = truth.shops[shop]!.licence === 'link';
        const shown = text(await html(at(p.id, link ? `${shop}/licence` : shop)));
        expect(shown, shop).toContain(p.name);
        expect(shown, shop).toContain(p.uscc);
      }
    }
  });

  it('has a search box of its own kind on each homepage', async () => {
    const youpin = await html(base('youpin'));
    expect(youpin('form[action="/search"] input[name="keyword"]')).toHaveLength(1);
    const kuaigou = await html(base('kuaigou'));
    expect(kuaigou('form#search-form input[name="w"]')).toHaveLength(1);
    expect(kuaigou('script').text()).toContain("fetch('/api/search?w='");
    const baibao = await html(base('baibao'));
    expect(baibao('header form')).toHaveLength(0);
    expect(baibao('header input#q')).toHaveLength(1);
    expect(baibao('script').text()).toContain("location.href = '/s?q='");
    const haopi = await html(base('haopi'));
    expect(haopi('form[action="/offer_search.htm"] input[name="keywords"]')).toHaveLength(1);
    const xianqu = await html(base('xianqu'));
    expect(xianqu('header form')).toHaveLength(0);
    expect(xianqu('header .search-box input')).toHaveLength(1);
    expect(xianqu('script').text()).toContain("location.hash = '#/search?q='");
    for (const [id, name] of [['temai', 'q'], ['shuxiang', 'key'], ['linli', 'kw']] as const) {
      expect((await html(base(id)))(`form[action="/search"] input[name="${name}"]`), id).toHaveLength(1);
    }
  });

  it('keeps family 2’s results out of the served HTML: they come from /api/search', async () => {
    for (const path of ['/', `/search?w=${encodeURIComponent('手机')}`]) {
      const $ = await html(at('kuaigou', path));
      const served = $.html();
      expect(text($, 'main')).not.toMatch(/¥\d/);
      for (const item of Object.keys(sites.truth.kuaigou!.items)) expect(served).not.toContain(item);
    }
    expect(await resultLinks('kuaigou', '手机')).not.toEqual([]);
  });

  it('answers any keyword with results that link to exactly the labelled items and their shops', async () => {
    for (const p of sites.platforms) {
      const truth = sites.truth[p.id]!;
      for (const keyword of [...KEYWORDS, '随便什么']) {
        const paths = await Promise.all((await resultLinks(p.id, keyword)).map((h) => destination(p.id, h)));
        const items = new Set(paths.filter((x) => truth.items[x]));
        expect([...items].sort(), `${p.id} ${keyword}`).toEqual(Object.keys(truth.items).sort());
        for (const x of paths.filter((x) => !truth.items[x])) expect(truth.shops[x], `${p.id} ${x}`).toBeDefined();
      }
    }
  });

  it('links each product page to its labelled seller, and each shop page shows what its labels say', async () => {
    for (const p of sites.platforms) {
      const truth = sites.truth[p.id]!;
      for (const [path, item] of Object.entries(truth.items)) {
        const $ = await pageAt(p.id, `${path}?kw=${encodeURIComponent('牛奶')}`);
        expect($('h1').text(), path).toContain('牛奶');
        expect(pagePath(new URL($(parts(p.id).sellerLink).attr('href')!, at(p.id, path))), path).toBe(item.sellerShop);
        expect($(parts(p.id).selfTag).length > 0, path).toBe(item.selfOperatedMark);
      }
      for (const [path, shop] of Object.entries(truth.shops)) {
        const $ = await pageAt(p.id, path);
        const info = text($, parts(p.id).licence);
        const code = /[0-9A-Z]{18}/.exec(info)?.[0];
        const declared = Object.values(DECLARATIONS).some((d) => info.includes(d));
        const licenceLink = $(`${parts(p.id).licence} a, a${parts(p.id).licence}`).attr('href');
        expect(declared, path).toBe(shop.licence === 'declaration');
        expect(Boolean(licenceLink), path).toBe(shop.licence === 'link');
        if (licenceLink) expect(text(await html(at(p.id, licenceLink)))).toMatch(/统一社会信用代码[0-9A-Z]{18}/);
        expect(code !== undefined, path).toBe(shop.licence === 'text' || shop.licence === 'bad-checksum');
        if (code) expect(isValidUscc(code), path).toBe(shop.licence === 'text');
        if (shop.licence === 'paraphrased') expect(info).toContain('店主说明');
        if (shop.licence === 'none') expect(info).toBe('');
        // A mark, when there is one, states the seller's kind: unregistered exactly for the declaring individuals.
        const mark = $(parts(p.id).regMark);
        expect(mark.length, path).toBe(shop.registrationMark === 'none' ? 0 : 1);
        expect(mark.hasClass('folded') || mark.attr('hidden') !== undefined, path).toBe(shop.registrationMark === 'hidden');
        if (mark.length) expect(mark.text() === '未办理市场主体登记', path).toBe(shop.licence === 'declaration' || shop.licence === 'paraphrased');
      }
    }
  });

  it('redirects click-tracking links to the product, and answers unknown paths with 404', async () => {
    const res = await get(at('youpin', '/click?adid=yp1&url=%2Fitem%2F1101.html'));
    expect([res.status, res.headers.get('location')]).toEqual([302, '/item/1101.html']);
    expect((await get(at('baibao', '/ad/click?url=https%3A%2F%2Fexample.com%2F'))).status).toBe(400);
    expect((await get(at('kuaigou', '/goods/9999'))).status).toBe(404);
  });

  it('expects compliant and problem cases of every check, and each registration-mark verdict on one platform', () => {
    for (const p of sites.platforms) {
      const e = sites.expected[p.id]!;
      // an operator that sells nothing itself: none of its listings is, or is marked, 自营
      for (const check of ['ad-label', ...(NO_OPERATOR_SHOP.includes(p.id) ? [] : ['self-operated-label' as const]), 'seller-licence-display'] as const) {
        expect(Object.values(e[check].subjects), `${p.id} ${check}`).toEqual(expect.arrayContaining(['compliant', 'violation']));
      }
    }
    const platformVerdicts = (check: (typeof PLATFORM_CHECKS)[number] | 'seller-registration-mark') => sites.platforms.map((p) => sites.expected[p.id]![check].platform);
    expect(platformVerdicts('seller-registration-mark')).toEqual(['compliant', 'violation', 'needs-review', 'violation', 'needs-review', 'compliant', 'needs-review', 'compliant']);
    expect(platformVerdicts('search-display')).toEqual(['compliant', 'violation', 'needs-review', 'compliant', 'needs-review', 'compliant', 'needs-review', 'compliant']);
    expect(platformVerdicts('tying')).toEqual(['compliant', 'violation', 'needs-review', 'needs-review', 'violation', 'compliant', 'compliant', 'violation']);
    expect(platformVerdicts('prohibited-listings')).toEqual(['compliant', 'compliant', 'needs-review', 'needs-review', 'needs-review', 'needs-review', 'compliant', 'needs-review']);
  });

  it('answers a prohibited keyword with the catalogue as plain suggestions, plus only the listings its filter missed', async () => {
    const titles = async (id: string, keyword: string): Promise<string[]> => {
      const q = encodeURIComponent(keyword);
      if (id === 'kuaigou') return ((await (await get(at(id, `/api/search?w=${q}`))).json()) as { items: { title: string }[] }).items.map((i) => i.title);
      if (id === 'xianqu') return (await appResults(keyword)).map((c) => c.title);
      const $ = await html(at(id, resultsAt(id, keyword)));
      return $(parts(id).title).toArray().map((a) => $(a).text());
    };
    const missed: Record<string, [keyword: string, title: string]> = {
      baibao: ['军服', '仿制 军服 作训服 迷彩套装'],
      haopi: ['氰化钠', '工业级 氰化钠 98% 25kg/袋 现货'],
      // last of its results, behind two clicks of 加载更多
      xianqu: ['象牙', '老物件 象牙 手镯 保真 包老'],
      // a brand session of its own
      temai: ['特供', '酱香型 白酒 53度 特供 礼盒装 500ml'],
      // one of a merchant's deals
      linli: ['长江野生', '团购：仅售888元，价值1288元长江野生江鲜宴 刀鱼 鮰鱼'],
    };
    for (const p of sites.platforms) {
      for (const keyword of Object.values(missed).map(([k]) => k)) {
        const found = await titles(p.id, keyword);
        expect(found.length, p.id).toBeGreaterThanOrEqual(Object.keys(sites.truth[p.id]!.items).length);
        expect(found.filter((t) => t.includes(keyword)), p.id).toEqual(missed[p.id]?.[0] === keyword ? [missed[p.id]![1]] : []);
      }
    }
    expect((await titles('xianqu', '象牙')).at(-1)).toBe(missed.xianqu![1]);
    expect(sites.truth.baibao!.prohibitedListings).toEqual(['/detail/3901.htm']);
    expect(sites.truth.haopi!.prohibitedListings).toEqual(['/offer/69001.html']);
    expect(sites.truth.xianqu!.prohibitedListings).toEqual(['/#/item/79001']);
  });

  it('shows the sort bar, 个性化推荐 switch or link and add-on its site labels state', async () => {
    for (const p of sites.platforms) {
      const site = sites.truth[p.id]!.site;
      // family 5's results are drawn by its app, sort bar and all
      const app = p.id === 'xianqu' ? (await html(base(p.id)))('script').text() : null;
      const results = app ? cheerio.load(/<div class="sort-bar">.*?<\/div>/.exec(app)![0]) : await html(at(p.id, resultsAt(p.id, '牛奶')));
      const sorts = results('.sort-bar a, [role=tablist] [role=tab]').toArray().map((a) => results(a).text());
      // an order besides the default: 销量, 价格, 最新发布, 离我最近 …
      expect(sorts.filter((w) => !/个性化/.test(w)).length > 1, p.id).toBe(site.sortOptions);
      const privacy = await html(at(p.id, '/privacy'));
      const switchOnPrivacy = privacy('input[role=switch]').length > 0 && text(privacy).includes('个性化推荐');
      const onResults = /不看个性化推荐|非个性化排序/.test(text(results));
      expect(switchOnPrivacy || onResults, p.id).toBe(site.nonPersonalisedOption);
      const product = await pageAt(p.id, Object.keys(sites.truth[p.id]!.items)[0]!);
      const box = product(parts(p.id).addOn);
      expect(box.length, p.id).toBe(site.addOn === 'none' ? 0 : 1);
      expect(product(parts(p.id).addOnNote).length > 0, p.id).toBe(site.addOn === 'unchecked-with-notice');
      // ticked in the HTML the app draws, or (served unticked) by a script after load
      const ticked = box.attr('checked') !== undefined || box.attr('aria-checked') === 'true' || /\.checked = true/.test(product('.addon + script').text());
      expect(ticked, p.id).toBe(site.addOn === 'pre-checked');
    }
  });
});
