// self-operated-label (自营业务区分标记, checks.md): every listing the platform operator sells itself
// carries a distinct 自营 mark, and no third-party listing carries one. Who sells a sampled
// listing is read from its product page → the seller's shop page → that shop's licence
// information, and compared with the operator's roster record (credit code, else name).
//
// Findings: one per sampled listing (a product page), whatever its verdict, since each rests on
// its own product, shop and licence pages; and one platform-level finding with the counts.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { ownContent } from './lib/chrome.js';
import { best, shown } from './lib/licence-info.js';
import type { ListingLabel } from './lib/listings.js';
import { isPlatformChrome, placementOf, type Placement } from './lib/placement.js';
import { isSelfOperatedMark, selfOperatedMarks } from './lib/promotion.js';
import { judgeImageProminence, judgeProminence, prominenceFigures, type ProminenceJudgement } from './lib/rendered.js';
import { coverageOf } from './lib/coverage.js';
import { listingOf, noPagesFinding, pagesOfKind, platformFinding, searchResults, shopOf, urlOf } from './lib/samples.js';
import { sellerIdentity, shopLicence, type SellerIdentity } from './lib/sellers.js';
import { namesSeller } from './lib/shops.js';
import { expandLazyModules, pageText } from './lib/text.js';
import { evidenceOf, NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'self-operated-label';

const MAX_MARK_CHARS = 12;
/**
 * Who ships and serves the order (JD: 由 京东 发货并提供售后服务). It says nothing of who sells:
 * JD ships for many third-party sellers, so it is recorded, never taken as the seller.
 */
const FULFILMENT = /由\s*([^\s，。,]{1,20}?)\s*(?:发货|配送)(?:并提供售后服务)?/;

interface Mark {
  text: string;
  where: 'listing' | 'product-page';
  judgement: ProminenceJudgement;
  placement: Placement | null;
}

function productPageMarks($: CheerioAPI, pageHeight: number): Mark[] {
  const marks: Mark[] = [];
  const add = (el: Element, text: string, judgement: ProminenceJudgement) => {
    // the seller's name (a shop called 某某自营旗舰店) is no mark
    if (namesSeller(el)) return;
    const placement = placementOf($, el, pageHeight);
    // the platform's own 自营 links in its footer or navigation (自营医疗器械经营资质, 京东自营) are not a mark of this listing
    if (!isPlatformChrome(placement)) marks.push({ text, where: 'product-page', judgement, placement });
  };
  $('body *').each((_, el) => {
    if (el.type !== 'tag') return;
    const own = el.children.map((c) => (c.type === 'text' ? c.data : '')).join('').replace(/\s+/g, '');
    if (own && [...own].length <= MAX_MARK_CHARS && isSelfOperatedMark(own)) add(el, own, judgeProminence($, el));
    const alt = (el.name === 'img' ? (el.attribs.alt ?? el.attribs.title ?? '') : (el.attribs['data-tips'] ?? '')).replace(/\s+/g, '');
    if (alt && isSelfOperatedMark(alt)) add(el, alt, el.name === 'img' ? judgeImageProminence($, el) : judgeProminence($, el));
  });
  return marks;
}

const listingMark = (l: ListingLabel): Mark => ({ text: l.text, where: 'listing', judgement: l.judgement, placement: null });

interface Sample {
  product: Snapshot;
  search: Snapshot | null;
  shop: Snapshot | null;
  verdict: Verdict;
  text: string;
  reason: NotCheckedReason | null;
  marks: Mark[];
  identity: SellerIdentity | null;
  fulfilment: string | null;
  licencePages: Snapshot[];
  details: Record<string, unknown>;
}

function judgeSample(input: RuleInput, product: Snapshot): Sample {
  const { snapshots, platform } = input;
  const listing = listingOf(snapshots, product);
  const shop = shopOf(snapshots, product);
  const base = { product, search: listing?.search ?? null, shop, marks: [] as Mark[], identity: null, fulfilment: null, licencePages: [] as Snapshot[] };
  const failed = product.failure ?? shop?.failure;
  if (failed) {
    const which = product.failure ? '商品详情页' : '店铺页面';
    return { ...base, verdict: 'not-checked', reason: failed.reason, text: `${which}未能打开（${NOT_CHECKED_WORDS[failed.reason]}），未能识别卖家`, details: { message: failed.message } };
  }
  const $ = ownContent(snapshots, product);
  expandLazyModules($);
  const marks = [...(listing ? selfOperatedMarks(listing.item).map(listingMark) : []), ...productPageMarks($, product.page.height)];
  const fulfilment = FULFILMENT.exec(pageText($).text)?.[0] ?? null;
  const licence = shop ? shopLicence(snapshots, shop) : null;
  const identity = licence ? sellerIdentity(licence, platform) : null;
  const licencePages = licence ? licence.links.flatMap((l) => (l.snapshot ? [l.snapshot] : [])) : [];
  const withMarks = { ...base, marks, identity, fulfilment, licencePages, reason: null };
  const mark = best(marks.map((m) => m.judgement));
  const seen = marks.filter((m) => shown(m.judgement));
  const markWords = [...new Set(seen.map((m) => m.text))].join('、');
  const details = licence ? { lazyModules: licence.lazyModules, licenceLinks: licence.links.map((l) => ({ text: l.link.text, url: l.link.url, state: l.state })) } : {};

  if (!identity || identity.seller === 'unknown') {
    const why = !shop ? '未采集到该商品的店铺页面' : '店铺页面及其证照信息中未识别出经营者名称或统一社会信用代码';
    const note = fulfilment ? `；页面所示“${fulfilment}”仅说明发货和售后，不能证明卖家即平台经营者` : '';
    return { ...withMarks, verdict: 'needs-review', text: `无法识别卖家（${why}）${seen.length ? `，商品带有“${markWords}”标记` : ''}${note}`, details };
  }
  if (identity.seller === 'operator') {
    if (mark?.prominence === 'visible') return { ...withMarks, verdict: 'compliant', text: `平台经营者自营商品，已标明“${markWords}”`, details };
    if (mark?.prominence === 'weak') return { ...withMarks, verdict: 'needs-review', text: `平台经营者自营商品的“${markWords}”标记不够显著（${mark.reasons.join('；')}）`, details };
    if (mark) return { ...withMarks, verdict: 'needs-review', text: `平台经营者自营商品的“自营”标记存在但未可见呈现（${mark.reasons.join('；')}）`, details };
    return { ...withMarks, verdict: 'violation', text: '平台经营者自营商品未标明“自营”', details };
  }
  if (seen.length) {
    return { ...withMarks, verdict: 'violation', text: `非平台经营者（${[...identity.names, ...identity.usccs].join(' ') || '其他经营者'}）销售的商品标有“${markWords}”`, details };
  }
  return { ...withMarks, verdict: 'compliant', text: '平台内经营者销售的商品，未标“自营”', details };
}

/**
 * On a platform with no self-operated business in sight (results were seen and none carries a
 * 自营 mark, no sampled seller is the operator, no product page is marked or says who ships it),
 * a listing whose seller could not be identified is no case to review: the duty is broken only
 * by a 自营 mark missing or misused, and neither is there. Its finding says so.
 */
function withoutSelfOperation(samples: Sample[], markedInResults: number): Sample[] {
  const shownMarks = (s: Sample) => s.marks.some((m) => shown(m.judgement));
  // 由…发货 may name the platform itself: a hint of its own business, for a person to weigh
  if (markedInResults || samples.some((s) => s.identity?.seller === 'operator' || shownMarks(s) || s.fulfilment)) return samples;
  return samples.map((s) =>
    s.verdict === 'needs-review' && (s.identity?.seller ?? 'unknown') === 'unknown' && !s.marks.length
      ? { ...s, verdict: 'compliant', text: `${s.text}；商品未标“自营”，抽查的搜索结果及商品中均未见“自营”标记或平台经营者自营的商品，无需标注` }
      : s,
  );
}

function sampleFinding(s: Sample): DraftFinding {
  return {
    checkId: CHECK_ID,
    verdict: s.verdict,
    subject: s.product.requestedUrl,
    summary: `商品「${(s.product.linkText ?? s.product.title).slice(0, 40)}」：${s.text}`,
    details: {
      ...(s.reason ? { reason: s.reason } : {}),
      query: s.search?.query ?? null,
      searchPage: s.search ? { snapshotId: s.search.id, url: urlOf(s.search) } : null,
      productPage: { snapshotId: s.product.id, url: urlOf(s.product) },
      shopPage: s.shop ? { snapshotId: s.shop.id, url: urlOf(s.shop) } : null,
      seller: s.identity,
      fulfilment: s.fulfilment,
      // each mark names the page it is on, so its box is drawn on that page's screenshot
      marks: s.marks.map((m) => ({ text: m.text, where: m.where, snapshotId: m.where === 'listing' ? (s.search?.id ?? null) : s.product.id, placement: m.placement, ...prominenceFigures(m.judgement) })),
      ...s.details,
    },
    evidence: evidenceOf([s.search, s.product, s.shop, ...s.licencePages]),
    capturedAt: s.product.capturedAt,
  };
}

function evaluate(input: RuleInput): DraftFinding[] {
  const products = pagesOfKind(input.snapshots, 'product');
  if (!products.length) return [noPagesFinding(CHECK_ID, input, pagesOfKind(input.snapshots, 'search').length ? '商品详情页' : '搜索结果页及商品详情页')];
  const results = pagesOfKind(input.snapshots, 'search').filter((s) => !s.failure);
  const marked = results.reduce((n, s) => n + searchResults(s).zones.reduce((m, z) => m + z.items.filter((i) => selfOperatedMarks(i).length).length, 0), 0);
  const judged = products.map((p) => judgeSample(input, p));
  const samples = results.length ? withoutSelfOperation(judged, marked) : judged;
  const verdicts = samples.map((s) => s.verdict);
  const checked = samples.filter((s) => s.verdict !== 'not-checked');
  const verdict = checked.length ? worstVerdict(checked.map((s) => s.verdict)) : 'not-checked';
  const count = (v: Verdict) => verdicts.filter((x) => x === v).length;
  const count3 = (seller: SellerIdentity['seller']) => samples.filter((s) => (s.identity?.seller ?? 'unknown') === seller && s.verdict !== 'not-checked').length;
  const summary = checked.length
    ? `抽查 ${samples.length} 个商品：平台经营者自营 ${count3('operator')} 个，平台内经营者 ${count3('third-party')} 个，卖家无法识别 ${count3('unknown')} 个；违规 ${count('violation')} 个，需人工复核 ${count('needs-review')} 个`
    : `抽查的 ${samples.length} 个商品页面均未能检查`;
  const overall = platformFinding(CHECK_ID, input, {
    verdict,
    summary,
    reason: checked.length ? null : samples[0]!.reason,
    coverage: coverageOf('抽查商品', samples.map((s) => (s.verdict === 'not-checked' ? (s.reason ?? 'page-kind-not-found') : null))),
    details: {
      roster: { name: input.platform.name, uscc: input.platform.uscc },
      counts: { sampled: samples.length, selfOperatedMarksInResults: marked, violation: count('violation'), needsReview: count('needs-review'), compliant: count('compliant'), notChecked: count('not-checked') },
      samples: samples.map((s) => ({ url: s.product.requestedUrl, verdict: s.verdict, seller: s.identity?.seller ?? 'unknown', marks: s.marks.filter((m) => shown(m.judgement)).map((m) => m.text) })),
    },
    pages: samples.flatMap((s) => [s.product, s.shop]),
  });
  return [...samples.map(sampleFinding), overall];
}

export const selfOperatedLabel: Rule = {
  id: CHECK_ID,
  version: '1.3.0',
  pageKinds: ['homepage', 'search', 'product', 'shop', 'licence'],
  evaluate,
};
