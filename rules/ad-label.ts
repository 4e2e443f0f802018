// ad-label (竞价排名广告标注, checks.md): every paid-ranking result in search results is marked
// with the word 广告, visibly; a zone marked 广告 as a whole covers every result in it (AIG pt. 7).
//
// Findings: one per listing that is not compliant (violation or needs-review), subject the
// result's URL (or <search URL>#result-<zone>-<rank> without one): a listing that several
// searches showed is one finding, judged by its worst showing, naming every search it was seen
// in. One platform-level finding with the counts. Results labelled 广告 visibly get no finding
// of their own: they all rest on the same search page, which the platform-level finding cites.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { best, shown } from './lib/licence-info.js';
import { markupPath, type ListingItem, type ListingLabel, type ListingZone } from './lib/listings.js';
import { AD_WORD, OTHER_PROMOTION_WORDS, promotionSignals, type PromotionSignal } from './lib/promotion.js';
import { coverageOf } from './lib/coverage.js';
import { boxWithin, prominenceFigures } from './lib/rendered.js';
import { noPagesFinding, pagesOfKind, platformFinding, searchResults, urlOf } from './lib/samples.js';
import { withoutEchoes } from './lib/urls.js';
import { evidenceOf, NOT_CHECKED_WORDS, SEVERITY, worstVerdict } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, Rule, RuleInput, Snapshot, Verdict } from './types.js';

const CHECK_ID = 'ad-label';
/** Zone headings quoted in a summary (the words a paid block is labelled with instead of 广告). */
const QUOTED_HEADINGS = 3;
/** Evidence strings (tracking URLs run to kilobytes) are cut to this length in details. */
const EVIDENCE_CHARS = 200;

interface Outcome {
  verdict: Verdict;
  code: 'labelled' | 'weak-label' | 'label-not-visible' | 'other-word' | 'icon-only' | 'no-label' | 'weak-signals';
  text: string;
}

const quote = (words: readonly string[]) => words.map((w) => `“${w}”`).join('、');
const wordLabel = (l: ListingLabel) => l.source !== 'class';

/** Zone labels that stand before the list in reading order: its headings. */
function headingsOf(zone: ListingZone, order: ReadonlyMap<Element, number>): string[] {
  const start = order.get(zone.element) ?? 0;
  const words = zone.labels.filter((l) => wordLabel(l) && shown(l.judgement) && (order.get(l.element) ?? 0) < start).map((l) => l.text);
  return [...new Set(words)].slice(0, QUOTED_HEADINGS);
}

function judgeItem(item: ListingItem, zone: ListingZone, signals: PromotionSignal[], headings: string[]): Outcome | null {
  const strong = signals.filter((s) => s.strength === 'strong');
  if (!strong.length) {
    if (!signals.length) return null;
    return { verdict: 'needs-review', code: 'weak-signals', text: `结果疑似付费排名（仅有弱信号：${signals.map((s) => s.evidence.slice(0, 60)).join('；')}），未见“广告”标识，需人工判断` };
  }
  const labels = [...item.labels, ...zone.labels].filter(wordLabel);
  const ad = best(labels.filter((l) => AD_WORD.test(l.text)).map((l) => l.judgement));
  if (ad?.prominence === 'visible') return { verdict: 'compliant', code: 'labelled', text: '付费排名结果已标明“广告”' };
  if (ad?.prominence === 'weak') return { verdict: 'needs-review', code: 'weak-label', text: `付费排名结果的“广告”标识不够显著（${ad.reasons.join('；')}）` };
  if (ad) return { verdict: 'violation', code: 'label-not-visible', text: `付费排名结果的“广告”标识未可见呈现（${ad.reasons.join('；')}）` };
  const others = [...new Set(labels.filter((l) => OTHER_PROMOTION_WORDS.test(l.text) && shown(l.judgement)).map((l) => l.text))];
  if (others.length) return { verdict: 'violation', code: 'other-word', text: `付费排名结果仅标注${quote(others)}，未标明“广告”` };
  const icons = signals.filter((s) => s.label?.source === 'class' && shown(s.label.judgement));
  if (icons.length) {
    return { verdict: 'needs-review', code: 'icon-only', text: `付费排名结果未见“广告”文字，仅有以样式图标呈现的标记（${[...new Set(icons.map((s) => s.evidence))].join('、')}），需对照截图核实是否标明“广告”` };
  }
  const euphemism = headings.length ? `，所在区域仅以${quote(headings)}标示` : '';
  return { verdict: 'violation', code: 'no-label', text: `付费排名结果未标明“广告”${euphemism}` };
}

