// seller-registration-mark (区分标记已办理和未办理市场主体登记经营者, NTM 27, checks.md): the platform
// marks, on shop pages, whether a seller has completed market-entity registration, so that a
// consumer can tell the two kinds apart.
//
// One platform-level finding: the duty is the platform's, and it shows only across a sample.
// "One kind only" is read from the sample: some shops carry a mark of one kind, the others carry
// none, and no shop carries a mark of the other kind; then an unmarked shop cannot be told apart
// (it may be of the other kind, or simply unmarked). A seller's own NTM 12 ¶3 self-declaration
// is the seller's disclosure, not the platform's mark, and is not counted here.
import type { CheerioAPI } from 'cheerio';
import { best, shown } from './lib/licence-info.js';
import { ownContent } from './lib/chrome.js';
import { isPlatformChrome, placementOf, type Placement } from './lib/placement.js';
import { judgeImageProminence, judgeProminence, prominenceFigures, type ProminenceJudgement } from './lib/rendered.js';
import { coverageOf } from './lib/coverage.js';
import { noPagesFinding, pagesOfKind, platformFinding, urlOf } from './lib/samples.js';
import { expandLazyModules } from './lib/text.js';
import { NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'seller-registration-mark';

type Kind = 'registered' | 'unregistered';
const KIND_WORDS: Record<Kind, string> = { registered: '已办理市场主体登记', unregistered: '未办理市场主体登记' };

/** A badge or field value, optionally after a label such as 经营者类型：. */
const LABEL = '(?:(?:经营者|经营主体|主体|卖家|店铺|商家)(?:类型|性质|身份)[:：]?)?';
const MARKS: readonly [Kind, RegExp][] = [
  ['registered', new RegExp(`^${LABEL}[【[（(]?(?:已办理(?:市场主体|工商)?登记|已登记|企业店铺|企业卖家|企业商家|个体工商户|个体户|个体店铺|个体商家|企业认证|已认证企业)[】\\]）)]?$`)],
  ['unregistered', new RegExp(`^${LABEL}[【[（(]?(?:未办理(?:市场主体|工商)?登记|未登记|个人卖家|个人店铺|个人商家)[】\\]）)]?$`)],
];
const MAX_MARK_CHARS = 20;

interface Mark {
  kind: Kind;
  text: string;
  judgement: ProminenceJudgement;
  placement: Placement;
}

function kindOf(text: string): Kind | null {
  const t = text.replace(/\s+/g, '');
  if (!t || [...t].length > MAX_MARK_CHARS) return null;
  return MARKS.find(([, re]) => re.test(t))?.[0] ?? null;
}

/** Registration marks of a shop page: short texts, icon alts and tips, outside the platform's footer and chrome. */
function marksOf($: CheerioAPI, pageHeight: number): Mark[] {
  const marks: Mark[] = [];
  $('body *').each((_, el) => {
    if (el.type !== 'tag') return;
    const own = el.children.map((c) => (c.type === 'text' ? c.data : '')).join('');
    const words = [own, el.name === 'img' ? (el.attribs.alt ?? '') : '', el.attribs.title ?? '', el.attribs['data-tips'] ?? ''];
    for (const text of words) {
      const kind = kindOf(text);
      if (!kind) continue;
      const placement = placementOf($, el, pageHeight);
      if (isPlatformChrome(placement)) continue;
      const judgement = el.name === 'img' ? judgeImageProminence($, el) : judgeProminence($, el);
      marks.push({ kind, text: text.replace(/\s+/g, ''), judgement, placement });
      break;
    }
  });
  return marks;
}

interface ShopMarks {
  shop: Snapshot;
  marks: Mark[];
  /** Kinds with a mark that is rendered (visible or weak). */
  kinds: Set<Kind>;
}

function evaluate(input: RuleInput): DraftFinding[] {
  const shops = pagesOfKind(input.snapshots, 'shop');
  if (!shops.length) return [noPagesFinding(CHECK_ID, input, '店铺页面')];
  const loaded = shops.filter((s) => !s.failure);
  const failed = shops.filter((s) => s.failure);
  const reports: ShopMarks[] = loaded.map((shop) => {
    const $ = ownContent(input.snapshots, shop);
    expandLazyModules($);
    const marks = marksOf($, shop.page.height);
    return { shop, marks, kinds: new Set(marks.filter((m) => shown(m.judgement)).map((m) => m.kind)) };
  });

  const kinds = new Set(reports.flatMap((r) => [...r.kinds]));
  const unmarked = reports.filter((r) => !r.kinds.size);
  const hiddenOnly = unmarked.filter((r) => r.marks.length);
  const problems: { verdict: Verdict; code: string; text: string }[] = [];
  let reason: NotCheckedReason | null = null;
  if (!reports.length) {
    reason = failed[0]!.failure!.reason;
    problems.push({ verdict: 'not-checked', code: 'shops-unreachable', text: `抽查的 ${shops.length} 个店铺页面均未能打开（${NOT_CHECKED_WORDS[reason]}）` });
  } else if (!kinds.size && !hiddenOnly.length) {
    problems.push({ verdict: 'violation', code: 'no-mark', text: `抽查的 ${reports.length} 个店铺页面均未见区分已办理和未办理市场主体登记的标记` });
  } else if (!kinds.size) {
    const reasons = [...new Set(hiddenOnly.flatMap((r) => r.marks.flatMap((m) => m.judgement.reasons)))];
    problems.push({ verdict: 'needs-review', code: 'not-visible', text: `店铺页面的市场主体登记标记存在但未可见呈现（${reasons.join('；')}）` });
  } else if (unmarked.length && kinds.size === 1) {
    const kind = [...kinds][0]!;
    problems.push({
      verdict: 'violation',
      code: 'one-kind-only',
      text: `平台仅对“${KIND_WORDS[kind]}”的经营者作标记：抽查的 ${reports.length} 个店铺中 ${reports.length - unmarked.length} 个有此标记，${unmarked.length} 个无任何标记，消费者无法区分两类经营者`,
    });
  } else if (unmarked.length) {
    problems.push({ verdict: 'needs-review', code: 'some-unmarked', text: `抽查的 ${reports.length} 个店铺中有 ${unmarked.length} 个未见市场主体登记标记` });
  }
  const weak = reports.filter((r) => r.kinds.size && best(r.marks.map((m) => m.judgement))?.prominence === 'weak');
  if (weak.length) {
    const reasons = [...new Set(weak.flatMap((r) => best(r.marks.map((m) => m.judgement))!.reasons))];
    problems.push({ verdict: 'needs-review', code: 'weak', text: `${weak.length} 个店铺的市场主体登记标记不够显著（${reasons.join('；')}）` });
  }
  const verdict = worstVerdict(problems.map((p) => p.verdict));
  const summary =
    verdict === 'compliant'
      ? `抽查的 ${reports.length} 个店铺页面均以显著方式标明经营者${[...kinds].map((k) => `“${KIND_WORDS[k]}”`).join('或')}`
      : problems.filter((p) => p.verdict === verdict).map((p) => p.text).join('；');
  return [
    platformFinding(CHECK_ID, input, {
      verdict,
      summary,
      reason,
      coverage: coverageOf('店铺页面', shops.map((s) => s.failure?.reason ?? null)),
      details: {
        problems,
        kindsMarked: [...kinds],
        shops: [
          ...reports.map((r) => ({
            snapshotId: r.shop.id,
            url: urlOf(r.shop),
            kinds: [...r.kinds],
            marks: r.marks.map((m) => ({ kind: m.kind, text: m.text, placement: m.placement, ...prominenceFigures(m.judgement) })),
          })),
          ...failed.map((s) => ({ snapshotId: s.id, url: urlOf(s), reason: s.failure!.reason, message: s.failure!.message })),
        ],
      },
      pages: shops,
    }),
  ];
}

/**
 * One shop page judged alone (a sweep of shops): a visible mark of either kind is compliant; none
 * at all is a violation, since a consumer cannot tell this seller's kind (an unmarked shop beside
 * marked ones is the "one kind only" of the platform-level finding); a mark not visibly rendered
 * or weak needs review.
 */
export function shopMarkFinding(snapshots: readonly Snapshot[], shop: Snapshot): DraftFinding {
  const subject = urlOf(shop);
  if (shop.failure) {
    const reason = shop.failure.reason;
    return { checkId: CHECK_ID, verdict: 'not-checked', subject, summary: `店铺页面未能打开（${NOT_CHECKED_WORDS[reason]}），未能检查`, details: { reason, message: shop.failure.message }, evidence: [...shop.files], capturedAt: shop.capturedAt };
  }
  const $ = ownContent(snapshots, shop);
  expandLazyModules($);
  const marks = marksOf($, shop.page.height);
  const visible = marks.filter((m) => shown(m.judgement));
  const mark = best(visible.map((m) => m.judgement));
  let verdict: Verdict;
  let summary: string;
  if (!marks.length) {
    verdict = 'violation';
    summary = '店铺页面未见区分已办理和未办理市场主体登记的标记';
  } else if (!visible.length) {
    verdict = 'needs-review';
    summary = `店铺页面的市场主体登记标记存在但未可见呈现（${[...new Set(marks.flatMap((m) => m.judgement.reasons))].join('；')}）`;
  } else if (mark?.prominence === 'weak') {
    verdict = 'needs-review';
    summary = `店铺页面的市场主体登记标记不够显著（${mark.reasons.join('；')}）`;
  } else {
    verdict = 'compliant';
    summary = `店铺页面以显著方式标明经营者“${KIND_WORDS[visible[0]!.kind]}”`;
  }
  return {
    checkId: CHECK_ID,
    verdict,
    subject,
    summary,
    details: { shopPage: { snapshotId: shop.id, url: subject, title: shop.title }, marks: marks.map((m) => ({ kind: m.kind, text: m.text, placement: m.placement, ...prominenceFigures(m.judgement) })) },
    evidence: [...shop.files],
    capturedAt: shop.capturedAt,
  };
}

export const sellerRegistrationMark: Rule = {
  id: CHECK_ID,
  version: '1.2.0',
  pageKinds: ['homepage', 'search', 'product', 'shop'],
  evaluate,
};
