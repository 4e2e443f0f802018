// The labelled truth of the fixture shop platforms, and the one function that turns labels into
// the verdicts the four listing and shop checks should reach subject by subject, and the
// platform-level checks platform by platform (shared/spec/checks.md). The sites render their
// pages from these same labels, so a case is stated once: in its label.
import { worstVerdict } from '../../../rules/lib/verdicts.js';
import type { Verdict } from '../../../rules/types.js';

export const SHOP_CHECKS = ['ad-label', 'self-operated-label', 'seller-registration-mark', 'seller-licence-display'] as const;
export type ShopCheckId = (typeof SHOP_CHECKS)[number];
/** Checks whose expectation is stated for the platform only. */
export const PLATFORM_CHECKS = ['search-display', 'tying', 'prohibited-listings', 'absolute-terms'] as const;
export type PlatformCheckId = (typeof PLATFORM_CHECKS)[number];

/**
 * How a result is labelled as an advertisement: a visible 广告, a weak one (tiny or faint), one
 * hidden by CSS, only another word (推广, AD), a 广告 heading over its whole zone, or nothing.
 */
export type AdLabel = 'visible' | 'weak' | 'hidden' | 'other-word' | 'zone' | 'none';

export interface ItemTruth {
  /** A paid-ranking placement (it carries a click-tracking link or sponsor attribute). */
  paid: boolean;
  adLabel: AdLabel;
  /** Sold by the platform operator's own shop. */
  selfOperated: boolean;
  /** The listing carries a visible 自营 badge. */
  selfOperatedMark: boolean;
  /** Path of the seller's shop page. */
  sellerShop: string;
  /** Where the result's main link leads when it is not the item's own page: the merchant's card lists its deals. */
  listedAt?: string;
}

/** The registration-status mark on a shop page: 已办理/未办理市场主体登记 (or 企业), none, or one hidden by CSS. */
export type RegistrationMark = 'registered' | 'unregistered' | 'none' | 'hidden';

/**
 * What the shop shows of its seller: name and credit code on the shop page, a link to a licence
 * page, a verbatim NTM 12 ¶3 self-declaration, a paraphrased one, a code failing its check
 * digit, or nothing.
 */
export type LicenceShown = 'text' | 'link' | 'declaration' | 'paraphrased' | 'bad-checksum' | 'none';

export interface ShopTruth {
  registrationMark: RegistrationMark;
  licence: LicenceShown;
}

/**
 * The add-on service (运费险, 延保) on product pages: none, one ticked by a script after load,
 * or one offered unticked with or without a notice that it is optional and paid for separately.
 */
export type AddOnCase = 'none' | 'pre-checked' | 'unchecked-with-notice' | 'unchecked-without-notice';

/** What a platform shows once, whatever the product or keyword. */
export interface SiteTruth {
  /** Results offer orders besides the default (销量, 价格, 信用). */
  sortOptions: boolean;
  /** The privacy page carries a 个性化推荐 switch (results not based on personal characteristics). */
  nonPersonalisedOption: boolean;
  addOn: AddOnCase;
  /** A listing title makes an absolute claim (AdL 9(3): 顶级, 全网最低 …). */
  absoluteClaim: boolean;
}

export interface PlatformTruth {
  /** By product URL path (the same under every keyword). */
  items: Record<string, ItemTruth>;
  /** By shop URL path. */
  shops: Record<string, ShopTruth>;
  site: SiteTruth;
  /** Paths of the listings that a prohibited keyword's search shows (rules/data/prohibited-keywords.json). */
  prohibitedListings: string[];
}

export interface CheckExpectation {
  /** Worst of the subjects: what the platform's finding for the check should say. */
  platform: Verdict;
  /** By absolute URL of the subject: the product page for listing checks, the shop page for shop checks. */
  subjects: Record<string, Verdict>;
}

export type PlatformExpectation = Record<ShopCheckId, CheckExpectation> & Record<PlatformCheckId, Pick<CheckExpectation, 'platform'>>;

/** ad-label: a paid result needs a visible 广告, its own or its zone's; weak → review; hidden, another word or none → violation. */
const AD_LABEL: Record<AdLabel, Verdict> = { visible: 'compliant', zone: 'compliant', weak: 'needs-review', hidden: 'violation', 'other-word': 'violation', none: 'violation' };

/** seller-licence-display: licence info or a verbatim declaration; a paraphrase or bad check digit → review; neither → violation. */
const LICENCE: Record<LicenceShown, Verdict> = { text: 'compliant', link: 'compliant', declaration: 'compliant', paraphrased: 'needs-review', 'bad-checksum': 'needs-review', none: 'violation' };

