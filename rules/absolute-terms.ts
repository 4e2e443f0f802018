// absolute-terms (广告绝对化用语, AdL 9(3), checks.md): listing titles on search results, the
// title and description of product pages, and the text of the promotional terms a platform sets
// for consumers (活动规则, 促销规则, 购物须知: page kind `terms`) are matched against the versioned term list
// rules/data/absolute-terms.json (plus a bureau's own, see term-lists.ts). Chinese has no spaces,
// so a term is matched as a dictionary word and then dropped when a known non-absolute compound
// covers it: an ordinal (第一季度, 2024年第一批), a brand (第一坊), a consumption hint (最佳赏味期),
// an official title (国家级非物质文化遗产) — the AAG exclusions, each entry with its paragraph.
// Whether a claim is true or bounded (2024年度销量第一) is for a person: every hit needs review.
//
// Findings: one per term a listing uses, subject the item URL (or the product page URL), with its
// context window, naming every place it was seen (a listing shown by several searches, its title
// repeated on its product page, is one finding); one platform-level finding with the counts.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { renderingOf } from './lib/rendered.js';
import { coverageOf } from './lib/coverage.js';
import { noPagesFinding, pagesOfKind, platformFinding, searchResults, urlOf } from './lib/samples.js';
import { BUILT_IN_TERMS, type AbsoluteEntry, type AbsoluteTermsList, type SourcedPattern } from './lib/term-lists.js';
import { documentText } from './lib/document-text.js';
import { loadHtml, textOf } from './lib/text.js';
import { withoutEchoes } from './lib/urls.js';
import { evidenceOf, NOT_CHECKED_WORDS } from './lib/verdicts.js';
import type { Box, DraftFinding, NotCheckedReason, PageKind, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'absolute-terms';
/** Characters quoted either side of a hit. */
const CONTEXT = 20;
/** A year, a period or a region just before a hit bounds the claim (AAG 9(6)): said in the finding. */
const BOUNDED = /(?:\d{2,4}\s*年|年度|季度|上半年|下半年|本月|[省市县区]内?|地区)[^，,。；;！!]{0,10}$/;
/** Product-page blocks that hold the description, by the names platforms give them. */
const DESCRIPTION = '[class*="desc" i], [id*="desc" i], [class*="detail" i], [id*="detail" i], [class*="intro" i], [id*="intro" i]';

type Field = 'listing-title' | 'title' | 'description' | 'document';
const FIELD_WORDS: Readonly<Record<Field, string>> = { 'listing-title': '搜索结果标题', title: '商品标题', description: '商品描述', document: '正文' };
/** Pages whose text is advertising of a kind: the platform's activity and promotion rules, shopping notices. */
const PROMOTIONAL: readonly PageKind[] = ['terms'];

interface Text {
  page: Snapshot;
  subject: string;
  field: Field;
  text: string;
  box: Box | null;
  /** For a listing: the query and place in the results. */
  listing: { query: string | null; zone: number; rank: number } | null;
}

interface Hit {
  at: Text;
  terms: AbsoluteEntry[];
  matched: string;
  offset: number;
  context: string;
  bounded: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Matcher {
  terms: RegExp;
  byTerm: Map<string, AbsoluteEntry[]>;
  exceptions: { re: RegExp; entry: SourcedPattern }[];
}

function compile(list: AbsoluteTermsList): Matcher {
  const byTerm = new Map<string, AbsoluteEntry[]>();
  for (const e of list.entries) {
    const key = e.term.normalize('NFKC').toUpperCase();
    byTerm.set(key, [...(byTerm.get(key) ?? []), e]);
  }
  // longest first, so 全网最低 is one hit and not 最低 inside it; a Latin term (NO.1) must stand
  // alone (not inside NO.12 or a model number)
  const alternatives = [...byTerm.keys()]
    .sort((a, b) => b.length - a.length)
    .map((t) => (/^[\x20-\x7e]+$/.test(t) ? `(?<![A-Z0-9])${escape(t)}(?![A-Z0-9])` : escape(t)));
  return {
    terms: new RegExp(alternatives.join('|'), 'gi'),
    byTerm,
    exceptions: list.exceptions.map((entry) => ({ re: new RegExp(entry.pattern, 'gi'), entry })),
  };
}

/** Hits in one text; full-width forms (ＮＯ．１) are read as their ASCII (NFKC). */
function hitsIn(at: Text, m: Matcher): Hit[] {
  const text = at.text.normalize('NFKC');
  const covered = m.exceptions.flatMap(({ re }) => [...text.matchAll(re)].map((x) => [x.index, x.index + x[0].length] as const));
  const hits: Hit[] = [];
  for (const x of text.matchAll(m.terms)) {
    const start = x.index;
    const end = start + x[0].length;
    if (covered.some(([s, e]) => s <= start && end <= e)) continue;
    hits.push({
      at,
      terms: m.byTerm.get(x[0].toUpperCase())!,
      matched: x[0],
      offset: start,
      context: text.slice(Math.max(0, start - CONTEXT), end + CONTEXT).trim(),
      bounded: BOUNDED.test(text.slice(Math.max(0, start - 20), start)),
    });
  }
  return hits;
}

const boxOf = ($: CheerioAPI, el: Element) => {
  const r = renderingOf($, el);
  return r.measured ? r.box : null;
};

/** Each result's title, and the titles of a merchant card's deals (listings of their own). */
function listingTexts(search: Snapshot): Text[] {
  const { zones } = searchResults(search);
  return zones.flatMap((zone) =>
    zone.items.flatMap((item) =>
      [{ url: item.url, title: item.title }, ...item.offers].map((listing) => ({
        page: search,
        subject: listing.url ?? `${urlOf(search)}#result-${zone.index}-${item.rank}`,
        field: 'listing-title' as const,
        text: listing.title,
        box: item.box,
        listing: { query: search.query, zone: zone.index, rank: item.rank },
      })),
    ),
  );
}

/** A promotional page's text (its own, without the site's header and footer), one block a line. */
function documentTexts(page: Snapshot): Text[] {
  const text = documentText(page.html).replace(/\n/g, ' ');
  return text ? [{ page, subject: urlOf(page), field: 'document', text, box: null, listing: null }] : [];
}

function productTexts(product: Snapshot): Text[] {
  const $ = loadHtml(product.html);
  const subject = urlOf(product);
  const h1 = $('h1').toArray().find((el) => textOf($(el)));
  const texts: Text[] = [{ page: product, subject, field: 'title', text: h1 ? textOf($(h1)) : product.title, box: h1 ? boxOf($, h1) : null, listing: null }];
  const meta = $('meta[name="description" i]').attr('content')?.trim();
  if (meta) texts.push({ page: product, subject, field: 'description', text: meta, box: null, listing: null });
  // the outermost description blocks only, so no text is read twice
  for (const el of $(DESCRIPTION).toArray()) {
    if ($(el).parents(DESCRIPTION).length) continue;
    const text = textOf($(el));
    if (text) texts.push({ page: product, subject, field: 'description', text, box: boxOf($, el), listing: null });
  }
  return texts;
}

/** The hits of one term in one listing, whichever search or page showed it. */
function groupHits(hits: readonly Hit[], queries: readonly string[]): Hit[][] {
  const groups = new Map<string, Hit[]>();
  for (const h of hits) {
    const key = `${withoutEchoes(h.at.subject, queries)}\n${h.matched}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  return [...groups.values()];
}

function hitFinding(hits: readonly Hit[], version: string): DraftFinding {
  const h = hits[0]!;
  const { at } = h;
  const pages = new Set(hits.map((x) => x.at.page.id)).size;
  const more = hits.length > 1 ? `（同一商品共 ${hits.length} 处，见于 ${pages} 个页面）` : '';
  const where = at.listing
    ? `${at.listing.query ? `搜索“${at.listing.query}”` : '搜索结果页'}第 ${at.listing.zone + 1} 组第 ${at.listing.rank} 位`
    : at.field === 'document'
      ? `「${at.page.title || urlOf(at.page)}」`
      : '商品页';
  return {
    checkId: CHECK_ID,
    verdict: 'needs-review',
    subject: at.subject,
    summary: `${where}${FIELD_WORDS[at.field]}使用绝对化用语“${h.matched}”：“${h.context}”${h.bounded ? '（限定了时间或地域，需核实依据）' : ''}${more}，需结合语境判断是否违反广告法第九条第（三）项`,
    details: {
      term: h.matched,
      sources: h.terms.map((t) => t.source),
      field: at.field,
      context: h.context,
      offset: h.offset,
      boundedByTimeOrPlace: h.bounded,
      text: at.text.length > 300 ? `${at.text.slice(0, 300)}…` : at.text,
      page: { snapshotId: at.page.id, url: urlOf(at.page), kind: at.page.kind },
      ...(at.listing ? { query: at.listing.query, zone: at.listing.zone, rank: at.listing.rank } : {}),
      box: at.box,
      listVersion: version,
      seenIn: hits.map((x) => ({ snapshotId: x.at.page.id, url: urlOf(x.at.page), kind: x.at.page.kind, field: x.at.field, context: x.context, ...(x.at.listing ? { query: x.at.listing.query } : {}) })),
    },
    evidence: evidenceOf([at.page]),
    capturedAt: at.page.capturedAt,
  };
}

function evaluateWith(list: AbsoluteTermsList, input: RuleInput): DraftFinding[] {
  const promotional = PROMOTIONAL.flatMap((kind) => pagesOfKind(input.snapshots, kind));
  const pages = [...pagesOfKind(input.snapshots, 'search'), ...pagesOfKind(input.snapshots, 'product'), ...promotional];
  if (!pages.length) return [noPagesFinding(CHECK_ID, input, '搜索结果页或商品页')];
  const matcher = compile(list);
  const read = pages.filter((p) => !p.failure && p.html);
  const texts = read.flatMap((p) => (p.kind === 'search' ? listingTexts(p) : p.kind === 'product' ? productTexts(p) : documentTexts(p)));
  // one listing shown on two results pages, or a title repeated in a description, is one hit
  const seen = new Set<string>();
  const hits = texts.flatMap((t) => hitsIn(t, matcher)).filter((h) => {
    const key = `${h.at.subject}\n${h.matched}\n${h.context}`;
    return !seen.has(key) && seen.add(key);
  });
  const queries = pagesOfKind(input.snapshots, 'search').flatMap((p) => (p.query ? [p.query] : []));
  const groups = groupHits(hits, queries);
  const findings = groups.map((g) => hitFinding(g, list.version));

  const unread = pages.filter((p) => !read.includes(p));
  const items = new Set(texts.filter((t) => t.field !== 'document').map((t) => t.subject)).size;
  const documents = new Set(texts.filter((t) => t.field === 'document').map((t) => t.subject)).size;
  let verdict: Verdict;
  let summary: string;
  let reason: NotCheckedReason | null = null;
  if (!texts.length) {
    verdict = 'not-checked';
    reason = unread[0]?.failure?.reason ?? 'page-kind-not-found';
    summary = unread[0]?.failure ? `搜索结果页和商品页未能打开（${NOT_CHECKED_WORDS[reason]}），未能检查` : '未识别出商品标题或描述，未能检查';
  } else {
    verdict = hits.length ? 'needs-review' : 'compliant';
    const scope = `检查 ${items} 个商品的标题和描述${documents ? `及 ${documents} 个活动规则等页面` : ''}`;
    const hitIn = (document: boolean) => new Set(groups.filter((g) => (g[0]!.at.field === 'document') === document).map((g) => g[0]!.at.subject)).size;
    const [inItems, inDocuments] = [hitIn(false), hitIn(true)];
    const where = [inItems ? `${inItems} 个商品` : '', inDocuments ? `${inDocuments} 个活动规则等页面` : ''].filter(Boolean).join('、');
    summary = hits.length ? `${scope}，发现绝对化用语 ${groups.length} 处（${where}），需人工复核` : `${scope}，未发现绝对化用语`;
  }
  const byTerm: Record<string, number> = {};
  for (const h of hits) byTerm[h.matched] = (byTerm[h.matched] ?? 0) + 1;
  findings.push(
    platformFinding(CHECK_ID, input, {
      verdict,
      summary,
      reason,
      coverage: coverageOf(promotional.length ? '搜索结果页、商品页及活动规则等页面' : '搜索结果页和商品页', pages.map((p) => (read.includes(p) ? null : (p.failure?.reason ?? 'page-kind-not-found')))),
      details: {
        listVersion: list.version,
        counts: { pages: pages.length, read: read.length, items, texts: texts.length, hits: hits.length },
        byTerm,
        pages: pages.map((p) => ({ snapshotId: p.id, url: urlOf(p), kind: p.kind, ...(p.failure ? { reason: p.failure.reason } : {}) })),
      },
      pages,
    }),
  );
  return findings;
}

/** The check over a merged list (built-in plus a bureau's: src/roster/term-lists.ts). */
export function absoluteTermsRule(list: AbsoluteTermsList): Rule {
  return {
    id: CHECK_ID,
    version: '1.1.0',
    pageKinds: ['homepage', 'search', 'product', ...PROMOTIONAL],
    evaluate: (input) => evaluateWith(list, input),
  };
}

export const absoluteTerms: Rule = absoluteTermsRule(BUILT_IN_TERMS.absolute);
