// prohibited-listings (seeds/000 四(二), checks.md; NTM 11, ECL 13, 29, 38): the platform's own
// search is queried with a versioned list of priority keywords (wildlife products, 特供/专供
// goods, military uniforms and 军-branded goods, hazardous chemicals, Yangtze catch, online
// lottery), and every listing whose title carries the keyword searched, or one of its variants,
// is collected for a person to judge (on a merchant card, each deal is a listing of its own).
// Nothing here is a violation by itself.
//
// Findings: one needs-review finding per listing found (a listing found under several keywords
// once), subject its URL, and one platform-level finding over the searches. The built-in list is
// rules/data/prohibited-keywords.json; a bureau's own list file is added by
// prohibitedListingsRule(BUILT_IN_KEYWORDS, own), without touching code.
import type { ListingItem, ListingZone } from './lib/listings.js';
import { coverageOf } from './lib/coverage.js';
import { noPagesFinding, pagesOfKind, platformFinding, searchResults, urlOf } from './lib/samples.js';
import { evidenceOf, NOT_CHECKED_WORDS } from './lib/verdicts.js';
import type { DraftFinding, NotCheckedReason, Rule, RuleInput, Snapshot } from './types.js';
import { BUILT_IN_KEYWORDS, type KeywordList, type ProhibitedKeyword } from './lib/term-lists.js';

const CHECK_ID = 'prohibited-listings';

const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();

interface Hit {
  entry: ProhibitedKeyword;
  matched: string;
  search: Snapshot;
  item: ListingItem;
  zone: ListingZone;
  /** What carries the keyword: the card's main listing, or one of its deals. */
  listing: { title: string; url: string | null; price: string | null };
}

function itemFinding(hits: Hit[], versions: string): DraftFinding {
  const { entry, matched, search, item, zone, listing } = hits[0]!;
  const keywords = [...new Set(hits.map((h) => h.entry.keyword))];
  const deal = listing.url !== item.url ? `的「${listing.title.slice(0, 40)}」` : '';
  return {
    checkId: CHECK_ID,
    verdict: 'needs-review',
    subject: listing.url ?? `${urlOf(search)}#result-${zone.index}-${item.rank}`,
    summary: `搜索“${entry.keyword}”第 ${zone.index + 1} 组结果第 ${item.rank} 位「${item.title.slice(0, 40)}」${deal}含重点排查词“${matched}”（${entry.category}），需人工核实是否为禁限售商品`,
    details: {
      keyword: entry.keyword,
      keywords,
      matched,
      category: entry.category,
      source: entry.source,
      listVersion: versions,
      title: listing.title,
      url: listing.url,
      ...(listing.url !== item.url ? { card: { title: item.title, url: item.url } } : {}),
      price: listing.price,
      zone: zone.index,
      rank: item.rank,
      cardBox: item.box,
      searchPages: hits.map((h) => ({ query: h.entry.keyword, snapshotId: h.search.id, url: urlOf(h.search) })),
    },
    evidence: evidenceOf(hits.map((h) => h.search)),
    capturedAt: search.capturedAt,
  };
}

/** The rule over one or more keyword lists (the built-in one, then a bureau's own); a keyword listed twice keeps its first entry. */
export function prohibitedListingsRule(...lists: KeywordList[]): Rule {
  const byKeyword = new Map<string, ProhibitedKeyword>();
  for (const l of lists) for (const e of l.entries) if (!byKeyword.has(e.keyword)) byKeyword.set(e.keyword, e);
  const versions = lists.map((l) => l.version).join('+');

  function evaluate(input: RuleInput): DraftFinding[] {
    const searches = pagesOfKind(input.snapshots, 'search').filter((s) => s.query !== null && byKeyword.has(s.query));
    if (!searches.length) return [noPagesFinding(CHECK_ID, input, '重点排查关键词的搜索结果页')];
    const ran = searches.filter((s) => !s.failure);
    const hitsBySubject = new Map<string, Hit[]>();
    let results = 0;
    const perSearch = ran.map((search) => {
      const entry = byKeyword.get(search.query!)!;
      const terms = [entry.keyword, ...(entry.variants ?? [])];
      const items = searchResults(search).zones.flatMap((zone) => zone.items.map((item) => ({ zone, item })));
      results += items.length;
      let hits = 0;
      for (const { zone, item } of items) {
        for (const listing of [{ title: item.title, url: item.url, price: item.price }, ...item.offers]) {
          const matched = terms.find((t) => squash(listing.title).includes(squash(t)));
          if (!matched) continue;
          hits++;
          const subject = listing.url ?? `${urlOf(search)}#result-${zone.index}-${item.rank}`;
          hitsBySubject.set(subject, [...(hitsBySubject.get(subject) ?? []), { entry, matched, search, item, zone, listing }]);
        }
      }
      return { keyword: entry.keyword, category: entry.category, snapshotId: search.id, url: urlOf(search), results: items.length, hits };
    });
    const findings = [...hitsBySubject.values()].map((hits) => itemFinding(hits, versions));

    const searched = new Set(ran.map((s) => s.query!));
    const unsearched = [...byKeyword.keys()].filter((k) => !searched.has(k));
    let reason: NotCheckedReason | null = null;
    let summary: string;
    if (!ran.length) {
      reason = searches[0]!.failure!.reason;
      summary = `重点排查关键词搜索未能完成（${NOT_CHECKED_WORDS[reason]}）`;
    } else {
      const scope = `以 ${searched.size} 个重点排查关键词搜索，共 ${results} 条结果`;
      const words = [...new Set(findings.flatMap((f) => f.details.keywords as string[]))];
      summary = findings.length ? `${scope}，发现标题含关键词的商品 ${findings.length} 条（${words.map((w) => `“${w}”`).join('、')}），需人工核实` : `${scope}，未发现标题含关键词的商品`;
    }
    findings.push(
      platformFinding(CHECK_ID, input, {
        verdict: reason ? 'not-checked' : hitsBySubject.size ? 'needs-review' : 'compliant',
        summary,
        reason,
        coverage: coverageOf(
          '重点排查关键词',
          [...byKeyword.keys()].map((k) => {
            const search = searches.find((s) => s.query === k);
            return search ? (search.failure?.reason ?? null) : 'page-kind-not-found';
          }),
        ),
        details: {
          listVersion: versions,
          counts: { keywords: byKeyword.size, searched: searched.size, results, listings: hitsBySubject.size },
          searches: perSearch,
          unsearched,
        },
        pages: searches,
      }),
    );
    return findings;
  }

  return { id: CHECK_ID, version: '1.1.0', pageKinds: ['homepage', 'search'], queries: [...byKeyword.keys()], evaluate };
}

export const prohibitedListings: Rule = prohibitedListingsRule(BUILT_IN_KEYWORDS);
