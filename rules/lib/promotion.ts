// Signs that a result is a paid placement (checks.md ad-label): a promotion label, a click-tracking
// link, or sponsor attributes; and the 自营 marks of a listing.
import type { ListingItem, ListingLabel, ListingZone } from './listings.js';
import { namesSeller } from './shops.js';

export type PromotionSignalKind = 'label' | 'zone-label' | 'tracking-link' | 'attribute';

export interface PromotionSignal {
  kind: PromotionSignalKind;
  /** The label word, the link or the attribute that shows it. */
  evidence: string;
  /** Strong signals make a result paid; weak ones only suspicious (needs-review). */
  strength: 'strong' | 'weak';
  label?: ListingLabel;
}

/** 广告 is the word the law requires; the others mark a paid result without meeting it. */
export const AD_WORD = /^广告$/;
export const OTHER_PROMOTION_WORDS = /^(推广|商业推广|赞助|赞助商|AD|Ad|ad|Sponsored|sponsored|SPONSORED|推荐广告)$/;

/**
 * Click-redirect and ad-server URLs (shared/realpages/NOTES.md §4.1), in links, data-*url
 * attributes and click handlers. An ad_id parameter counts only with a value: Taobao prints an
 * empty ad_id= on every natural result.
 */
const TRACKING =
  /adwClk|click\.simba\.|\/aclk\?|[?&](ad_?id|adid|ad_sid|adshop_id|clickid)=[^&#"'\s]|ccc-x\.jd\.com\/dsp|p4psearch|dj\.1688\.com\/ci_bb|\/ad\/click/i;
/**
 * Words in machine-readable data that flag an ad explicitly: 1688's data-aplus-report
 * "_p_isad@1 … itemType@p4p", Dianping's data-midas-extends "module=5_ad_kwimg".
 */
const AD_TOKENS = new Set(['ad', 'ads', 'adv', 'advert', 'advertisement', 'p4p', 'sponsor', 'sponsored', 'adgroup', 'cpc']);
const IS_AD = /(?:^|[^a-z])is_?ad["'@=:\s]*(?:1|true)\b/i;
/** The card's own class or id naming it an ad (JD's side rail: li id="ad-291-…"): a hint only. */
const SPONSOR_NAME = /(?:^|[\s_-])(ad|ads|adv|advert|advertisement|sponsor|sponsored|promoted|p4p)(?:[\s_-]|$)/i;

const isPromotionWord = (l: ListingLabel) => l.source !== 'class' && (AD_WORD.test(l.text) || OTHER_PROMOTION_WORDS.test(l.text));
const valueOf = (attribute: string) => attribute.slice(attribute.indexOf('=') + 1);

function flagsAd(attribute: string): boolean {
  const value = valueOf(attribute);
  // a URL's words are judged as a link (TRACKING): ad_id= stands empty in natural results' URLs
  if (!attribute.startsWith('data-') || /^(https?:)?\/\//i.test(value)) return false;
  return IS_AD.test(value) || value.split(/[^A-Za-z0-9]+/).some((t) => AD_TOKENS.has(t.toLowerCase()));
}

export function promotionSignals(item: ListingItem, zone: ListingZone): PromotionSignal[] {
  const signals: PromotionSignal[] = [];
  for (const label of item.labels) {
    if (isPromotionWord(label)) signals.push({ kind: 'label', evidence: label.text, strength: 'strong', label });
    else if (label.source === 'class') signals.push({ kind: 'label', evidence: label.text, strength: 'weak', label });
  }
  for (const label of zone.labels) {
    if (isPromotionWord(label)) signals.push({ kind: 'zone-label', evidence: label.text, strength: 'strong', label });
    else if (label.source === 'class') signals.push({ kind: 'zone-label', evidence: label.text, strength: 'weak', label });
  }
  const tracking = [...item.links, ...item.attributes.filter((a) => a.startsWith('data-') || a.startsWith('onclick=')).map(valueOf)].find((u) => TRACKING.test(u));
  if (tracking) signals.push({ kind: 'tracking-link', evidence: tracking, strength: 'strong' });
  const flag = item.attributes.find(flagsAd);
  if (flag) signals.push({ kind: 'attribute', evidence: flag, strength: 'strong' });
  const own = ['class', 'id'].find((n) => SPONSOR_NAME.test(item.element.attribs[n] ?? ''));
  if (own) signals.push({ kind: 'attribute', evidence: `${own}=${item.element.attribs[own]}`, strength: 'weak' });
  return signals;
}

/**
 * A 自营 mark: a short badge (自营, 京东自营, 【自营】, 天猫超市自营, 自营商品), not 非自营, and
 * not a name with 自营 in it (a shop called 书香网自营图书 or 某某自营旗舰店 marks nothing).
 */
const SELF_OPERATED_MARK = /^[【[（(]?[\p{Script=Han}A-Za-z]{0,6}(?<!非)自营(?:商品)?[】\]）)]?$/u;

/** Whether words are a 自营 mark; of a tip (京东自营，品质保障) its first clause. */
export function isSelfOperatedMark(words: string): boolean {
  return SELF_OPERATED_MARK.test(words.split(/[，,]/)[0]!.replace(/\s+/g, ''));
}

/** Labels of a listing that mark it 自营 (a 自营 badge, or a tip such as 京东自营，品质保障), not the seller's name. */
export function selfOperatedMarks(item: ListingItem): ListingLabel[] {
  return item.labels.filter((l) => isSelfOperatedMark(l.text) && !namesSeller(l.element));
}
