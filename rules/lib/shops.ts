// The link from a product page to its seller's shop.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { descendantText, pageLinks, type PageLink } from './links.js';
import { LAZY_MODULES, loadHtml } from './text.js';

/**
 * Words of a link that goes to the shop itself, and of a shop's name. A wholesale supplier or a
 * services merchant is a shop too: its page is reached by 进入商铺 or 商家详情, and it is often
 * named by its company name only (1688 links the supplier's name and nothing else).
 */
const ENTER_SHOP = /进入店铺|进店逛逛|去店铺|逛店铺|店铺首页|进店铺|进店|进入商铺|商家主页|卖家主页|供应商首页|商家详情|商户详情|门店详情|查看商家|查看商户|进入门店/;
/** A services merchant names its branch after it: 老北京涮肉(望京店), 某某健身（国贸旗舰店）. */
const SHOP_NAME = /(旗舰店|专营店|专卖店|官方店|自营店|企业店|店铺|店|有限公司|有限责任公司|商行|经营部|工厂|厂|工作室)(?:[(（][^()（）]{1,12}[)）])?$|[(（][^()（）]{1,12}店[)）]$/;
/** The words a page puts before the seller's name: 供应商：<a>…</a>, 商家：<a>…</a>. */
const SELLER_LABEL = /(供应商|商家|卖家|店铺|商户|门店|经营者|厂家)\s*[：:]\s*$/;
/** Links about a shop that do not lead to it: favourites, follow, chat, reports, seller badges. */
const NOT_THE_SHOP = /收藏|关注|分享|举报|客服|联系|咨询|金牌|评价|信誉|入驻|开店/;
const NOT_THE_SHOP_URL = /favorite|collect|shoucang|rate\.|jubao|report|login/i;
const SHOP_URL = /\/(shop|store|seller|merchant|vendor|supplier|company)s?\b|[?&](shop_?id|seller_?id|vender_?id)=|\bshop\d*\.|mall\.[^/]+\/index-/i;
const MAX_NAME_CHARS = 30;

/** The text just before an element inside its parent (the label a name follows). */
function textBefore(el: Element): string {
  let text = '';
  for (let cur = el.prev; cur && text.length < 12; cur = cur.prev) {
    if (cur.type === 'text') text = cur.data + text;
    else if (cur.type === 'tag') text = descendantText(cur) + text;
  }
  return text;
}

/**
 * Links that lead to the seller's shop, best first: an "enter the shop" link, then a link the
 * page labels as the seller (供应商：…), then a link named like a shop, then a shop URL;
 * favourites, chat and rating links are left out. The shop card of a Tmall item page is a lazy
 * module (text.ts LAZY_MODULES): its links are read too, after the page's own, without changing
 * `$`.
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
    links.filter((l) => SELLER_LABEL.test(textBefore(l.element))),
    links.filter((l) => SHOP_NAME.test(l.text)),
    links.filter((l) => SHOP_URL.test(l.url)),
  ];
  return [...new Set(tiers.flat())];
}

/** Whether a link leads to a shop by its words or address: a result whose main link is the merchant, not a product. */
export function isShopLink(text: string, url: string): boolean {
  return !NOT_THE_SHOP.test(text) && !NOT_THE_SHOP_URL.test(url) && (ENTER_SHOP.test(text) || SHOP_NAME.test(text) || SHOP_URL.test(url));
}

/** How far up from a text an element naming the seller may be: the name, its link, their holder. */
const NAME_LEVELS = 3;

/**
 * Whether an element names the seller: a link to its shop, or the words after 店铺：/商家：/卖家：.
 * A shop called 书香网自营图书 or 特卖汇自营旗舰店 is named, not marked 自营.
 */
export function namesSeller(el: Element): boolean {
  let cur: Element | null = el;
  for (let level = 0; cur && level < NAME_LEVELS; level++) {
    if (cur.name === 'a' && cur.attribs.href && isShopLink(descendantText(cur).trim(), cur.attribs.href)) return true;
    if (SELLER_LABEL.test(textBefore(cur))) return true;
    cur = cur.parent?.type === 'tag' ? cur.parent : null;
  }
  return false;
}
