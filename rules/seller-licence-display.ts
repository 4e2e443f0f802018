// seller-licence-display (亮证亮照 for in-platform sellers, checks.md): each sampled shop page shows
// the seller's licence information (name and credit code, or a link or badge to it) or, for a
// seller without market-entity registration, one of the four NTM 12 ¶3 self-declarations.
//
// Findings: one per sampled shop page (subject: the shop URL), whatever its verdict, since each
// rests on its own shop and licence pages; and one platform-level finding with the counts.
import { imageOnlyText, imageReadingsOf, type ImageReading } from './lib/image-text.js';
import { best, licenceLinkDetail, shown, type LinkState } from './lib/licence-info.js';
import { prominenceFigures, type ProminenceJudgement } from './lib/rendered.js';
import { coverageOf } from './lib/coverage.js';
import { noPagesFinding, pagesOfKind, platformFinding, urlOf } from './lib/samples.js';
import { NO_REGISTRATION, shopLicence, type ShopLicence } from './lib/sellers.js';
import type { PageText } from './lib/text.js';
import { normaliseName } from './lib/names.js';
import { normaliseUscc } from './lib/uscc.js';
import { evidenceOf, NOT_CHECKED_WORDS, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'seller-licence-display';

/** NTM 12 ¶3: the four cases, each declared in these words. */
const SELF_DECLARATIONS = [
  '个人销售自产农副产品，依法不需要办理市场主体登记',
  '个人销售家庭手工业产品，依法不需要办理市场主体登记',
  '个人利用自己的技能从事依法无须取得许可的便民劳务活动，依法不需要办理市场主体登记',
  '个人从事零星小额交易活动，依法不需要办理市场主体登记',
] as const;
/** Punctuation and spaces a declaration may be printed with or without. */
const LOOSE = /[\s\p{P}\p{S}]/u;

interface Declaration {
  text: string;
  exact: boolean;
  judgement: ProminenceJudgement;
}

/** The page text without spaces and punctuation, with each kept character's offset in the original. */
function tight(pt: PageText): { text: string; offsets: number[] } {
  const chars: string[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < pt.text.length; i++) {
    const c = pt.text[i]!;
    if (LOOSE.test(c)) continue;
    chars.push(c);
    offsets.push(i);
  }
  return { text: chars.join(''), offsets };
}

const tightWords = (s: string) => [...s].filter((c) => !LOOSE.test(c)).join('');

function declarationsOf(pt: PageText): Declaration[] {
  const found: Declaration[] = [];
  const t = tight(pt);
  const spans: [number, number][] = [];
  for (const d of SELF_DECLARATIONS) {
    const words = tightWords(d);
    for (let at = t.text.indexOf(words); at >= 0; at = t.text.indexOf(words, at + 1)) {
      const offset = t.offsets[at]!;
      spans.push([offset, t.offsets[at + words.length - 1]!]);
      found.push({ text: d, exact: true, judgement: pt.prominenceAt(offset)! });
    }
  }
  for (const m of pt.text.matchAll(NO_REGISTRATION)) {
    if (spans.some(([from, to]) => m.index >= from && m.index <= to)) continue;
    // the clause before the words: what the seller says it is
    const start = Math.max(pt.text.lastIndexOf('。', m.index) + 1, m.index - 40);
    found.push({ text: pt.text.slice(start, m.index + m[0].length).trim(), exact: false, judgement: pt.prominenceAt(m.index)! });
  }
  return found;
}

type ShownAs = 'text' | 'licence-page' | 'badge' | 'self-declaration' | 'image' | 'login' | 'unreadable-page' | 'unchecked-link' | 'none';

interface Problem {
  verdict: Verdict;
  code: string;
  text: string;
}

export interface ShopReport {
  shop: Snapshot;
  verdict: Verdict;
  reason: NotCheckedReason | null;
  shownAs: ShownAs;
  problems: Problem[];
  licence: ShopLicence | null;
  declarations: Declaration[];
  /** What OCR read of a licence shown only as an image. */
  imageReadings: ImageReading[];
}

/**
 * Where the information is looked for, in an inspector's words: a shop page of a platform, or
 * (a sweep of self-built sites) a site's homepage, whose footer is its operator's own.
 */
export interface DisplayPage {
  /** 店铺页面 or 网站首页. */
  page: string;
  /** 店铺 or 网站: whose 证照信息 it is. */
  owner: string;
  ownSite: boolean;
  /** The name and credit code the sweep's list gives for the subject, where it gives them. */
  expected?: { name?: string | undefined; uscc?: string | undefined };
}

const SHOP_PAGE: DisplayPage = { page: '店铺页面', owner: '店铺', ownSite: false };

/** A shop page (or a self-built site's homepage) judged on its own: the seller check's verdict for it, and why. */
export function judgeDisplayPage(snapshots: readonly Snapshot[], shop: Snapshot, at: DisplayPage = SHOP_PAGE): ShopReport {
  const base = { shop, licence: null, declarations: [], imageReadings: [] };
  if (shop.failure) {
    const text = `${at.page}未能打开（${NOT_CHECKED_WORDS[shop.failure.reason]}）`;
    return { ...base, verdict: 'not-checked', reason: shop.failure.reason, shownAs: 'none', problems: [{ verdict: 'not-checked', code: 'shop-unreachable', text }] };
  }
  const licence = shopLicence(snapshots, shop, at.ownSite);
  const declarations = declarationsOf(licence.pt);
  const links = licence.links.filter((l) => shown(l.judgement));
  const linksIn = (...states: LinkState[]) => links.filter((l) => states.includes(l.state));
  const onPage = [...licence.fields.usccs.filter((u) => shown(u.judgement)), ...licence.fields.names.filter((n) => n.licenceContext && shown(n.judgement))];
  const exact = declarations.filter((d) => d.exact && shown(d.judgement));
  const paraphrased = declarations.filter((d) => !d.exact && shown(d.judgement));

  const problems: Problem[] = [];
  let shownAs: ShownAs;
  let relied: ProminenceJudgement[] = [];
  let reason: NotCheckedReason | null = null;
  let imageReadings: ImageReading[] = [];
  const readable: [ShownAs, ProminenceJudgement[]][] = [
    ['text', onPage.map((m) => m.judgement)],
    ['licence-page', linksIn('text').map((l) => l.judgement)],
    ['badge', linksIn('badge').map((l) => l.judgement)],
    ['self-declaration', exact.map((d) => d.judgement)],
  ];
  const first = readable.find(([, js]) => js.length);
  if (first) {
    shownAs = first[0];
    relied = readable.flatMap(([, js]) => js);
  } else if (linksIn('image', 'login', 'no-fields').length) {
    const state = linksIn('image').length ? 'image' : linksIn('login').length ? 'login' : 'no-fields';
    shownAs = state === 'image' ? 'image' : state === 'login' ? 'login' : 'unreadable-page';
    relied = linksIn('image', 'login', 'no-fields').map((l) => l.judgement);
    imageReadings = imageReadingsOf(linksIn('image'), null);
    const text = { image: imageOnlyText(`${at.owner}证照信息`, imageReadings), login: `${at.owner}证照信息页面需登录后才能查看`, 'no-fields': `${at.owner}证照信息页面未识别出经营者名称或统一社会信用代码` }[state];
    problems.push({ verdict: 'needs-review', code: state, text });
  } else if (linksIn('unchecked').length) {
    shownAs = 'unchecked-link';
    reason = linksIn('unchecked')[0]!.reason ?? 'page-kind-not-found';
    relied = linksIn('unchecked').map((l) => l.judgement);
    problems.push({ verdict: 'not-checked', code: 'link-unchecked', text: `${at.page}有证照信息链接，但其指向的页面未能检查（${NOT_CHECKED_WORDS[reason]}）` });
  } else if (paraphrased.length) {
    shownAs = 'none';
  } else {
    shownAs = 'none';
    const hidden = [...licence.fields.usccs, ...licence.fields.names.filter((n) => n.licenceContext), ...licence.links, ...declarations].filter((m) => !shown(m.judgement));
    const why = hidden.length ? `（相关信息存在于页面中但未可见呈现：${[...new Set(hidden.flatMap((m) => m.judgement.reasons))].join('；')}）` : '';
    problems.push({ verdict: 'violation', code: 'no-licence-info', text: `${at.page}未公示经营者营业执照信息或链接，也未见不需要办理市场主体登记的自我声明${why}` });
  }
  if (paraphrased.length && !exact.length) {
    relied = [...relied, ...paraphrased.map((d) => d.judgement)];
    problems.push({ verdict: 'needs-review', code: 'paraphrased-declaration', text: `${at.page}的自我声明“${paraphrased[0]!.text}”不是《网络交易监督管理办法》第十二条第三款规定的表述` });
  }
  const mark = best(relied);
  if (mark?.prominence === 'weak') problems.push({ verdict: 'needs-review', code: 'weak', text: `${at.owner}证照信息不够显著（${mark.reasons.join('；')}）` });
  const badCodes = [...new Set(licence.usccs.filter((u) => !u.checksumValid).map((u) => u.code))];
  if (badCodes.length) problems.push({ verdict: 'needs-review', code: 'checksum', text: `${at.owner}公示的统一社会信用代码 ${badCodes.join('、')} 未通过校验位检验` });
  if (shownAs === 'text' && !licence.usccs.length) problems.push({ verdict: 'needs-review', code: 'name-only', text: `${at.page}仅公示经营者名称，未见统一社会信用代码` });
  problems.push(...againstList(licence, at.expected));
  return { shop, licence, declarations, verdict: worstVerdict(problems.map((p) => p.verdict)), reason, shownAs, problems, imageReadings };
}

/** The name and code shown, against those the sweep's list gives (a platform's shops have none to compare). */
function againstList(licence: ShopLicence, expected: DisplayPage['expected']): Problem[] {
  const problems: Problem[] = [];
  const codes = [...new Set(licence.usccs.map((u) => u.code))];
  const uscc = expected?.uscc ? normaliseUscc(expected.uscc) : null;
  if (uscc && codes.length && !codes.includes(uscc)) {
    problems.push({ verdict: 'needs-review', code: 'uscc-mismatch', text: `公示的统一社会信用代码 ${codes.join('、')} 与名单所列 ${uscc} 不一致` });
  }
  const names = [...new Set(licence.names.map((n) => n.name))];
  if (expected?.name && names.length && !names.some((n) => normaliseName(n) === normaliseName(expected.name!))) {
    problems.push({ verdict: 'needs-review', code: 'name-mismatch', text: `公示的经营者名称“${names[0]}”与名单所列“${expected.name}”不一致` });
  }
  return problems;
}

/** The summary of a compliant shop, by how it shows the information. */
const SHOWN_WORDS: Partial<Record<ShownAs, string>> = {
  text: '店铺页面已公示经营者营业执照信息',
  'licence-page': '店铺页面链接的证照信息页已公示经营者营业执照信息',
  badge: '店铺页面有指向政府亮照系统的证照标识',
  'self-declaration': '店铺页面已公示不需要办理市场主体登记的自我声明',
};


/** The finding of one shop page (or site homepage), under `checkId`: licence-display for a self-built site in a sweep. */
export function displayPageFinding(r: ShopReport, checkId: string = CHECK_ID, at: DisplayPage = SHOP_PAGE): DraftFinding {
  const shown = SHOWN_WORDS[r.shownAs]?.replace(/^店铺页面/, at.page) ?? '';
  const summary = r.verdict === 'compliant' ? shown : r.problems.filter((p) => p.verdict === r.verdict).map((p) => p.text).join('；');
  const l = r.licence;
  return {
    checkId,
    verdict: r.verdict,
    subject: urlOf(r.shop),
    summary,
    details: {
      ...(r.reason ? { reason: r.reason } : {}),
      shopPage: { snapshotId: r.shop.id, url: urlOf(r.shop), title: r.shop.title },
      shownAs: r.shownAs,
      problems: r.problems,
      ...(r.imageReadings.length ? { imageReadings: r.imageReadings } : {}),
      ...(l
        ? {
            lazyModules: l.lazyModules,
            usccs: l.usccs.map((u) => ({ code: u.code, checksumValid: u.checksumValid, evidence: u.evidence, context: u.context, where: u.where, placement: u.placement, ...prominenceFigures(u.judgement) })),
            names: l.names.map((n) => ({ name: n.name, evidence: n.evidence, context: n.context, where: n.where, placement: n.placement, ...prominenceFigures(n.judgement) })),
            licenceLinks: l.links.map(licenceLinkDetail),
          }
        : {}),
      declarations: r.declarations.map((d) => ({ text: d.text, exact: d.exact, ...prominenceFigures(d.judgement) })),
    },
    evidence: evidenceOf([r.shop, ...(l?.links.map((x) => x.snapshot) ?? [])]),
    capturedAt: r.shop.capturedAt,
  };
}

function evaluate(input: RuleInput): DraftFinding[] {
  const shops = pagesOfKind(input.snapshots, 'shop');
  if (!shops.length) return [noPagesFinding(CHECK_ID, input, '店铺页面')];
  const reports = shops.map((s) => judgeDisplayPage(input.snapshots, s));
  const count = (v: Verdict) => reports.filter((r) => r.verdict === v).length;
  const checked = reports.filter((r) => r.verdict !== 'not-checked');
  const verdict = checked.length ? worstVerdict(checked.map((r) => r.verdict)) : 'not-checked';
  const summary = checked.length
    ? verdict === 'compliant'
      ? `抽查的 ${reports.length} 个店铺页面均已公示经营者营业执照信息或自我声明`
      : `抽查 ${reports.length} 个店铺页面：未公示 ${count('violation')} 个，需人工复核 ${count('needs-review')} 个，已公示 ${count('compliant')} 个`
    : `抽查的 ${reports.length} 个店铺页面均未能检查`;
  return [
    ...reports.map((r) => displayPageFinding(r)),
    platformFinding(CHECK_ID, input, {
      verdict,
      summary,
      reason: checked.length ? null : reports[0]!.reason,
      coverage: coverageOf('店铺页面', reports.map((r) => (r.verdict === 'not-checked' ? (r.reason ?? 'page-kind-not-found') : null))),
      details: {
        counts: { sampled: reports.length, violation: count('violation'), needsReview: count('needs-review'), compliant: count('compliant'), notChecked: count('not-checked') },
        shops: reports.map((r) => ({ url: urlOf(r.shop), verdict: r.verdict, shownAs: r.shownAs })),
      },
      pages: reports.flatMap((r) => [r.shop, ...(r.licence?.links.map((x) => x.snapshot) ?? [])]),
    }),
  ];
}

export const sellerLicenceDisplay: Rule = {
  id: CHECK_ID,
  version: '1.2.0',
  pageKinds: ['homepage', 'search', 'product', 'shop', 'licence'],
  evaluate,
};
