import { describe, expect, it } from 'vitest';
import { linked, page, platform, snapshot } from '../../test/helpers/snapshots.js';
import type { Snapshot } from '../types.js';
import { CHROME_ATTRIBUTE, ownContent, platformChrome } from './chrome.js';
import { placementOf } from './placement.js';
import { sellerIdentity, shopLicence } from './sellers.js';

const ROSTER = platform({ name: '某某网络科技有限公司', uscc: '91330106673959654P' });
const SELLER = { name: '杭州小米专卖贸易有限公司', uscc: '91110105721471662U' };
// No <footer>, no footer-like class: a hashed class name, as a build tool leaves it.
const FOOTER = `<div class="c9x2"><p>营业执照：${ROSTER.name} 统一社会信用代码：${ROSTER.uscc}</p><p>浙ICP备12345678号-1</p></div>`;
const NAV = '<div class="k1a"><a href="/">首页</a><a href="/help">帮助中心</a><a href="/zy">某某自营</a></div>';
const SELLER_BLOCK = `<div class="q7r"><p>经营者：${SELLER.name}</p><p>统一社会信用代码：${SELLER.uscc}</p></div>`;
const at = (body: string) => page(`${NAV}<div class="m0">${body}</div>${FOOTER}`);

const home = snapshot({ html: at('<h1>欢迎</h1>') });
const OWN_BLOCK = `<div class="q7r"><p>经营者：${ROSTER.name}</p><p>统一社会信用代码：${ROSTER.uscc}</p></div>`;
/** A product page, with its seller's block as product pages repeat it from the shop. */
const product = (id: string, shopPath: string, block = SELLER_BLOCK) =>
  snapshot({ id, kind: 'product', url: `https://shop.example.cn/item/${id}`, via: 'p01', depth: 2, html: at(`<h1>商品 ${id}</h1><a href="${shopPath}">进入店铺</a>${block}`) });
const shopPage = (via: Snapshot, path: string, body: string) => linked(via, path, { id: `${via.id}s`, kind: 'shop', html: at(body) });

describe('chrome learnt from the platform\'s pages', () => {
  const p1 = product('p02', '/shop/8');
  const s1 = shopPage(p1, '/shop/8', `<h2>小米专卖店</h2>${SELLER_BLOCK}`);
  const snapshots = [home, p1, s1];

  it('marks what pages of different owners repeat (navigation, footer), not the seller block its shop\'s pages repeat', () => {
    const $ = ownContent(snapshots, s1);
    const marked = $(`[${CHROME_ATTRIBUTE}]`).toArray().map((el) => $(el).attr('class'));
    expect(marked).toEqual(['k1a', 'c9x2']);
    const code = $('p').filter((_, el) => $(el).text().includes(ROSTER.uscc))[0]!;
    expect(placementOf($, code, 3000)).toEqual({ region: 'chrome', by: 'repetition', element: 'div' });
    const own = $('p').filter((_, el) => $(el).text().includes(SELLER.uscc))[0]!;
    expect(placementOf($, own, 3000).region).not.toBe('chrome');
    expect(platformChrome(snapshots)).toBe(platformChrome(snapshots)); // learnt once per visit
  });

  it('keeps the operator\'s code in the repeated footer from making a third-party shop the operator\'s', () => {
    expect(sellerIdentity(shopLicence(snapshots, s1), ROSTER)).toEqual({ seller: 'third-party', by: 'uscc', usccs: [SELLER.uscc], names: [SELLER.name] });
  });

  it('still reads the operator\'s own shop, whose licence block is its own content', () => {
    const own = product('p03', '/shop/self', OWN_BLOCK);
    const self = shopPage(own, '/shop/self', `<h2>某某自营旗舰店</h2>${OWN_BLOCK}`);
    expect(sellerIdentity(shopLicence([home, p1, s1, own, self], self), ROSTER)).toMatchObject({ seller: 'operator', by: 'uscc' });
  });

  it('keeps the operator\'s own shop\'s licence page, whose table is the platform licence page\'s, as the shop\'s own', () => {
    const table = `<table><tr><td>名称</td><td>${ROSTER.name}</td></tr><tr><td>统一社会信用代码</td><td>${ROSTER.uscc}</td></tr></table>`;
    const platformLicence = linked(home, '/licence', { id: 'p09', kind: 'licence', html: at(`<h1>营业执照信息</h1>${table}`) });
    const own = product('p03', '/shop/self', '');
    const self = shopPage(own, '/shop/self', '<h2>某某自营旗舰店</h2><a href="/shop/self/licence">营业执照</a>');
    const selfLicence = linked(self, '/shop/self/licence', { id: 'p10', kind: 'licence', html: at(`<h1>某某自营旗舰店 · 营业执照信息</h1>${table}`) });
    expect(sellerIdentity(shopLicence([home, platformLicence, p1, s1, own, self, selfLicence], self), ROSTER)).toMatchObject({ seller: 'operator', by: 'uscc' });
  });

  it('leaves to each shop what every shop page repeats but no other page: its badge, its licence link', () => {
    const template = (n: number) => `<h2>店铺 ${n}</h2><span class="b2">已办理市场主体登记</span><p class="l4"><a href="/shop/${n}/licence">营业执照</a></p>`;
    const pages = [1, 2].map((n) => {
      const p = product(`p0${n + 4}`, `/shop/${n}`, '');
      return [p, shopPage(p, `/shop/${n}`, template(n))] as const;
    });
    const snapshots = [home, ...pages.flat()];
    const $ = ownContent(snapshots, pages[0]![1]);
    expect($(`[${CHROME_ATTRIBUTE}]`).toArray().map((el) => $(el).attr('class'))).toEqual(['k1a', 'c9x2']);
  });

  it('learns nothing from a platform of one page', () => {
    expect(platformChrome([home]).size).toBe(0);
  });
});
