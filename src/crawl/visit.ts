// One platform's visit: a Crawlee PlaywrightCrawler of its own (own in-memory queue, own
// browser) that captures the homepage and follows from each page what the checks need
// (follow.ts): documents one click deep (two through a rules centre), probe searches, sampled
// products, their shops and the shops' licence pages. Returns every snapshot.
import { randomUUID } from 'node:crypto';
import { Configuration, PlaywrightCrawler, RequestQueue, log as crawleeLog } from 'crawlee';
import { chromium, type Dialog, type Page, type Response } from 'playwright-core';
import type { PageKind, PlatformRecord, Snapshot } from '../../rules/types.js';
import { launchOptions } from '../browser/chromium.js';
import type { EvidenceBundle } from '../evidence/bundle.js';
import { capturePage, failedSnapshot, type PageRequest } from './capture.js';
import { failureFromError, type PageWatch } from './failures.js';
import { FollowState, followFrom, plannedSearches, type FollowOptions, type RequestData } from './follow.js';
import type { VisitOptions } from './options.js';
import { searchOnPage, searchUrlFor } from './search.js';

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

export function visitPlatform(platform: PlatformRecord, bundle: EvidenceBundle, options: VisitOptions, target: VisitTarget): Visit {
  let crawler: PlaywrightCrawler | undefined;
  let aborted = false;
  const snapshots = (async () => {
    const config = new Configuration({ persistStorage: false, purgeOnStart: false });
    const queue = await RequestQueue.open(`visit-${randomUUID()}`, { config });
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
    // The newest main-document response of each tab: a search typed into a box navigates (or not)
    // after Crawlee's own navigation.
    const documents = new WeakMap<Page, Response>();
    const watches = new WeakMap<Page, PageWatch>();
    const requestOf = (url: string, data: RequestData): PageRequest => ({ ...data, requestedUrl: url, startedAt: startedAt.get(data.id) ?? new Date().toISOString() });

    const followUp = async (snapshot: Snapshot, data: RequestData) => {
      // A hash route (#/item/1) is a page of its own: its fragment is kept in the request.
      for (const next of followFrom(snapshot, data, state, follow)) await queue.addRequest({ url: next.url, uniqueKey: next.uniqueKey, keepUrlFragment: true, userData: next.data });
    };

    await queue.addRequest({ url: platform.url, uniqueKey: platform.url, userData: { id: state.nextId(), kind: 'homepage', depth: 0, via: null, linkText: null, query: null } satisfies RequestData });
    crawler = new PlaywrightCrawler(
      {
        requestQueue: queue,
        // One browser context for the visit, as one visitor browsing the platform: a fresh
        // incognito context a page cost a renderer process each and halved the pages a second.
        launchContext: { launcher: chromium, launchOptions: launchOptions(), userAgent: options.userAgent, useIncognitoPages: false },
        // An inspection names itself: no fingerprint disguise, no session rotation on blocking.
        browserPoolOptions: { useFingerprints: false },
        useSessionPool: false,
        persistCookiesPerSession: false,
        // Autoscaling would start at one page and take seconds to reach the per-host limit.
        minConcurrency: options.concurrencyPerHost,
        maxConcurrency: options.concurrencyPerHost,
        maxRequestsPerMinute: options.requestsPerMinute,
        // A guard: the sample is bounded as it is queued (follow.ts), the searches on top of it.
        maxRequestsPerCrawl: options.maxPages + planned.length,
        maxRequestRetries: 1,
        navigationTimeoutSecs: options.navigationTimeoutSecs,
        requestHandlerTimeoutSecs: options.pageTimeoutSecs,
        preNavigationHooks: [
          ({ page, request }, gotoOptions) => {
            startedAt.set((request.userData as RequestData).id, new Date().toISOString());
            // Return as soon as the response starts; capturePage waits for the page with its own
            // bounds, so a page that never finishes loading is still captured as far as it got.
            if (gotoOptions) gotoOptions.waitUntil = 'commit';
            const tab = page as Page;
            const watch: PageWatch = { documents: 0, dialogs: 0, dialogMessages: [], popups: 0 };
            watches.set(tab, watch);
            tab.on('dialog', (dialog: Dialog) => {
              if (++watch.dialogs <= 10) watch.dialogMessages.push(`${dialog.type()}: ${dialog.message().slice(0, 100)}`);
              // Dismissing a beforeunload dialog would keep the tab on the page it is leaving.
              void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
            });
            tab.on('popup', (popup: Page) => {
              watch.popups++;
              void popup.close().catch(() => undefined);
            });
            tab.on('response', (r: Response) => {
              if (!r.request().isNavigationRequest() || r.frame() !== tab.mainFrame()) return;
              documents.set(tab, r);
              watch.documents++;
            });
          },
        ],
        requestHandler: async ({ page, request, response }) => {
          const data = request.userData as RequestData;
          const tab = page as Page;
          if (data.interact && data.query) {
            const found = await searchOnPage(tab, data.query, target.profile, options.capture.settleTimeoutMs);
            if (!found && data.fallbackTemplate) await tab.goto(searchUrlFor(data.fallbackTemplate, data.query), { waitUntil: 'commit', timeout: options.navigationTimeoutSecs * 1000 });
            else if (!found) {
              // Without a search box no keyword can be searched: each is recorded as not searched.
              const failure = { reason: 'page-kind-not-found', message: 'no search box or search link found on the homepage' } as const;
              for (const query of planned.slice(planned.indexOf(data.query))) {
                keep(failedSnapshot(requestOf(request.url, { ...data, id: query === data.query ? data.id : state.nextId(), query }), failure, bundle));
              }
              return;
            }
          }
          const itemSelector = data.kind === 'search' ? (target.profile?.resultItem ?? null) : null;
          const watch = watches.get(tab) ?? { documents: 1, dialogs: 0, dialogMessages: [], popups: 0 };
          const snapshot = await capturePage(tab, documents.get(tab) ?? response ?? null, requestOf(request.url, data), bundle, options.capture, { itemSelector, watch });
          keep(snapshot);
          await followUp(snapshot, data);
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
