// What a visit fetches next from a captured page: from the homepage, its licence, agreement and
// rules links and the first search; from a rules centre, its documents; from a search, a sample
// of result items (every paid-looking or 自营 one first; of a merchant card, the merchant and a
// deal) and the keywords still to search (all at once when the search URL is known, else the
// next); from a product page, its seller's shop;
// from a shop, the shop's licence page.
import { pageLinks, type PageLink } from '../../rules/lib/links.js';
import { listingZones, type ListingItem } from '../../rules/lib/listings.js';
import { promotionSignals, selfOperatedMarks } from '../../rules/lib/promotion.js';
import { isShopLink, shopLinks } from '../../rules/lib/shops.js';
import { loadHtml } from '../../rules/lib/text.js';
import type { PageKind, Snapshot } from '../../rules/types.js';
import type { PageRequest } from './capture.js';
import { searchTemplateFromLinks, searchUrlFor, type SearchProfile } from './search.js';

export interface FollowOptions {
  /** Page kinds the selected checks need; others are not looked for. */
  pageKinds: ReadonlySet<PageKind>;
  maxLinksPerKind: number;
  keywords: readonly string[];
  /** Keywords the checks need searched besides the probes (prohibited goods): results only, items not followed. */
  queries: readonly string[];
  /** Product pages sampled a platform, besides every paid-looking or 自营 result. */
  productSample: number;
  /** Shop pages sampled a platform. */
  shopSample: number;
  /**
   * Most pages sampled on one platform, homepage included: documents, products, shops and their
   * licence pages. The searches the checks need come on top, so a large sample never cuts them.
   */
  maxPages: number;
  profile?: SearchProfile | undefined;
}

export type RequestData = Omit<PageRequest, 'startedAt' | 'requestedUrl'> & {
  /** A search run by typing into the homepage's search box rather than by URL. */
  interact?: boolean;
  /** Where to search when the homepage has no search box (a search URL seen in its links). */
  fallbackTemplate?: string | null;
};

export interface NextPage {
  url: string;
  uniqueKey: string;
  data: RequestData;
}

/** What one visit has queued so far. */
export class FollowState {
  private sequence = 0;
  readonly seen: Set<string>;
  /** Pages queued that count against maxPages: the homepage and every sampled page. */
  sampled = 1;
  products = 0;
  shops = 0;
  searchTemplate: string | null;
  /** Keywords whose search has been queued. */
  readonly searched = new Set<string>();
  /** Where probe searches start: the homepage as captured. */
  homepage: { id: string; url: string } | null = null;

  constructor(homepage: string, profile: SearchProfile | undefined) {
    this.seen = new Set([homepage]);
    this.searchTemplate = profile?.searchUrl ?? null;
  }

  nextId(): string {
    return `p${String(++this.sequence).padStart(2, '0')}`;
  }
}

/** Deals sampled from one merchant card: Dianping shows five and a link to more. */
const OFFERS_PER_CARD = 3;

const DOCUMENT_KINDS: Partial<Record<PageKind, readonly PageKind[]>> = {
  homepage: ['licence', 'agreement', 'rules', 'rules-centre', 'ip-rules', 'credit-rules', 'enforcement', 'complaint', 'privacy', 'notice', 'terms'],
  'rules-centre': ['agreement', 'rules', 'ip-rules', 'credit-rules', 'enforcement', 'complaint', 'notice', 'terms'],
};

function searchRequest(keyword: string, home: { id: string; url: string }, state: FollowState, fallbackTemplate: string | null): NextPage {
  state.searched.add(keyword);
  const data: RequestData = { id: state.nextId(), kind: 'search', depth: 1, via: home.id, linkText: null, query: keyword };
  if (state.searchTemplate) {
    const url = searchUrlFor(state.searchTemplate, keyword);
    return { url, uniqueKey: url, data };
  }
  return { url: home.url, uniqueKey: `search:${keyword}`, data: { ...data, interact: true, fallbackTemplate } };
}

const parsed = (href: string): URL | null => {
  try {
    return new URL(href);
  } catch {
    return null;
  }
};

/** A URL's query strings: its own and a hash route's (#/search?q=…), each with a way to write it back. */
function queriesOf(url: URL): { params: URLSearchParams; commit(): void }[] {
  const queries = [{ params: url.searchParams, commit: () => undefined }];
  const at = url.hash.indexOf('?');
  if (/^#!?\//.test(url.hash) && at > 0) {
    const route = url.hash.slice(0, at);
    const params = new URLSearchParams(url.hash.slice(at + 1));
    queries.push({ params, commit: () => void (url.hash = params.toString() ? `${route}?${params}` : route) });
  }
  return queries;
}

/** The search URL template a result URL reveals: the keyword found in one of its parameters, else in its path. */
export function templateFromResult(finalUrl: string, keyword: string): string | null {
  const url = parsed(finalUrl);
  if (!url) return null;
  for (const { params, commit } of queriesOf(url)) {
    const name = [...params].find(([, value]) => value === keyword)?.[0];
    if (name === undefined) continue;
    params.set(name, '__KEYWORD__');
    commit();
    return url.href.replace('__KEYWORD__', '{keyword}');
  }
  // In the path, as a segment or part of one: /search/keyword/0_手机, /s/手机.html
  const encoded = encodeURIComponent(keyword);
  const segments = url.pathname.split('/');
  const at = segments.findIndex((s) => s.includes(encoded));
  if (at < 0) return null;
  segments[at] = segments[at]!.replace(encoded, '__KEYWORD__');
  url.pathname = segments.join('/');
  url.hash = '';
  return url.href.replace('__KEYWORD__', '{keyword}');
}

