// What the visit learns from a search and how it names a listing: pure functions of URLs.
import { describe, expect, it } from 'vitest';
import { pageKey, templateFromResult } from '../../src/crawl/follow.js';

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