function labelDetail(l: ListingLabel, item: ListingItem, zoneWide: boolean) {
  const box = l.judgement.rendering.box;
  return {
    text: l.text,
    source: l.source,
    zoneWide,
    // a label not rendered has no box to be inside anything
    insideCard: zoneWide || !box || !box.width || !box.height || !item.box ? null : boxWithin(box, item.box),
    markupPath: markupPath(l.element),
    ...prominenceFigures(l.judgement),
  };
}

interface PageReport {
  search: Snapshot;
  reason: NotCheckedReason | null;
  message: string | null;
  results: number;
  paid: number;
  outcomes: { item: ListingItem; zone: ListingZone; signals: PromotionSignal[]; outcome: Outcome }[];
  zones: { index: number; results: number; paid: number; headings: string[] }[];
}

function judgePage(search: Snapshot): PageReport {
  const empty = { results: 0, paid: 0, outcomes: [], zones: [] };
  if (search.failure) return { search, reason: search.failure.reason, message: search.failure.message, ...empty };
  const { $, zones } = searchResults(search);
  if (!zones.some((z) => z.items.length)) return { search, reason: 'page-kind-not-found', message: '未识别出搜索结果列表', ...empty };
  const order = documentOrder($);
  const outcomes: PageReport['outcomes'] = [];
  const zoneReports: PageReport['zones'] = [];
  for (const zone of zones) {
    const headings = headingsOf(zone, order);
    const signals = zone.items.map((item) => promotionSignals(item, zone));
    const paid = signals.filter((ss) => ss.some((s) => s.strength === 'strong')).length;
    // a block that is mostly paid and headed by other words (掌柜热卖) is labelled with those words;
    // over a natural list the headings are its sort and filter bar, not a label
    const euphemisms = paid * 2 >= zone.items.length ? headings : [];
    zone.items.forEach((item, i) => {
      const outcome = judgeItem(item, zone, signals[i]!, euphemisms);
      if (outcome) outcomes.push({ item, zone, signals: signals[i]!, outcome });
    });
    zoneReports.push({ index: zone.index, results: zone.items.length, paid, headings });
  }
  const results = zones.reduce((n, z) => n + z.items.length, 0);
  return { search, reason: null, message: null, results, paid: zoneReports.reduce((n, z) => n + z.paid, 0), outcomes, zones: zoneReports };
}

function documentOrder($: CheerioAPI): Map<Element, number> {
  const order = new Map<Element, number>();
  $('*').each((i, el) => void (el.type === 'tag' && order.set(el, i)));
  return order;
}

type Sighting = { page: PageReport; o: PageReport['outcomes'][number] };

const subjectOf = ({ page, o }: Sighting) => o.item.url ?? `${urlOf(page.search)}#result-${o.zone.index}-${o.item.rank}`;

/** What makes two showings one listing: its URL, less the searched words it echoes. */
function listingKey(x: Sighting): string {
  const query = x.page.search.query;
  return x.o.item.url && query ? withoutEchoes(x.o.item.url, [query]) : subjectOf(x);
}
/** Searches named in a summary before the rest are counted. */
const QUOTED_SEARCHES = 3;

/** Every showing of each listing, in the order first seen. */
function listingsOf(pages: readonly PageReport[]): Sighting[][] {
  const bySubject = new Map<string, Sighting[]>();
  for (const page of pages) {
    for (const o of page.outcomes) {
      const key = listingKey({ page, o });
      bySubject.set(key, [...(bySubject.get(key) ?? []), { page, o }]);
    }
  }
  return [...bySubject.values()];
}

/** A listing's showing that decides it: the first of its worst. */
const decisive = (sightings: readonly Sighting[]): Sighting => sightings.reduce((a, b) => (SEVERITY[b.o.outcome.verdict] > SEVERITY[a.o.outcome.verdict] ? b : a));

