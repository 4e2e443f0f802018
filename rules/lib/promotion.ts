// Signs that a result is a paid placement (checks.md ad-label): a promotion label, a click-tracking
// link, or sponsor attributes; and the 自营 marks of a listing.
import type { ListingItem, ListingLabel, ListingZone } from './listings.js';

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

const TRACKING = /adwClk|click\.simba\.|\/aclk\?|[?&](ad_?id|adid|ad_sid|adshop_id|clickid)=|ccc-x\.jd\.com\/dsp|p4psearch|\/ad\/click|[?&]spm=[^&]*\.ad\./i;
const SPONSOR_ATTRIBUTE = /(^|[\s_\-=])(ad|ads|advert|advertisement|sponsor|sponsored|promo|promoted|p4p|adv)([\s_\-]|$)/i;

export function promotionSignals(item: ListingItem, zone: ListingZone): PromotionSignal[] {
  const signals: PromotionSignal[] = [];
  for (const label of item.labels) {
    if (AD_WORD.test(label.text) || OTHER_PROMOTION_WORDS.test(label.text)) signals.push({ kind: 'label', evidence: label.text, strength: 'strong', label });
  }
  for (const label of zone.labels) {
    if (AD_WORD.test(label.text) || OTHER_PROMOTION_WORDS.test(label.text)) signals.push({ kind: 'zone-label', evidence: label.text, strength: 'strong', label });
  }
  const tracking = item.links.find((u) => TRACKING.test(u));
  if (tracking) signals.push({ kind: 'tracking-link', evidence: tracking, strength: 'strong' });
  const attribute = item.attributes.find((a) => SPONSOR_ATTRIBUTE.test(a.replace(/^[^=]*=/, '')));
  if (attribute) signals.push({ kind: 'attribute', evidence: attribute, strength: 'weak' });
  return signals;
}

const SELF_OPERATED = /自营/;

/** Labels of a listing that mark it 自营 (a 自营 badge, or a tip such as 京东自营，品质保障). */
export function selfOperatedMarks(item: ListingItem): ListingLabel[] {
  return item.labels.filter((l) => SELF_OPERATED.test(l.text));
}
