// The link from a product page to its seller's shop.
import type { CheerioAPI } from 'cheerio';
import { pageLinks, type PageLink } from './links.js';

const SHOP_TEXT = /进入店铺|进店逛逛|店铺首页|进店|店铺|旗舰店|专营店|专卖店|官方店|商家主页|卖家/;
const SHOP_URL = /\/(shop|store|seller|merchant|vendor)s?\b|[?&](shop_?id|seller_?id|vender_?id)=|\bshop\d*\.|mall\.[^/]+\/index-/i;

/** Links that lead to the seller's shop, best first: by text, then by URL. */
export function shopLinks($: CheerioAPI, baseUrl: string): PageLink[] {
  const links = pageLinks($, baseUrl).filter((l) => l.url && !l.licenceSystem);
  const byText = links.filter((l) => SHOP_TEXT.test(l.text));
  const byUrl = links.filter((l) => !byText.includes(l) && SHOP_URL.test(l.url ?? ''));
  return [...byText, ...byUrl];
}
