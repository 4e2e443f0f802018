// credit-rules (信用评价制度与规则, checks.md; ECL 39): the platform publishes its credit and
// review evaluation rules, linked from the homepage or its 规则中心, and its product pages offer
// buyers a way to review (a 商品评价/累计评论/晒单 section, tab or link).
//
// When the crawl captured no product page, the review half is not checked and the finding rests
// on the rules half alone (rules found → compliant, absent → violation); details.reviews says so,
// and so does the summary, so an inspector knows the product pages were not looked at.
import type { CheerioAPI } from 'cheerio';
import { linkDetail, linkedDocuments, OUTCOME_WORDS, presenceOf } from './lib/documents.js';
import { judgeProminence } from './lib/rendered.js';
import { loadHtml, textOf } from './lib/text.js';
import { evidenceOf, homepageNotChecked, homepageOf, NOT_CHECKED_WORDS } from './lib/verdicts.js';
import type { DraftFinding, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'credit-rules';

/** A review section's heading, tab or link: "商品评价(2.3万+)", "累计评论 1200", "晒单", "买家秀". */
const REVIEW_LABEL = /^(商品|宝贝|累计|全部|用户|买家|顾客)?(评价|评论)\s*[（(]?\s*[\d.,万+]*\s*[)）]?$|^(晒单|买家秀|写评价|发表评价|我要评价|评价晒单)/;
/** Longest text of an element that can still be a label rather than a paragraph. */
const LABEL_LENGTH = 20;
const LABEL_ELEMENTS = 'a, button, li, span, h2, h3, h4, dt, th, label, [role="tab"]';

/** The first visible review label on a product page, or null. */
export function reviewEntry($: CheerioAPI): string | null {
  for (const el of $(LABEL_ELEMENTS).toArray()) {
    const text = textOf($(el));
    if (text.length <= LABEL_LENGTH && REVIEW_LABEL.test(text) && judgeProminence($, el).prominence !== 'not-visible') return text;
  }
  return null;
}

interface ProductReport {
  snapshotId: string;
  url: string;
  reviewEntry: string | null;
}

function evaluate(input: RuleInput): DraftFinding[] {
  const home = homepageOf(input.snapshots);
  const notChecked = homepageNotChecked(CHECK_ID, input, home);
  if (notChecked || !home) return notChecked ? [notChecked] : [];
  const found = linkedDocuments(input, home, ['credit-rules']);
  const rules = presenceOf(found.links, found.centresUnchecked);

  const products: Snapshot[] = input.snapshots.filter((s) => s.kind === 'product' && !s.failure && s.html);
  const reports: ProductReport[] = products.map((s) => ({ snapshotId: s.id, url: s.finalUrl, reviewEntry: reviewEntry(loadHtml(s.html)) }));
  // One product page offering reviews shows the platform provides the means; pages without are listed.
  const withReviews = reports.find((r) => r.reviewEntry !== null);
  const reviews = !reports.length ? 'not-checked' : withReviews ? 'present' : 'absent';

  const title = rules.link ? `信用评价规则（「${rules.link.link.text}」）` : '信用评价规则';
  const rulesText = {
    found: `已公示${title}`,
    doubtful: `${title}${OUTCOME_WORDS.doubtful}`,
    absent: rules.link ? `${title}${OUTCOME_WORDS.broken}` : '首页及规则中心均未见信用评价规则',
    unknown: `信用评价规则页面未能检查（${NOT_CHECKED_WORDS[rules.reason ?? 'page-kind-not-found']}）`,
  }[rules.presence];
  const reviewsText = {
    present: `商品页面提供评价入口（「${withReviews?.reviewEntry}」）`,
    absent: `抽查的${reports.length}个商品页面均未见评价入口`,
    'not-checked': '未采集到商品页面，评价入口未核验',
  }[reviews];

  let verdict: Verdict;
  if (rules.presence === 'unknown') verdict = 'not-checked';
  else if (rules.presence === 'doubtful') verdict = 'needs-review';
  else if (reviews === 'not-checked') verdict = rules.presence === 'found' ? 'compliant' : 'violation';
  else if (rules.presence === 'found') verdict = reviews === 'present' ? 'compliant' : 'needs-review';
  else verdict = reviews === 'present' ? 'needs-review' : 'violation';
  const summary = `${rulesText}；${reviewsText}`;

  const details: Record<string, unknown> = {
    ...(verdict === 'not-checked' ? { reason: rules.reason } : {}),
    homepage: { snapshotId: home.id, url: home.finalUrl },
    rulesCentres: found.centres.map((c) => ({ snapshotId: c.snapshot.id, url: c.snapshot.finalUrl })),
    rules: rules.presence,
    links: found.links.map((l) => linkDetail(l, home)),
    reviews: { verdict: reviews, productPages: reports },
  };
  const evidence = evidenceOf([home, ...found.centres.map((c) => c.snapshot), ...found.links.map((l) => l.snapshot), ...products.filter((p) => p.id === withReviews?.snapshotId || !withReviews)]);
  return [{ checkId: CHECK_ID, verdict, subject: home.finalUrl, summary, details, evidence, capturedAt: home.capturedAt }];
}

export const creditRules: Rule = {
  id: CHECK_ID,
  version: '1.1.0',
  // the search is how the crawler reaches product pages
  pageKinds: ['homepage', 'rules-centre', 'credit-rules', 'search', 'product'],
  evaluate,
};
