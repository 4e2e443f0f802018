// The link from a product page to its seller's shop.
import type { CheerioAPI } from 'cheerio';
import { pageLinks, type PageLink } from './links.js';
import { LAZY_MODULES, loadHtml } from './text.js';

/** Words of a link that goes to the shop itself, and of a shop's name. */
const ENTER_SHOP = /进入店铺|进店逛逛|去店铺|逛店铺|店铺首页|进店铺|进店|商家主页|卖家主页/;
const SHOP_NAME = /(旗舰店|专营店|专卖店|官方店|自营店|企业店|店铺|店)$/;
/** Links about a shop that do not lead to it: favourites, follow, chat, reports, seller badges. */
const NOT_THE_SHOP = /收藏|关注|分享|举报|客服|联系|咨询|金牌|评价|信誉|入驻|开店/;
const NOT_THE_SHOP_URL = /favorite|collect|shoucang|rate\.|jubao|report|login/i;
const SHOP_URL = /\/(shop|store|seller|merchant|vendor)s?\b|[?&](shop_?id|seller_?id|vender_?id)=|\bshop\d*\.|mall\.[^/]+\/index-/i;
const MAX_NAME_CHARS = 30;

/**
 * Links that lead to the seller's shop, best first: an "enter the shop" link, then a link named
 * like a shop, then a shop URL; favourites, chat and rating links are left out. The shop card of
 * a Tmall item page is a lazy module (text.ts LAZY_MODULES): its links are read too, after the
 * page's own, without changing `$`.
 */
export function shopLinks($: CheerioAPI, baseUrl: string): PageLink[] {
  const lazy = $(LAZY_MODULES)
    .toArray()
    .flatMap((m) => pageLinks(loadHtml($(m).text()), baseUrl));
  const links = [...pageLinks($, baseUrl), ...lazy].filter(
    (l) => l.url && !l.licenceSystem && !NOT_THE_SHOP.test(l.text) && !NOT_THE_SHOP_URL.test(l.url) && [...l.text].length <= MAX_NAME_CHARS,
  );
  const tiers = [
    links.filter((l) => ENTER_SHOP.test(l.text)),
    links.filter((l) => SHOP_NAME.test(l.text)),
    links.filter((l) => SHOP_URL.test(l.url)),
  ];
  return [...new Set(tiers.flat())];
}
