// One platform's visit: a Crawlee crawler of its own (own in-memory queue, per-host politeness,
// retries) that captures the homepage and follows from each page what the checks need
// (follow.ts): documents one click deep (two through a rules centre), probe searches, sampled
// products, their shops and the shops' licence pages. Returns every snapshot.
//
// The pages are loaded in a few tabs kept for the whole visit (tabs.ts), in a browser context of
// the platform's own, in the scan's one browser: a tab opened and closed for every page, as
// Crawlee's PlaywrightCrawler does, cost Chromium more CPU than loading the page and its screenshot.
import { randomUUID } from 'node:crypto';
import { BasicCrawler, Configuration, RequestQueue, log as crawleeLog } from 'crawlee';
import type { PageKind, PlatformRecord, Snapshot } from '../../rules/types.js';
import { BrowserSession } from '../browser/session.js';
import type { EvidenceBundle } from '../evidence/bundle.js';
import { capturePage, failedSnapshot, withTimeout, type PageRequest } from './capture.js';
import { failureFromError } from './failures.js';
import { captureEnvironment, ServerIdentities } from './provenance.js';
import { FollowState, followFrom, plannedSearches, type FollowOptions, type RequestData } from './follow.js';
import type { VisitOptions } from './options.js';
import { searchOnPage, searchUrlFor } from './search.js';
import { loadInto, Tabs, type Tab } from './tabs.js';

crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

/** What the selected checks need from this platform's visit. */
export interface VisitTarget {
  pageKinds: ReadonlySet<PageKind>;
  /** Keywords the checks need searched besides the probes. */
  queries: readonly string[];
  profile?: FollowOptions['profile'];
}

export interface Visit {
  snapshots: Promise<Snapshot[]>;
  /** Stops the visit: pages under way are abandoned, the snapshots so far are returned. */
  abort(): void;
}

/** Crawlee's own bound on a page, past the visit's: the visit's bounds close the tab first. */
const HANDLER_MARGIN_SECS = 15;

/** A search request on a homepage without a search box: its keywords are recorded as not searched, nothing is captured. */
const NO_SEARCH_BOX = Symbol('no search box');

/** Slots of a visit queue's cache of requests already queued: far more than a visit's page budget and searches. */
const SEEN_CACHE_SLOTS = 4_096;

/**
 * A request queue for one visit. Crawlee gives every queue a cache of a million slots for telling
 * a request already queued (two arrays of 8 MB, requestSeenCache in crawlee 3.18), sized for crawls
 * of millions of URLs: with eleven platforms visited at once they were 170 MB of Node's 250 MB live
 * heap, and V8 lets the heap grow to a few times what is live. A slot missed costs a re-submission,
 * which the queue refuses by its unique key anyway.
 */
async function visitQueue(config: Configuration): Promise<RequestQueue> {
  const queue = await RequestQueue.open(`visit-${randomUUID()}`, { config });
  const q = queue as unknown as { requestSeenCache: object };
  q.requestSeenCache = new (q.requestSeenCache.constructor as new (slots: number) => object)(SEEN_CACHE_SLOTS);
  return queue;
}

