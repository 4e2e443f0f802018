// What the visit learns from a search, how it names a listing and what it samples from results:
// pure functions of URLs and captured pages.
import { describe, expect, it } from 'vitest';
import type { PageKind } from '../../rules/types.js';
import { followFrom, FollowState, pageKey, templateFromResult, type FollowOptions } from '../../src/crawl/follow.js';
import { page, snapshot } from '../helpers/snapshots.js';

describe('the search URL a result reveals', () => {
  it('takes the parameter that holds the keyword, in the query or in a hash route’s own query', () => {
    expect(templateFromResult('https://s.example.cn/search?q=%E6%89%8B%E6%9C%BA&page=1', '手机')).toBe('https://s.example.cn/search?q={keyword}&page=1');
    expect(templateFromResult('https://m.example.cn/#/search?q=%E6%89%8B%E6%9C%BA&sort=0', '手机')).toBe('https://m.example.cn/#/search?q={keyword}&sort=0');
    expect(templateFromResult('https://m.example.cn/#!/s?kw=%E6%89%8B%E6%9C%BA', '手机')).toBe('https://m.example.cn/#!/s?kw={keyword}');
  });

  it('takes the path segment that holds the keyword, whole or in part, where no parameter does', () => {
    expect(templateFromResult('https://www.example.cn/search/keyword/2/0_%E6%89%8B%E6%9C%BA', '手机')).toBe('https://www.example.cn/search/keyword/2/0_{keyword}');
    expect(templateFromResult('https://s.example.cn/s/%E6%89%8B%E6%9C%BA.html?from=home', '手机')).toBe('https://s.example.cn/s/{keyword}.html?from=home');
  });

  it('learns nothing where the keyword is in no parameter nor the path, or only after a plain anchor', () => {
    expect(templateFromResult('https://s.example.cn/search?id=1', '手机')).toBeNull();
    expect(templateFromResult('https://s.example.cn/list#top?q=%E6%89%8B%E6%9C%BA', '手机')).toBeNull();
    expect(templateFromResult('not a url', '手机')).toBeNull();
  });
});

describe('one listing, one page', () => {
  const keywords = ['手机', '纸巾'];

  it('drops the parameters that only echo a searched keyword, in the query or a hash route', () => {
    expect(pageKey('https://shop.example.cn/item/1.html?kw=%E6%89%8B%E6%9C%BA', keywords)).toBe('https://shop.example.cn/item/1.html');
    expect(pageKey('https://shop.example.cn/item/1.html?kw=%E7%BA%B8%E5%B7%BE', keywords)).toBe('https://shop.example.cn/item/1.html');
    expect(pageKey('https://m.example.cn/#/item/71001?kw=%E6%89%8B%E6%9C%BA', keywords)).toBe('https://m.example.cn/#/item/71001');
  });

  it('keeps every parameter that names the page', () => {
    expect(pageKey('https://item.example.cn/item.htm?id=123&kw=%E6%89%8B%E6%9C%BA', keywords)).toBe('https://item.example.cn/item.htm?id=123');
    expect(pageKey('https://item.example.cn/item.htm?id=123&spm=a1', keywords)).toBe('https://item.example.cn/item.htm?id=123&spm=a1');
    expect(pageKey('https://m.example.cn/#/item/71001?from=home', keywords)).toBe('https://m.example.cn/#/item/71001?from=home');
  });
});

describe('what a results page of merchants samples', () => {
  const merchant = (n: number, paid = false) => `<li><a href="/shop/${n}"${paid ? ' data-midas-extends="module=5_ad_kwtitle"' : ''}><h4>老火锅(${n}号店)</h4></a><span>人均 ¥96</span>
    <div><a href="/deal/${n}1">团购：仅售168元，双人套餐</a><a href="/deal/${n}2">代金券：仅售88元</a><a href="/deal/${n}3">团购：仅售298元，四人餐</a><a href="/deal/${n}4">团购：仅售9元，饮料</a></div></li>`;
  const options: FollowOptions = { pageKinds: new Set<PageKind>(['search', 'product', 'shop']), maxLinksPerKind: 3, keywords: ['火锅'], queries: [], productSample: 3, shopSample: 10, maxPages: 50 };

  it('takes the merchant as a shop page and its first deals as product pages, paid cards beyond the sample', () => {
    const results = snapshot({ id: 'p02', kind: 'search', url: 'https://life.example.cn/search?kw=%E7%81%AB%E9%94%85', via: 'p01', query: '火锅', html: page(`<ul>${merchant(1)}${merchant(2, true)}${merchant(3)}</ul>`) });
    const state = new FollowState('https://life.example.cn/', undefined);
    state.searched.add('火锅');
    const next = followFrom(results, { id: 'p02', kind: 'search', depth: 1, via: 'p01', linkText: null, query: '火锅' }, state, options);
    expect(next.map((p) => [p.data.kind, new URL(p.url).pathname])).toEqual([
      ['shop', '/shop/2'],
      ['product', '/deal/21'],
      ['product', '/deal/22'],
      ['product', '/deal/23'],
      ['shop', '/shop/1'],
      ['product', '/deal/11'],
      ['product', '/deal/12'],
      ['product', '/deal/13'],
    ]);
    expect(next.find((p) => p.url.endsWith('/shop/2'))?.data.linkText).toBe('老火锅(2号店)');
  });
});