/**
 * A page's URL without the parameters that only echo a searched keyword (…?kw=手机): the same
 * listing found by two searches is one page, visited once.
 */
export function pageKey(href: string, keywords: readonly string[]): string {
  const url = parsed(href);
  if (!url) return href;
  for (const { params, commit } of queriesOf(url)) {
    const echoes = [...params].filter(([, value]) => keywords.includes(value)).map(([name]) => name);
    if (!echoes.length) continue;
    for (const name of echoes) params.delete(name);
    commit();
  }
  return url.href;
}

/** Every keyword the visit searches for, in the order it searches them. */
export function plannedSearches(options: Pick<FollowOptions, 'keywords' | 'queries' | 'pageKinds'>): string[] {
  if (!options.pageKinds.has('search')) return [];
  return [...options.keywords, ...options.queries.filter((q) => !options.keywords.includes(q))];
}

export function followFrom(snapshot: Snapshot, data: RequestData, state: FollowState, options: FollowOptions): NextPage[] {
  const searches = plannedSearches(options);
  // With a search URL known, every remaining keyword is queued at once (the visit's per-host
  // concurrency runs them side by side); without one, each is typed into the box in turn.
  const nextSearch = (fallback = data.fallbackTemplate ?? null): NextPage[] => {
    const home = state.homepage;
    const left = searches.filter((k) => !state.searched.has(k));
    if (!home || !left.length) return [];
    return (state.searchTemplate ? left : left.slice(0, 1)).map((k) => searchRequest(k, home, state, fallback));
  };
  // A failed search does not end the chain: every keyword is tried, and each leaves a snapshot.
  if (snapshot.failure || !snapshot.html) return snapshot.kind === 'search' ? nextSearch() : [];
  const $ = loadHtml(snapshot.html);
  // Read once, and only for the pages that follow links (documents, the homepage's search links).
  let read: PageLink[] | undefined;
  const links = () => (read ??= pageLinks($, snapshot.finalUrl));
  const next: NextPage[] = [];
  const add = (url: string | null, kind: PageKind, linkText: string | null): boolean => {
    if (!url) return false;
    const key = pageKey(url, searches);
    if (state.seen.has(key) || state.sampled >= options.maxPages) return false;
    state.seen.add(key);
    state.sampled++;
    next.push({ url, uniqueKey: key, data: { id: state.nextId(), kind, depth: data.depth + 1, via: snapshot.id, linkText, query: null } });
    return true;
  };

  // A shop's licence page is for the seller checks, which asked for the shop.
  const documents = snapshot.kind === 'shop' ? ['licence'] : (DOCUMENT_KINDS[snapshot.kind] ?? []).filter((k) => options.pageKinds.has(k));
  if (documents.length) {
    const perKind = new Map<PageKind, number>();
    const limit = snapshot.kind === 'shop' ? 1 : options.maxLinksPerKind;
    for (const link of links()) {
      // A link to the regulator's own licence system is a badge, not a page to fetch.
      if (!link.url || !link.kind || link.licenceSystem || !documents.includes(link.kind)) continue;
      const count = perKind.get(link.kind) ?? 0;
      if (count < limit && add(link.url, link.kind, link.text || null)) perKind.set(link.kind, count + 1);
    }
  }

  // The first search reveals the search URL the others can reuse (unless a profile gave it).
  if (snapshot.kind === 'homepage' && searches.length) {
    state.homepage = { id: snapshot.id, url: snapshot.finalUrl };
    next.push(...nextSearch(searchTemplateFromLinks(links().map((l) => l.url ?? ''))));
  }

  if (snapshot.kind === 'search' && snapshot.query) {
    if (data.interact && !state.searchTemplate) state.searchTemplate = templateFromResult(snapshot.finalUrl, snapshot.query);
    next.push(...nextSearch());
    if (options.pageKinds.has('product') && options.keywords.includes(snapshot.query)) {
      const items = listingZones($, snapshot.finalUrl).flatMap((zone) => zone.items.map((item) => ({ item, flagged: promotionSignals(item, zone).length > 0 || selfOperatedMarks(item).length > 0 })));
      // A merchant card (services platforms list merchants with their deals): the merchant is the
      // shop, and each of its first deals a product page. Returns the product pages queued.
      const sample = (item: ListingItem): number => {
        if (!item.url || !isShopLink(item.title, item.url)) return Number(add(item.url, 'product', item.title || null));
        if (options.pageKinds.has('shop') && state.shops < options.shopSample && add(item.url, 'shop', item.title || null)) state.shops++;
        return item.offers.slice(0, OFFERS_PER_CARD).filter((deal) => add(deal.url, 'product', deal.title || null)).length;
      };
      for (const { item } of items.filter((i) => i.flagged)) sample(item);
      for (const { item } of items.filter((i) => !i.flagged)) {
        if (state.products >= options.productSample) break;
        state.products += sample(item);
      }
    }
  }

  if (snapshot.kind === 'product' && options.pageKinds.has('shop') && state.shops < options.shopSample) {
    const shop = shopLinks($, snapshot.finalUrl)[0];
    if (shop && add(shop.url, 'shop', shop.text || null)) state.shops++;
  }
  return next;
}
