import { describe, expect, it } from 'vitest';
import { shopLinks } from './shops.js';
import { loadHtml } from './text.js';

const BASE = 'https://detail.example.cn/offer/1.html';
const first = (body: string) => shopLinks(loadHtml(`<!doctype html><body>${body}</body>`), BASE)[0]?.url ?? null;

describe('the link from a product page to its seller', () => {
  it('is the link a page labels as the seller, when the seller is named by nothing but its company name', () => {
    const offer = '<h1>香辣豆干 500g</h1><a href="/brand/luwei">鲁味</a><div class="seller-box">供应商：<a href="/company/luwei">临沂鲁味食品有限公司</a> <span>诚信通5年</span></div>';
    expect(first(offer)).toBe('https://detail.example.cn/company/luwei');
    // a nickname after 卖家： on a second-hand item, in a hash route
    expect(first('<p>卖家：<a href="#/user/u1001">数码小王</a>　信用极好</p><a href="#/item/2">同类宝贝</a>')).toBe('https://detail.example.cn/offer/1.html#/user/u1001');
  });

  it('prefers a link that says it enters the shop, in the words of wholesale and services platforms too', () => {
    expect(first('<a href="/company/x">某某有限公司</a><a href="/shop/88">进入商铺</a>')).toBe('https://detail.example.cn/shop/88');
    expect(first('<a href="/deal/9">双人套餐</a><a href="/merchant/77">商家详情</a>')).toBe('https://detail.example.cn/merchant/77');
  });

  it('takes a company or workshop name for a shop’s, and leaves out favourites and chat', () => {
    expect(first('<a href="/fav/1">收藏店铺</a><a href="/s/123">汕头市澄海区乐童玩具厂</a>')).toBe('https://detail.example.cn/s/123');
    expect(first('<a href="/fav/1">关注商家</a><a href="/im">联系卖家</a>')).toBeNull();
  });
});
