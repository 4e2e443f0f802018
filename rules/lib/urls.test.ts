import { describe, expect, it } from 'vitest';
import { resolveHref, samePage, withoutEchoes } from './urls.js';

describe('urls', () => {
  const base = 'https://m.example.cn/index.html#/home';

  it('keeps a hash route as a page of its own and drops a plain anchor', () => {
    expect(resolveHref('#/rules/agreement', base)).toBe('https://m.example.cn/index.html#/rules/agreement');
    expect(resolveHref('#!/item/12', base)).toBe('https://m.example.cn/index.html#!/item/12');
    expect(resolveHref('/search#/result?q=手机', base)).toBe(`https://m.example.cn/search#/result?q=${encodeURIComponent('手机')}`);
    expect(resolveHref('#top', base)).toBeNull();
    expect(resolveHref('/help.html#faq', base)).toBe('https://m.example.cn/help.html');
    expect(resolveHref('javascript:void(0)', base)).toBeNull();
  });

  it('tells hash routes apart, and a page from itself with an anchor or a trailing slash', () => {
    expect(samePage('https://m.example.cn/#/item/1', 'https://m.example.cn/#/item/2')).toBe(false);
    expect(samePage('https://m.example.cn/#/item/1', 'https://m.example.cn#/item/1')).toBe(true);
    expect(samePage('https://m.example.cn/help/#faq', 'https://m.example.cn/help')).toBe(true);
  });
});

describe('withoutEchoes', () => {
  it('names one listing whichever search showed it: the searched words it echoes left out, decoded', () => {
    const a = withoutEchoes('https://s.example.cn/click?adid=1&url=%2Fitem%2F1.html%3Fkw%3D%E6%89%8B%E6%9C%BA', ['手机', '纸巾']);
    const b = withoutEchoes('https://s.example.cn/click?adid=1&url=%2Fitem%2F1.html%3Fkw%3D%E7%BA%B8%E5%B7%BE', ['手机', '纸巾']);
    expect(a).toBe(b);
    expect(withoutEchoes('https://s.example.cn/item/%E0%A4%A', ['手机'])).toBe('https://s.example.cn/item/%E0%A4%A');
  });
});