/** seller-registration-mark: each shop must carry the mark of its kind; a hidden mark → review; none → violation. */
const REGISTRATION: Record<RegistrationMark, Verdict> = { registered: 'compliant', unregistered: 'compliant', hidden: 'needs-review', none: 'violation' };

/** tying: an add-on ticked by default → violation; offered without a notice → review. */
const ADD_ON: Record<AddOnCase, Verdict> = { none: 'compliant', 'unchecked-with-notice': 'compliant', 'unchecked-without-notice': 'needs-review', 'pre-checked': 'violation' };

/**
 * seller-registration-mark for the platform (checks.md): no mark at all, or one kind marked and
 * the rest bare, is a violation (consumers cannot tell the kinds apart); marks hidden, or both
 * kinds marked with some shops bare, are for review.
 */
function registrationVerdict(shops: readonly ShopTruth[]): Verdict {
  const marks = shops.map((s) => s.registrationMark);
  const kinds = new Set(marks.filter((m) => m === 'registered' || m === 'unregistered'));
  if (marks.every((m) => m === 'none')) return 'violation';
  if (marks.includes('hidden')) return 'needs-review';
  if (marks.includes('none')) return kinds.size === 1 ? 'violation' : 'needs-review';
  return 'compliant';
}

function itemVerdict(check: 'ad-label' | 'self-operated-label', item: ItemTruth, truth: PlatformTruth): Verdict {
  // A natural result has nothing to label.
  if (check === 'ad-label') return item.paid ? AD_LABEL[item.adLabel] : 'compliant';
  // checks.md: a seller whose shop shows no licence information nor declaration cannot be
  // identified, so whether its listing should be marked is open; unless the operator sells
  // nothing itself, when no listing may be marked and an unmarked one is right whoever sells it.
  const operatorSells = Object.values(truth.items).some((i) => i.selfOperated);
  if (truth.shops[item.sellerShop]?.licence === 'none' && operatorSells) return 'needs-review';
  // A 自营 mark must be on exactly the operator's own listings.
  return item.selfOperated === item.selfOperatedMark ? 'compliant' : 'violation';
}

/**
 * The expected verdict of each check for each subject of a platform, and for the platform (the
 * worst of its subjects, as a platform with one unlabelled ad or one bare shop is in breach;
 * seller-registration-mark by what its marks let a consumer tell apart).
 * Listings are the subjects of ad-label, items of self-operated-label, shops of the two seller checks;
 * PLATFORM_CHECKS are expected for the platform only.
 */
export function expectedVerdicts(truth: PlatformTruth, baseUrl: string): PlatformExpectation {
  const subjects = <T>(byPath: Record<string, T>, verdict: (label: T) => Verdict): CheckExpectation => {
    const entries = Object.entries(byPath).map(([path, label]) => [new URL(path, baseUrl).href, verdict(label)] as const);
    return { platform: worstVerdict(entries.map(([, v]) => v)), subjects: Object.fromEntries(entries) };
  };
  // a merchant's card is one listing, whichever of its deals it shows
  const listings = Object.fromEntries(Object.entries(truth.items).map(([path, i]) => [i.listedAt ?? path, i]));
  return {
    'ad-label': subjects(listings, (i) => itemVerdict('ad-label', i, truth)),
    'self-operated-label': subjects(truth.items, (i) => itemVerdict('self-operated-label', i, truth)),
    'seller-registration-mark': { ...subjects(truth.shops, (s) => REGISTRATION[s.registrationMark]), platform: registrationVerdict(Object.values(truth.shops)) },
    'seller-licence-display': subjects(truth.shops, (s) => LICENCE[s.licence]),
    // search-display: no order beyond the default → violation; no non-personalised option on the web pages → review
    'search-display': { platform: worstVerdict([truth.site.sortOptions ? 'compliant' : 'violation', truth.site.nonPersonalisedOption ? 'compliant' : 'needs-review']) },
    tying: { platform: ADD_ON[truth.site.addOn] },
    // prohibited-listings: every listing found is for a person to judge
    'prohibited-listings': { platform: truth.prohibitedListings.length ? 'needs-review' : 'compliant' },
    // absolute-terms: every hit is for a person to judge in context (AAG)
    'absolute-terms': { platform: truth.site.absoluteClaim ? 'needs-review' : 'compliant' },
  };
}
