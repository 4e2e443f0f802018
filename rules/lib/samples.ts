// The sampled pages of the listing checks and how they hang together: search pages (one per
// probe keyword), product pages followed from their result items, the seller's shop page from a
// product page, and the shop's licence page (see the crawler's guarantees in rules/types.ts).
import type { CheerioAPI } from 'cheerio';
import type { DraftFinding, NotCheckedReason, PageKind, RuleInput, Snapshot, Verdict } from '../types.js';
import { coverageReason, coveredVerdict, coverageText, type Coverage } from './coverage.js';
import { listingZones, type ListingItem, type ListingZone } from './listings.js';
import { shopLinks } from './shops.js';
import { loadHtml } from './text.js';
import { samePage } from './urls.js';
import { evidenceOf, homepageNotChecked, homepageOf } from './verdicts.js';

export const urlOf = (s: Snapshot) => s.finalUrl || s.requestedUrl;

export function pagesOfKind(snapshots: readonly Snapshot[], kind: PageKind): Snapshot[] {
  return snapshots.filter((s) => s.kind === kind);
}

/** The pages of `kind` reached from `parent`. */
export function pagesFrom(snapshots: readonly Snapshot[], parent: Snapshot, kind: PageKind): Snapshot[] {
  return snapshots.filter((s) => s.kind === kind && s.via === parent.id);
}

/**
 * The seller's shop page of a product page: the one reached from it, else the captured shop its
 * shop link leads to (the crawler fetches a shop once, from the first product that names it).
 */
export function shopOf(snapshots: readonly Snapshot[], product: Snapshot): Snapshot | null {
  const reached = pagesFrom(snapshots, product, 'shop')[0];
  if (reached || product.failure || !product.html) return reached ?? null;
  const links = shopLinks(loadHtml(product.html), urlOf(product));
  return snapshots.find((s) => s.kind === 'shop' && links.some((l) => l.url && samePage(l.url, s.requestedUrl))) ?? null;
}

/** The subject of a platform-level finding: the homepage, else the roster URL. */
export function platformSubject(input: RuleInput): string {
  const home = homepageOf(input.snapshots);
  return home ? urlOf(home) : input.platform.url;
}

export interface PlatformSummary {
  verdict: Verdict;
  summary: string;
  /** Why the check could not run, for a not-checked summary. */
  reason?: NotCheckedReason | null;
  /** The pages the check needed against those it could judge: `verdict` and `summary` are over the latter. */
  coverage?: Coverage;
  details: Record<string, unknown>;
  /** The pages the check judged, in order: its evidence, the first one's time its capture time. */
  pages: readonly (Snapshot | null)[];
}

/**
 * The platform-level finding that sums up a check over its sampled pages. Over part of the pages
 * it needed, a compliant verdict becomes needs-review and the summary says what was not seen.
 */
export function platformFinding(checkId: string, input: RuleInput, s: PlatformSummary): DraftFinding {
  const first = s.pages.find((p): p is Snapshot => p !== null);
  const c = s.coverage;
  const verdict = c && !s.reason ? coveredVerdict(s.verdict, c) : s.verdict;
  const reason = s.reason ?? (c ? coverageReason(c) : null);
  const gap = c && !s.reason ? coverageText(c) : '';
  const summary = gap ? `${s.summary}；${gap}${verdict !== s.verdict ? '，未检查部分不能认定合规' : ''}` : s.summary;
  return {
    checkId,
    verdict,
    subject: platformSubject(input),
    summary,
    details: { ...(reason ? { reason } : {}), ...(c ? { coverage: c } : {}), ...s.details },
    evidence: evidenceOf(s.pages),
    capturedAt: first?.capturedAt ?? input.snapshots[0]?.capturedAt ?? new Date().toISOString(),
  };
}

/**
 * The finding when no page of the kind a check needs was captured: the homepage's own failure
 * when it could not be loaded (nothing could be found from it), else page-kind-not-found.
 */
export function noPagesFinding(checkId: string, input: RuleInput, what: string): DraftFinding {
  const home = homepageOf(input.snapshots);
  const failed = homepageNotChecked(checkId, input, home);
  if (failed && home) return failed;
  return {
    checkId,
    verdict: 'not-checked',
    subject: platformSubject(input),
    summary: `未采集到${what}，未能检查`,
    details: { reason: 'page-kind-not-found', missing: what },
    evidence: home ? [...home.files] : [],
    capturedAt: home?.capturedAt ?? input.snapshots[0]?.capturedAt ?? new Date().toISOString(),
  };
}

export interface SearchResults {
  $: CheerioAPI;
  zones: ListingZone[];
}

// Several checks read the same results page: segment it once.
const segmented = new WeakMap<Snapshot, SearchResults>();

export function searchResults(search: Snapshot): SearchResults {
  let r = segmented.get(search);
  if (!r) {
    const $ = loadHtml(search.html);
    segmented.set(search, (r = { $, zones: listingZones($, urlOf(search)) }));
  }
  return r;
}

/** The result item a product page was followed from (its main link, or one of a merchant card's deals), with its search page. */
export function listingOf(snapshots: readonly Snapshot[], product: Snapshot): { search: Snapshot; item: ListingItem; zone: ListingZone } | null {
  const search = snapshots.find((s) => s.id === product.via && s.kind === 'search');
  if (!search || search.failure) return null;
  const { zones } = searchResults(search);
  const leadsHere = (url: string | null) => !!url && samePage(url, product.requestedUrl);
  for (const zone of zones) {
    const item = zone.items.find((i) => leadsHere(i.url)) ?? zone.items.find((i) => i.offers.some((o) => leadsHere(o.url)));
    if (item) return { search, item, zone };
  }
  return null;
}