function listingFinding(sightings: readonly Sighting[]): DraftFinding {
  const { page, o } = decisive(sightings);
  const { search } = page;
  const { item, zone, signals, outcome } = o;
  const adLabels = (labels: ListingLabel[]) => labels.filter((l) => !wordLabel(l) || AD_WORD.test(l.text) || OTHER_PROMOTION_WORDS.test(l.text));
  const queries = [...new Set(sightings.map((x) => x.page.search.query).filter((q): q is string => q !== null))];
  const more = queries.length > QUOTED_SEARCHES ? `等 ${queries.length} 个搜索` : '';
  const seenIn = sightings.length > 1 ? `（同一结果出现在${quote(queries.slice(0, QUOTED_SEARCHES))}${more}的结果中）` : '';
  return {
    checkId: CHECK_ID,
    verdict: outcome.verdict,
    subject: subjectOf({ page, o }),
    summary: `${search.query ? `搜索“${search.query}”` : '搜索结果页'}第 ${zone.index + 1} 组结果第 ${item.rank} 位「${item.title.slice(0, 40)}」：${outcome.text}${seenIn}`,
    details: {
      problem: outcome.code,
      query: search.query,
      searchPage: { snapshotId: search.id, url: urlOf(search) },
      zone: zone.index,
      rank: item.rank,
      title: item.title,
      url: item.url,
      price: item.price,
      cardBox: item.box,
      signals: signals.map((s) => ({ kind: s.kind, strength: s.strength, evidence: s.evidence.length > EVIDENCE_CHARS ? `${s.evidence.slice(0, EVIDENCE_CHARS)}…` : s.evidence })),
      labels: [...adLabels(item.labels).map((l) => labelDetail(l, item, false)), ...adLabels(zone.labels).map((l) => labelDetail(l, item, true))],
      zoneHeadings: page.zones[zone.index]!.headings,
      seenIn: sightings.map((x) => ({ query: x.page.search.query, snapshotId: x.page.search.id, url: urlOf(x.page.search), zone: x.o.zone.index, rank: x.o.item.rank, verdict: x.o.outcome.verdict, problem: x.o.outcome.code })),
    },
    evidence: evidenceOf([search]),
    capturedAt: search.capturedAt,
  };
}

function evaluate(input: RuleInput): DraftFinding[] {
  const searches = pagesOfKind(input.snapshots, 'search');
  if (!searches.length) return [noPagesFinding(CHECK_ID, input, '搜索结果页')];
  const pages = searches.map(judgePage);
  const checked = pages.filter((p) => !p.reason);
  const listings = listingsOf(checked);
  const findings: DraftFinding[] = listings.filter((l) => decisive(l).o.outcome.verdict !== 'compliant').map(listingFinding);

  const outcomes = checked.flatMap((p) => p.outcomes.map((o) => o.outcome));
  const count = (code: Outcome['code']) => outcomes.filter((o) => o.code === code).length;
  // each listing once, by its worst showing
  const judged = listings.map((l) => decisive(l).o.outcome);
  const paid = checked.reduce((n, p) => n + p.paid, 0);
  const results = checked.reduce((n, p) => n + p.results, 0);
  const unchecked = pages.filter((p) => p.reason);
  let verdict: Verdict;
  let summary: string;
  let reason: NotCheckedReason | null = null;
  if (!checked.length) {
    verdict = 'not-checked';
    reason = unchecked[0]!.reason;
    summary = `搜索结果页未能检查（${unchecked[0]!.search.failure ? NOT_CHECKED_WORDS[reason!] : unchecked[0]!.message}）`;
  } else {
    verdict = worstVerdict(outcomes.map((o) => o.verdict));
    const bad = judged.filter((o) => o.verdict === 'violation').length;
    const review = judged.filter((o) => o.verdict === 'needs-review').length;
    const labelled = judged.filter((o) => o.code === 'labelled').length;
    const distinct = judged.filter((o) => o.code !== 'weak-signals').length;
    const scope = `检查 ${checked.length} 个搜索结果页共 ${results} 条结果，识别出付费排名结果 ${paid} 条${distinct < paid ? `（${distinct} 个不同结果）` : ''}`;
    summary =
      verdict === 'compliant'
        ? paid
          ? `${scope}，均已显著标明“广告”`
          : `检查 ${checked.length} 个搜索结果页共 ${results} 条结果，未发现付费排名结果`
        : `${scope}：已标明“广告” ${labelled} 条，违规 ${bad} 条，需人工复核 ${review} 条`;
  }
  const byProblem = Object.fromEntries((['labelled', 'weak-label', 'label-not-visible', 'other-word', 'icon-only', 'no-label', 'weak-signals'] as const).map((c) => [c, count(c)]));
  findings.push(
    platformFinding(CHECK_ID, input, {
      verdict,
      summary,
      reason,
      // A results page that loaded without a list identified on it was seen (a keyword the
      // platform has nothing for, or withholds results of); one that did not load was not.
      coverage: coverageOf('搜索结果页', pages.map((p) => p.search.failure?.reason ?? null)),
      details: {
        counts: { searchPages: pages.length, checkedPages: checked.length, results, paid, ...byProblem },
        pages: pages.map((p) => ({
          snapshotId: p.search.id,
          url: urlOf(p.search),
          query: p.search.query,
          ...(p.reason ? { reason: p.reason, message: p.message } : {}),
          results: p.results,
          paid: p.paid,
          zones: p.zones,
        })),
      },
      pages: pages.map((p) => p.search),
    }),
  );
  return findings;
}

export const adLabel: Rule = {
  id: CHECK_ID,
  version: '1.1.0',
  pageKinds: ['homepage', 'search'],
  evaluate,
};