/** Visits a platform in `session`'s browser, or in a browser of its own started and closed for it. */
export function visitPlatform(platform: PlatformRecord, bundle: EvidenceBundle, options: VisitOptions, target: VisitTarget, session?: BrowserSession): Visit {
  let crawler: BasicCrawler | undefined;
  let aborted = false;
  const snapshots = (async () => {
    const browsers = session ?? new BrowserSession();
    // systemInfoIntervalMillis: Crawlee's autoscaling reads the memory of every process with
    // `ps -A` once a second a crawler, eleven times a second with eleven platforms at once; the
    // concurrency here is fixed (min = max), so once a minute is plenty.
    const config = new Configuration({ persistStorage: false, purgeOnStart: false, systemInfoIntervalMillis: 60_000 });
    const queue = await visitQueue(config);
    // By request: a retried request is captured again, and a request whose handler fails after
    // its capture (a timeout while following links) must not lose that capture to the failure.
    const captured = new Map<string, Snapshot>();
    const keep = (s: Snapshot) => {
      const earlier = captured.get(s.id);
      if (!earlier || earlier.failure || !s.failure) captured.set(s.id, s);
    };
    const follow: FollowOptions = { ...options, ...target };
    const planned = plannedSearches(follow);
    const state = new FollowState(platform.url, target.profile);
    const startedAt = new Map<string, string>();
    const requestOf = (url: string, data: RequestData): PageRequest => ({ ...data, requestedUrl: url, startedAt: startedAt.get(data.id) ?? new Date().toISOString() });

    const followUp = async (snapshot: Snapshot, data: RequestData) => {
      // A hash route (#/item/1) is a page of its own: its fragment is kept in the request.
      for (const next of followFrom(snapshot, data, state, follow)) await queue.addRequest({ url: next.url, uniqueKey: next.uniqueKey, keepUrlFragment: true, userData: next.data });
    };

    /** Loads the request into the tab and captures it, within the page's time; a search without a box records its keywords as not searched. */
    const loadAndCapture = async (tab: Tab, url: string, data: RequestData, files: EvidenceBundle): Promise<Snapshot | typeof NO_SEARCH_BOX> => {
      // Return as soon as the response starts; capturePage waits for the page with its own
      // bounds, so a page that never finishes loading is still captured as far as it got.
      const response = await loadInto(tab, url, options.navigationTimeoutSecs * 1000);
      const handle = async (): Promise<Snapshot | typeof NO_SEARCH_BOX> => {
        if (data.interact && data.query) {
          const found = await searchOnPage(tab.page, data.query, target.profile, options.capture.settleTimeoutMs);
          if (!found && data.fallbackTemplate) await loadInto(tab, searchUrlFor(data.fallbackTemplate, data.query), options.navigationTimeoutSecs * 1000);
          else if (!found) {
            const failure = { reason: 'page-kind-not-found', message: 'no search box or search link found on the homepage' } as const;
            for (const query of planned.slice(planned.indexOf(data.query))) {
              keep(failedSnapshot(requestOf(url, { ...data, id: query === data.query ? data.id : state.nextId(), query }), failure, files));
            }
            return NO_SEARCH_BOX;
          }
        }
        const itemSelector = data.kind === 'search' ? (target.profile?.resultItem ?? null) : null;
        return capturePage(tab.page, tab.document ?? response, requestOf(url, data), files, options.capture, { itemSelector, watch: tab.watch, ...provenance });
      };
      return withTimeout(handle(), options.pageTimeoutSecs * 1000, 'handling the page');
    };

    await queue.addRequest({ url: platform.url, uniqueKey: platform.url, userData: { id: state.nextId(), kind: 'homepage', depth: 0, via: null, linkText: null, query: null } satisfies RequestData });
    // One browser context for the visit, as one visitor browsing the platform.
    const browser = await browsers.browser();
    const context = await browser.newContext({ userAgent: options.userAgent });
    const provenance = { servers: new ServerIdentities(), environment: await captureEnvironment(browser.version()) };
    const tabs = new Tabs(context);
    crawler = new BasicCrawler(
      {
        requestQueue: queue,
        // An inspection names itself: no session rotation on blocking.
        useSessionPool: false,
        // Autoscaling would start at one page and take seconds to reach the per-host limit.
        minConcurrency: options.concurrencyPerHost,
        maxConcurrency: options.concurrencyPerHost,
        maxRequestsPerMinute: options.requestsPerMinute,
        // A guard: the sample is bounded as it is queued (follow.ts), the searches on top of it.
        maxRequestsPerCrawl: options.maxPages + planned.length,
        maxRequestRetries: 1,
        requestHandlerTimeoutSecs: options.navigationTimeoutSecs + options.pageTimeoutSecs + HANDLER_MARGIN_SECS,
        requestHandler: async ({ request }) => {
          const data = request.userData as RequestData;
          startedAt.set(data.id, new Date().toISOString());
          const tab = await tabs.take();
          // Given up on (timed out), an attempt may still be running: it writes nothing more.
          const attempt = new AbortController();
          let outcome: Snapshot | typeof NO_SEARCH_BOX | null = null;
          try {
            outcome = await loadAndCapture(tab, request.url, data, bundle.until(attempt.signal)).catch((error: unknown) => {
              attempt.abort();
              throw error;
            });
          } finally {
            // A tab whose page failed in any way (a hung script, a storm of dialogs) is not trusted with the next.
            tabs.give(tab, outcome === NO_SEARCH_BOX || (outcome !== null && !outcome.failure));
          }
          if (outcome === NO_SEARCH_BOX) return;
          keep(outcome);
          await followUp(outcome, data);
        },
        failedRequestHandler: async ({ request }, error) => {
          const data = request.userData as RequestData;
          const snapshot = failedSnapshot(requestOf(request.url, data), failureFromError(error), bundle);
          keep(snapshot);
          await followUp(snapshot, data);
        },
      },
      config,
    );
    try {
      if (!aborted) await crawler.run();
    } finally {
      await crawler.teardown().catch(() => undefined);
      await queue.drop().catch(() => undefined);
      await context.close().catch(() => undefined);
      if (!session) await browsers.close();
    }
    // A keyword the visit meant to search but never reached is recorded, so no check takes the
    // searches it has for all there were.
    if (state.homepage) {
      const searched = new Set([...captured.values()].filter((s) => s.kind === 'search').map((s) => s.query));
      const failure = aborted
        ? ({ reason: 'interrupted', message: 'the visit was stopped before this search' } as const)
        : ({ reason: 'page-budget', message: `the visit reached its limit of ${options.maxPages + planned.length} requests before this search` } as const);
      for (const query of planned.filter((q) => !searched.has(q))) {
        keep(failedSnapshot(requestOf(state.homepage.url, { id: state.nextId(), kind: 'search', depth: 1, via: state.homepage.id, linkText: null, query }), failure, bundle));
      }
    }
    return [...captured.values()].sort((a, b) => a.id.localeCompare(b.id));
  })();
  return {
    snapshots,
    abort() {
      aborted = true;
      void crawler?.autoscaledPool?.abort();
    },
  };
}
